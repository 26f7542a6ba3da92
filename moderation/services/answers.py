"""Clinician answers: writing one from the queue, editing it (with history), and the
second clinician's sign-off that high-risk topics need before an answer publishes."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import signals
from forum.extensions import db
from forum.models import Answer, AnswerRevision, Question
from forum.models.base import utcnow
from forum.models.enums import AnswerStatus, ItemAction, ItemKind, ItemResolution, QuestionStatus
from forum.permissions import PermissionDenied, can_answer
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.listing import sync_listing
from forum.services.policies import require_current_policies
from moderation.models import ReviewItem
from moderation.services.actions import mark_question_published, tell_author
from moderation.services.item_actions import require_action
from moderation.services.claims import resolve_item
from moderation.services.resources import check_attachable
from moderation.services.review_cycle import mark_answer_reviewed

MAX_ANSWER = 20_000


def needs_signoff(question: Question) -> bool:
    return any(topic.high_risk for topic in question.topics)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the answer before publishing it."), field="body")
    if len(body) > MAX_ANSWER:
        raise DomainError(f"Keep the answer to {MAX_ANSWER:,} characters or fewer.", field="body")
    return body


def _attach(question: Question, resource_ids) -> list:
    resources = check_attachable(resource_ids or [])
    topic_ids = {topic.id for topic in question.topics}
    for resource in resources:
        if not topic_ids & {topic.id for topic in resource.topics}:
            raise DomainError(f"“{resource.title}” is not in the library for this question's topics.",
                              field="resources")
    return resources


def answer_question(actor, question: Question, *, body: str, resource_ids=(),
                    item: ReviewItem | None = None, version=None) -> Answer:
    """A verified clinician (can_answer) answers a question, from its queue item (which
    they must hold) or, once published, from the unanswered list.

    On a high-risk topic the answer waits as "pending_signoff" with a "signoff" review
    item; otherwise it publishes at once: the question becomes "answered" (answered_at
    set on the first answer), listings sync and the author is told. A pending question is
    published first. Audit "answer.create". Raises PermissionDenied, ItemConflict, DomainError.
    """
    if not can_answer(actor):
        raise PermissionDenied()
    require_current_policies(actor)
    if item is not None:
        require_action(actor, item, version, ItemAction.ANSWER)
        if item.question_id != question.id:
            raise DomainError(_("Answers are written on questions waiting for review."))
    elif question.status not in (QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED):
        raise DomainError(_("This question is not open for answers."))
    if question.status not in (QuestionStatus.PENDING, QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED):
        raise DomainError(_("This question is not open for answers."))
    body = _clean_body(body)
    resources = _attach(question, resource_ids)
    if question.status == QuestionStatus.PENDING:
        mark_question_published(question)
        record_audit(actor, "question.publish", "question", question.id,
                     from_status=QuestionStatus.PENDING, to_status=QuestionStatus.PUBLISHED)
    signoff = needs_signoff(question)
    now = utcnow()
    answer = Answer(question_id=question.id, question=question, clinician_id=actor.id, body_md=body,
                    body_html=render_markdown(body), created_at=now, language=question.language,
                    status=AnswerStatus.PENDING_SIGNOFF if signoff else AnswerStatus.PUBLISHED)
    answer.resources = resources
    if not signoff:
        mark_answer_reviewed(answer, now)
    db.session.add(answer)
    db.session.flush()
    record_audit(actor, "answer.create", "answer", answer.id, to_status=answer.status)
    if signoff:
        topic = question.primary_topic
        db.session.add(ReviewItem(kind=ItemKind.SIGNOFF, question_id=question.id, answer_id=answer.id,
                                  topic_id=topic.id, specialty_id=topic.specialty_id,
                                  note="High-risk topic: a second clinician must approve this answer."))
        sync_listing(question)
        db.session.flush()
    else:
        _answer_published(question)
    if item is not None:
        resolve_item(actor, item, version, ItemResolution.ANSWERED)
    return answer


def _answer_published(question: Question) -> None:
    from_status = question.status
    question.status = QuestionStatus.ANSWERED
    question.answered_at = question.answered_at or utcnow()
    question.updated_at = utcnow()
    sync_listing(question)
    if from_status != QuestionStatus.ANSWERED:
        tell_author(question, "answered", _l("A clinician has answered your question"),
                    _l("Your question has been answered"), _l("A verified clinician has answered your question."))
        signals.question_answered.send(question)


def signoff_answer(actor, item: ReviewItem, version) -> Answer:
    """A second verified clinician (not the answer's author) approves an answer waiting
    for sign-off; it publishes and the question becomes "answered". Audit "answer.signoff"."""
    if not can_answer(actor):
        raise PermissionDenied()
    require_action(actor, item, version, ItemAction.SIGNOFF)
    answer = item.answer
    answer.status = AnswerStatus.PUBLISHED
    answer.signed_off_by_id = actor.id
    answer.signed_off_at = utcnow()
    mark_answer_reviewed(answer, answer.signed_off_at)
    record_audit(actor, "answer.signoff", "answer", answer.id,
                 from_status=AnswerStatus.PENDING_SIGNOFF, to_status=AnswerStatus.PUBLISHED)
    _answer_published(answer.question)
    resolve_item(actor, item, version, ItemResolution.SIGNED_OFF)
    return answer


def can_edit_answer(user, answer: Answer) -> bool:
    return bool(can_answer(user) and answer.clinician_id == user.id and answer.status != AnswerStatus.RETIRED)


def edit_answer(actor, answer: Answer, *, body: str) -> Answer:
    """The answer's own clinician edits it; the previous text is kept as an AnswerRevision
    (staff can read the history) and the page shows "updated". Audit "answer.edit"."""
    if not can_edit_answer(actor, answer):
        raise PermissionDenied()
    body = _clean_body(body)
    if body == answer.body_md:
        raise DomainError(_("Nothing has changed."), field="body")
    db.session.add(AnswerRevision(answer_id=answer.id, body_md=answer.body_md, edited_by_id=actor.id))
    answer.body_md = body
    answer.body_html = render_markdown(body)
    answer.updated_at = utcnow()
    if answer.status == AnswerStatus.PUBLISHED:
        mark_answer_reviewed(answer, answer.updated_at)  # an update is a review
    db.session.flush()
    record_audit(actor, "answer.edit", "answer", answer.id)
    return answer


def answer_revisions(answer: Answer) -> list[AnswerRevision]:
    return list(db.session.scalars(select(AnswerRevision).where(AnswerRevision.answer_id == answer.id)
                                   .order_by(AnswerRevision.id.desc())))
