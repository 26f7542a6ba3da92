"""Asking, editing and withdrawing questions (the author's side of the workflow)."""
from flask_babel import format_number, gettext as _
from flask import current_app

from forum import signals
from forum.platform.i18n import content_language
from forum.extensions import db
from forum.models import Question, QuestionTopic, Topic
from forum.models.base import utcnow
from forum.models.enums import AskingFor, CrisisLevel, QuestionStatus
from forum.models.posts import ASKING_FOR, VISIBILITIES
from forum.permissions import PermissionDenied, can_ask, can_edit_question
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.accounts import require_confirmed_email
from forum.services.audit import record_audit
from forum.services.crisis import escalate_crisis, queued_item_ids
from forum.services.listing import sync_listing
from forum.services.notifications import settle_question_notices
from forum.services.policies import require_current_policies
from forum.services.post_safety import question_text, screen_post
from forum.services.submissions import add_once, find_submitted

MAX_TITLE = 200
MAX_BODY = 10_000
MAX_TOPICS = 3


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        raise DomainError(_("Give your question a title."), field="title")
    if len(title) > MAX_TITLE:
        raise DomainError(_("Keep the title to %(max)s characters or fewer.", max=format_number(MAX_TITLE)), field="title")
    if not body:
        raise DomainError(_("Add some details to your question."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("Keep the details to %(max)s characters or fewer.", max=format_number(MAX_BODY)), field="body")
    return title, body


def _resolve_topics(topic_ids) -> list[Topic]:
    """The primary topic first, then up to two more; all must be active catalogue topics."""
    ids = [topic_id for topic_id in topic_ids if topic_id is not None]
    if not ids:
        raise DomainError(_("Choose the condition or procedure your question is about."), field="primary_topic")
    if len(ids) > MAX_TOPICS:
        raise DomainError(_("Choose at most %(max)d conditions or procedures.", max=MAX_TOPICS), field="other_topic")
    if len(set(ids)) != len(ids):
        raise DomainError(_("Each condition or procedure can be chosen only once."), field="other_topic")
    found = {topic.id: topic for topic in db.session.scalars(Topic.active().where(Topic.id.in_(ids)))}
    if len(found) != len(ids):
        raise DomainError(_("Choose conditions and procedures from the list."), field="primary_topic")
    return [found[topic_id] for topic_id in ids]


def _check_choices(asking_for: str) -> None:
    if asking_for not in ASKING_FOR:
        raise DomainError(_("Say who you are asking for."), field="asking_for")


def _choose_visibility(visibility: str | None) -> str:
    """The asker's choice when ALLOW_MEMBERS_ONLY_QUESTIONS, else QUESTION_VISIBILITY_DEFAULT."""
    default = current_app.config["QUESTION_VISIBILITY_DEFAULT"]
    if visibility is None or not current_app.config["ALLOW_MEMBERS_ONLY_QUESTIONS"]:
        return default
    if visibility not in VISIBILITIES:
        raise DomainError(_("Choose who can read this question."), field="visibility")
    return visibility


def ask_question(actor, *, title: str, body: str, topic_ids, asking_for: str = AskingFor.SELF,
                 anonymous: bool = False, client_token: str | None = None,
                 phi_confirmed: str | None = None, visibility: str | None = None,
                 language: str | None = None) -> Question:
    """A member or caregiver (can_ask) asks a question; it waits for review as "pending".

    `language` is what it is written in: the form's choice, by default the asker's interface
    language (forum.platform.i18n.content_language).

    A form sent twice (same client_token) returns the question it created the first time.
    The text is screened (forum.services.post_safety): personal details raise PhiWarning
    unless `phi_confirmed` is this text's fingerprint, then mark it phi_flagged; a possible
    crisis marks crisis_level (urgent in the queue) and escalates (forum.services.crisis).
    Side effects: audit "question.ask", forum.signals.question_submitted (moderation
    queues it). Raises PermissionDenied, PhiWarning, or DomainError for policies not
    accepted or bad title, body or topics.
    """
    if not can_ask(actor):
        raise PermissionDenied()
    existing = find_submitted(Question, actor, client_token)
    if existing is not None:
        return existing
    require_confirmed_email(actor)
    require_current_policies(actor)
    title, body = _clean_text(title, body)
    topics = _resolve_topics(topic_ids)
    _check_choices(asking_for)
    visibility = _choose_visibility(visibility)
    screening = screen_post(question_text(title, body), phi_confirmed=phi_confirmed)
    now = utcnow()
    question = Question(
        author_id=actor.id, title=title, body_md=body, body_html=render_markdown(body),
        status=QuestionStatus.PENDING, asking_for=asking_for, anonymous=bool(anonymous), visibility=visibility,
        primary_topic_id=topics[0].id, primary_topic=topics[0], client_token=client_token or None,
        phi_flagged=screening.phi_flagged, crisis_level=screening.crisis_level,
        language=content_language(language), created_at=now, updated_at=now,
    )
    question.topic_links = [QuestionTopic(topic=topic, topic_id=topic.id, is_primary=index == 0,
                                          visibility=visibility) for index, topic in enumerate(topics)]
    stored = add_once(question, actor)
    if stored is not question:
        return stored
    record_audit(actor, "question.ask", "question", question.id, to_status=QuestionStatus.PENDING)
    queued = signals.question_submitted.send(question, resubmitted=False)
    if screening.crisis:
        escalate_crisis("question", question, queued_item_ids(queued))
    return question


def edit_question(actor, question: Question, *, title: str, body: str, topic_ids,
                  asking_for: str, anonymous: bool, phi_confirmed: str | None = None,
                  visibility: str | None = None, language: str | None = None) -> Question:
    """The author edits a pending or returned question (can_edit_question).

    A returned question goes back to "pending" and is resubmitted for review
    (forum.signals.question_submitted with resubmitted=True). The new text is screened as
    in ask_question(); a crisis newly found escalates. Audit "question.edit".
    Raises PermissionDenied, PhiWarning, or DomainError for bad input.
    """
    if not can_edit_question(actor, question):
        raise PermissionDenied()
    title, body = _clean_text(title, body)
    topics = _resolve_topics(topic_ids)
    _check_choices(asking_for)
    screening = screen_post(question_text(title, body), phi_confirmed=phi_confirmed)
    newly_in_crisis = screening.crisis and question.crisis_level == CrisisLevel.NONE
    question.phi_flagged = screening.phi_flagged
    question.crisis_level = screening.crisis_level
    question.title = title
    question.body_md = body
    question.body_html = render_markdown(body)
    question.asking_for = asking_for
    question.anonymous = bool(anonymous)
    if language is not None:
        question.language = content_language(language)
    if visibility is not None:
        question.visibility = _choose_visibility(visibility)
    _replace_topics(question, topics)
    question.updated_at = utcnow()
    resubmitted = question.status == QuestionStatus.RETURNED
    from_status = question.status
    if resubmitted:
        question.status = QuestionStatus.PENDING
        question.status_reason = None
    db.session.flush()
    record_audit(actor, "question.edit", "question", question.id,
                 from_status=from_status, to_status=question.status)
    if resubmitted:
        settle_question_notices(actor.id, question.id, ("returned",))
    queued = signals.question_submitted.send(question, resubmitted=True) if resubmitted else []
    if newly_in_crisis:
        escalate_crisis("question", question, queued_item_ids(queued))
    return question


def _replace_topics(question: Question, topics: list[Topic]) -> None:
    wanted = {topic.id: index for index, topic in enumerate(topics)}
    for link in list(question.topic_links):
        if link.topic_id not in wanted:
            question.topic_links.remove(link)
    db.session.flush()
    present = {link.topic_id: link for link in question.topic_links}
    for topic in topics:
        link = present.get(topic.id)
        if link is None:
            link = QuestionTopic(topic=topic, topic_id=topic.id)
            question.topic_links.append(link)
        link.is_primary = wanted[topic.id] == 0
        link.visibility = question.visibility
    question.primary_topic_id = topics[0].id
    question.primary_topic = topics[0]


def withdraw_question(actor, question: Question) -> Question:
    """The author withdraws a pending or returned question (can_edit_question).

    Side effects: audit "question.withdraw", forum.signals.question_withdrawn (open review
    items close). Raises PermissionDenied.
    """
    if not can_edit_question(actor, question):
        raise PermissionDenied()
    from_status = question.status
    question.status = QuestionStatus.WITHDRAWN
    question.updated_at = utcnow()
    sync_listing(question)
    record_audit(actor, "question.withdraw", "question", question.id,
                 from_status=from_status, to_status=QuestionStatus.WITHDRAWN)
    signals.question_withdrawn.send(question)
    return question
