"""Email digests: newly answered questions on the topics and questions a member follows.

`flask notify digest --period daily|weekly` walks the members who chose that period in
keyset batches and commits after each batch; each member's last_digest_at moves to the
run's start, so running it again sends nothing new.
"""
from flask_babel import gettext as _
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from forum.platform.i18n import in_language_of
from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models.enums import AccountStatus, DigestPeriod, QuestionStatus
from forum.platform.mail import queue_email, question_title
from forum.models import DigestSetting, Question, QuestionTopic, Subscription, User
from forum.services import DomainError
from forum.services.subscriptions import unsubscribe_token

PERIODS = {DigestPeriod.DAILY: timedelta(days=1), DigestPeriod.WEEKLY: timedelta(days=7)}
MAX_LISTED = 20


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise DomainError(_("The period must be daily or weekly."))


def count_subscribers(period: str) -> int:
    _check_period(period)
    return db.session.scalar(select(func.count()).select_from(DigestSetting).where(DigestSetting.period == period))


def subscriber_batches(period: str, batch_size: int = 200):
    """Lists of (setting, user) for active members with an address, in user id order."""
    _check_period(period)
    last_id = 0
    while True:
        rows = db.session.execute(
            select(DigestSetting, User).join(User, User.id == DigestSetting.user_id)
            .where(DigestSetting.period == period, DigestSetting.user_id > last_id)
            .order_by(DigestSetting.user_id).limit(batch_size)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0].user_id
        yield [(setting, user) for setting, user in rows]


def newly_answered_for(user: User, since: datetime, until: datetime) -> list[Question]:
    """Answered questions the user follows, directly or by topic, answered in (since, until]."""
    followed_topics = select(Subscription.topic_id).where(Subscription.user_id == user.id,
                                                          Subscription.topic_id.is_not(None))
    followed_questions = select(Subscription.question_id).where(Subscription.user_id == user.id,
                                                                Subscription.question_id.is_not(None))
    on_followed_topic = select(QuestionTopic.question_id).where(QuestionTopic.topic_id.in_(followed_topics))
    return list(db.session.scalars(
        select(Question).where(Question.status == QuestionStatus.ANSWERED, Question.visible_to(user), Question.answered_at > since,
                               Question.answered_at <= until,
                               or_(Question.id.in_(followed_questions), Question.id.in_(on_followed_topic)))
        .order_by(Question.answered_at.desc(), Question.id.desc()).limit(MAX_LISTED + 1)
    ))


def send_digest(setting: DigestSetting, user: User, period: str, now: datetime) -> bool:
    """Queue one member's digest email if anything new was answered (flush only); always
    moves last_digest_at to `now`. Returns whether an email was queued."""
    since = setting.last_digest_at or (now - PERIODS[period])
    setting.last_digest_at = now
    if user.status != AccountStatus.ACTIVE or not user.email:
        db.session.flush()
        return False
    questions = newly_answered_for(user, since, now)
    if not questions:
        db.session.flush()
        return False
    organisation = current_app.config["ORGANISATION_NAME"]
    with in_language_of(user):
        lines = [_("Hello %(pseudonym)s,", pseudonym=user.pseudonym), "",
                 _("Questions you follow on %(organisation)s that a clinician has answered since your last digest:",
                   organisation=organisation), ""]
        for question in questions[:MAX_LISTED]:
            lines += [f"- {question_title(question.id)}", f"  {absolute_url('questions.show', question_id=question.id)}"]
        if len(questions) > MAX_LISTED:
            lines += ["", _("…and more on the site.")]
        lines += ["", _("Answers are general information, not personal medical advice."), "",
                  _("Change what you follow: %(link)s", link=absolute_url("subscriptions.index")),
                  _("Stop these emails: %(link)s",
                    link=absolute_url("subscriptions.unsubscribe", token=unsubscribe_token(user.id)))]
        subject = (_("Newly answered questions you follow (daily digest)") if period == DigestPeriod.DAILY
                   else _("Newly answered questions you follow (weekly digest)"))
        queue_email(user.email, subject, "\n".join(lines), user_id=user.id)
    return True
