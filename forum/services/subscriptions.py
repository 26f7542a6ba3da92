"""Following topics and questions, the digest setting, signed unsubscribe links, and
telling followers when a question they follow (or one on a topic they follow) is answered.

Following is a personal preference, not a moderation action, so nothing here is audited.
"""
from flask_babel import gettext as _
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, or_, select

from forum import signals
from forum.extensions import db
from forum.models import DigestSetting, Question, QuestionTopic, Subscription, Topic, User
from forum.models.enums import AccountStatus, DigestPeriod
from forum.models.subscriptions import DIGEST_PERIODS
from forum.permissions import PermissionDenied, can_view_question
from forum.services import DomainError
from forum.services.notifications import notify

UNSUBSCRIBE_SALT = "unsubscribe"


def _require_member(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied()


def follow_topic(actor, topic: Topic) -> Subscription:
    """Any logged-in user follows a condition or procedure; following twice changes nothing.
    Raises PermissionDenied, or DomainError for a retired topic."""
    _require_member(actor)
    if topic.retired_at is not None:
        raise DomainError(_("This topic is no longer in the catalogue."))
    return _follow(actor, topic_id=topic.id)


def follow_question(actor, question: Question) -> Subscription:
    """Any logged-in user who may read a published question follows it.
    Raises PermissionDenied, or DomainError if the question is not public."""
    _require_member(actor)
    if not can_view_question(actor, question):
        raise PermissionDenied()
    if not question.is_public:
        raise DomainError(_("You can follow a question once it is published."))
    return _follow(actor, question_id=question.id)


def _follow(actor, **target) -> Subscription:
    existing = db.session.scalar(Subscription.for_user(actor.id).filter_by(**target))
    if existing is not None:
        return existing
    subscription = Subscription(user_id=actor.id, **target)
    db.session.add(subscription)
    db.session.flush()
    return subscription


def unfollow_topic(actor, topic: Topic) -> bool:
    """The user stops following a topic. Returns whether they were following it."""
    _require_member(actor)
    return _unfollow(actor, Subscription.topic_id == topic.id)


def unfollow_question(actor, question: Question) -> bool:
    """The user stops following a question. Returns whether they were following it."""
    _require_member(actor)
    return _unfollow(actor, Subscription.question_id == question.id)


def _unfollow(actor, target) -> bool:
    result = db.session.execute(delete(Subscription).where(Subscription.user_id == actor.id, target))
    return bool(result.rowcount)


def is_following(user, *, topic: Topic | None = None, question: Question | None = None) -> bool:
    """For templates: does the logged-in user follow this topic or question? (one query)"""
    if not (user and user.is_authenticated):
        return False
    target = Subscription.topic_id == topic.id if topic is not None else Subscription.question_id == question.id
    return db.session.scalar(select(Subscription.id).where(Subscription.user_id == user.id, target)) is not None


def digest_period(user) -> str:
    setting = db.session.get(DigestSetting, user.id)
    return setting.period if setting else DigestPeriod.NONE


def set_digest(actor, period: str) -> DigestSetting:
    """Any logged-in user chooses a digest: none, daily or weekly. DomainError otherwise."""
    _require_member(actor)
    if period not in DIGEST_PERIODS:
        raise DomainError(_("Choose how often you would like the email."), field="period")
    setting = db.session.get(DigestSetting, actor.id)
    if setting is None:
        setting = DigestSetting(user_id=actor.id, period=period)
        db.session.add(setting)
    setting.period = period
    db.session.flush()
    return setting


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    """A signed token for the unsubscribe link in digest emails (works without logging in)."""
    return _serializer().dumps({"user": user_id, "list": "digest"})


def user_for_unsubscribe_token(token: str) -> User | None:
    """The user a genuine token names, or None for a tampered, foreign or erased one."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("list") != "digest" or not isinstance(payload.get("user"), int):
        return None
    user = db.session.get(User, payload["user"])
    return user if user is not None and user.status != AccountStatus.DELETED else None


def unsubscribe_digest(user: User) -> None:
    """Whoever holds the user's signed link stops their digest emails. Follows stay."""
    setting = db.session.get(DigestSetting, user.id)
    if setting is not None:
        setting.period = DigestPeriod.NONE
        db.session.flush()


def notify_followers(question: Question, **_) -> int:
    """Receiver of forum.signals.question_answered: an in-app notification for everyone
    following the question or one of its topics (the author is told separately).
    Returns how many were notified."""
    topic_ids = select(QuestionTopic.topic_id).where(QuestionTopic.question_id == question.id)
    follower_ids = db.session.scalars(
        select(Subscription.user_id).join(User, User.id == Subscription.user_id)
        .where(or_(Subscription.question_id == question.id, Subscription.topic_id.in_(topic_ids)),
               User.status == AccountStatus.ACTIVE)
        .distinct()
    ).all()
    count = 0
    for user_id in sorted(set(follower_ids) - {question.author_id}):
        notify(user_id, "followed_answered", "A question you follow has been answered", question_id=question.id)
        count += 1
    return count


def connect() -> None:
    signals.question_answered.connect(notify_followers)
