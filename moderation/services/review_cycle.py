"""The content review cycle: clinician answers and vetted resources carry "last reviewed"
and "next review due" (ANSWER_REVIEW_MONTHS, RESOURCE_REVIEW_MONTHS); past due they
return to the queue's "Review due" lane to be re-confirmed, updated or retired.

Resources are re-confirmed (re-vetted), updated and retired through the resource pages
(moderation.services.resources); answers here.
"""
from flask_babel import gettext as _
import calendar
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Answer, Question, Resource
from forum.models.base import utcnow
from forum.models.enums import AnswerStatus, QuestionStatus, ResourceStatus
from forum.permissions import PermissionDenied, can_answer, is_moderator, is_staff
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.listing import sync_listing


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` calendar months later (the month's last day if shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def mark_answer_reviewed(answer: Answer, now: datetime | None = None) -> None:
    """Set "last reviewed" now and "next review due" ANSWER_REVIEW_MONTHS on."""
    now = now or utcnow()
    answer.reviewed_at = now
    answer.review_due_at = add_months(now, current_app.config["ANSWER_REVIEW_MONTHS"])


def answer_is_due(answer: Answer, now: datetime | None = None) -> bool:
    return answer.review_due_at is not None and answer.review_due_at <= (now or utcnow())


def _shares_specialty(user, answer: Answer) -> bool:
    profile = user.clinician_profile
    mine = {specialty.id for specialty in profile.specialties} if profile is not None else set()
    return any(topic.specialty_id in mine for topic in answer.question.topics)


def can_review_answer(user, answer: Answer, now: datetime | None = None) -> bool:
    """Who may re-confirm a published answer: its author (a verified clinician) at any time;
    another verified clinician of the question's specialty once the answer is due for review
    (its author may have left). Never a clinician of another specialty, never before it is due."""
    if not (can_answer(user) and answer.status == AnswerStatus.PUBLISHED):
        return False
    return answer.clinician_id == user.id or (answer_is_due(answer, now) and _shares_specialty(user, answer))


def can_retire_answer(user, answer: Answer, now: datetime | None = None) -> bool:
    """Who may retire a published answer: staff at any time, and whoever may re-confirm it."""
    if answer.status != AnswerStatus.PUBLISHED:
        return False
    return is_staff(user) or can_review_answer(user, answer, now)


def answers_due(actor, *, now: datetime, after: tuple | None = None, limit: int = 20) -> tuple[list[Answer], bool]:
    """Published answers whose review date has passed, longest overdue first
    (moderators); keyset-paginated on (review_due_at, id). Returns (answers, more)."""
    if not is_moderator(actor):
        raise PermissionDenied()
    statement = (
        select(Answer).options(joinedload(Answer.question), joinedload(Answer.clinician))
        .where(Answer.status == AnswerStatus.PUBLISHED, Answer.review_due_at <= now)
        .order_by(Answer.review_due_at, Answer.id).limit(limit + 1))
    if after is not None:
        moment, answer_id = after
        statement = statement.where(or_(Answer.review_due_at > moment,
                                        and_(Answer.review_due_at == moment, Answer.id > answer_id)))
    rows = list(db.session.scalars(statement).unique())
    return rows[:limit], len(rows) > limit


def resources_due(actor, *, now: datetime, limit: int = 20) -> tuple[list[Resource], bool]:
    """Vetted resources past their next review date, longest overdue first (moderators; staff act)."""
    if not is_moderator(actor):
        raise PermissionDenied()
    rows = list(db.session.scalars(
        select(Resource).where(Resource.status == ResourceStatus.VETTED, Resource.next_review_at <= now)
        .order_by(Resource.next_review_at, Resource.id).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def reconfirm_answer(actor, answer: Answer) -> Answer:
    """The author, or a verified clinician of the question's specialty once it is due
    (can_review_answer), confirms a published answer is still right: reviewed now, next
    review ANSWER_REVIEW_MONTHS on. Audit "answer.reconfirm". Raises PermissionDenied."""
    if not can_review_answer(actor, answer):
        raise PermissionDenied()
    mark_answer_reviewed(answer)
    db.session.flush()
    record_audit(actor, "answer.reconfirm", "answer", answer.id, from_status=AnswerStatus.PUBLISHED, to_status=AnswerStatus.PUBLISHED)
    return answer


def retire_answer(actor, answer: Answer, *, reason: str) -> Answer:
    """Staff, the author, or a verified clinician of the question's specialty once the answer
    is due (can_retire_answer) retire an outdated published answer: it leaves the question
    page; a question left with no published answer goes back to "published" (unanswered).
    Audit "answer.retire" with the reason. Raises PermissionDenied, DomainError."""
    if not can_retire_answer(actor, answer):
        raise PermissionDenied()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this answer is retired."), field="reason")
    answer.status = AnswerStatus.RETIRED
    answer.updated_at = utcnow()
    db.session.flush()
    question: Question = answer.question
    others = db.session.scalar(select(Answer.id).where(Answer.question_id == question.id,
                                                       Answer.status == AnswerStatus.PUBLISHED).limit(1))
    if others is None and question.status == QuestionStatus.ANSWERED:
        question.status = QuestionStatus.PUBLISHED
        question.updated_at = utcnow()
        sync_listing(question)
    record_audit(actor, "answer.retire", "answer", answer.id, from_status=AnswerStatus.PUBLISHED, to_status=AnswerStatus.RETIRED,
                 reason=reason)
    return answer
