"""The queue: putting work into it (from forum's signals, inside the sender's
transaction) and reading it (the moderators' list, urgent first, then oldest first)."""
from dataclasses import dataclass

from sqlalchemy import and_, exists, false, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.models import Answer, Article, Question, Reply, Topic, clinician_specialties
from forum.models.base import utcnow
from forum.models.enums import AnswerStatus, CrisisLevel, ItemKind, ItemStatus, Language, QuestionStatus, Role
from forum.permissions import PermissionDenied, is_moderator, is_staff
from moderation.models import ITEM_KINDS, ITEM_STATUSES, ReviewItem


def _item_for_question(question, kind: str, **fields) -> ReviewItem:
    topic = question.primary_topic
    item = ReviewItem(
        kind=kind,
        question_id=question.id,
        topic_id=topic.id,
        specialty_id=topic.specialty_id,
        phi_flagged=question.phi_flagged,
        crisis_level=question.crisis_level,
        urgent=question.crisis_level != CrisisLevel.NONE,
        **fields,
    )
    db.session.add(item)
    db.session.flush()
    return item


def queue_question(question, resubmitted: bool = False) -> ReviewItem:
    """A new or resubmitted question waits for review."""
    return _item_for_question(question, ItemKind.RESUBMISSION if resubmitted else ItemKind.QUESTION)


def queue_reply(reply) -> ReviewItem:
    """A pending reply from a new member waits for approval."""
    item = _item_for_question(reply.question, ItemKind.REPLY, reply_id=reply.id)
    item.phi_flagged = reply.phi_flagged
    item.crisis_level = reply.crisis_level
    item.urgent = reply.crisis_level != CrisisLevel.NONE
    return item


def queue_flag(flag) -> ReviewItem:
    """A flagged post waits for review; "someone may be at risk" goes to the top.

    Further flags on a post that already waits join its open item (one row per post).
    """
    existing = db.session.scalar(
        select(ReviewItem).where(ReviewItem.kind == ItemKind.FLAG, ReviewItem.status == ItemStatus.OPEN,
                                 ReviewItem.question_id == flag.question_id,
                                 ReviewItem.reply_id.is_(None) if flag.reply_id is None
                                 else ReviewItem.reply_id == flag.reply_id)
    )
    if existing is not None:
        existing.note = f"{existing.note}; {flag.reason_label}" if existing.note else flag.reason_label
        existing.urgent = existing.urgent or flag.reason == "at_risk"
        existing.version += 1
        db.session.flush()
        return existing
    question = db.session.get(Question, flag.question_id)
    item = _item_for_question(question, ItemKind.FLAG, reply_id=flag.reply_id, note=flag.reason_label)
    item.urgent = item.urgent or flag.reason == "at_risk"
    db.session.flush()
    return item


def close_items_for_question(question, resolution: str) -> None:
    db.session.execute(
        update(ReviewItem)
        .where(ReviewItem.question_id == question.id, ReviewItem.status == ItemStatus.OPEN)
        .values(status=ItemStatus.DONE, resolution=resolution, resolved_at=utcnow(), version=ReviewItem.version + 1)
    )


# -- reading the queue -------------------------------------------------------------------

@dataclass
class QueueFilters:
    kind: str | None = None
    topic_id: int | None = None
    # "mine" (the actor's specialties), "all", or a specialty id as text.
    specialty: str = "all"
    status: str = ItemStatus.OPEN
    claimed_by_me: bool = False
    # Only items about posts written in this language (Question.language); None: every language.
    language: str | None = None


def default_specialty_filter(actor) -> str:
    """Clinicians start on their own specialties; staff see everything."""
    return "mine" if actor.role == Role.CLINICIAN else "all"


def queue_page(actor, filters: QueueFilters, *, after_id: int | None = None,
               limit: int = 20) -> tuple[list[ReviewItem], bool]:
    """One page of review items the actor may see (moderators; escalations staff only),
    urgent first, then oldest first; keyset-paginated after the item `after_id`.
    Returns (items, more). A constant number of queries whatever the page size."""
    if not is_moderator(actor):
        raise PermissionDenied()
    statement = (
        select(ReviewItem)
        .options(joinedload(ReviewItem.topic), joinedload(ReviewItem.specialty),
                 joinedload(ReviewItem.claimed_by), joinedload(ReviewItem.resolved_by),
                 selectinload(ReviewItem.reply).load_only(Reply.id, Reply.body_md),
                 joinedload(ReviewItem.question).load_only(Question.id, Question.title),
                 joinedload(ReviewItem.article).load_only(Article.id, Article.title))
        .where(ReviewItem.status == (filters.status if filters.status in ITEM_STATUSES else ItemStatus.OPEN))
        .order_by(ReviewItem.urgent.desc(), ReviewItem.created_at, ReviewItem.id)
        .limit(limit + 1)
    )
    if not is_staff(actor):
        statement = statement.where(ReviewItem.kind.not_in((ItemKind.ESCALATION, ItemKind.ARTICLE_APPROVAL)))
        # An article's sign-off is listed only to those who may hold it (can_work_item): a
        # clinician of its specialty who is not its author.
        statement = statement.where(or_(ReviewItem.kind != ItemKind.ARTICLE_SIGNOFF, and_(
            ReviewItem.specialty_id.in_(select(clinician_specialties.c.specialty_id)
                                        .where(clinician_specialties.c.clinician_id == actor.id)),
            ~exists().where(Article.id == ReviewItem.article_id, Article.author_id == actor.id))))
    if filters.kind in ITEM_KINDS:
        statement = statement.where(ReviewItem.kind == filters.kind)
    if filters.topic_id:
        statement = statement.where(ReviewItem.topic_id == filters.topic_id)
    if filters.specialty == "mine":
        statement = statement.where(ReviewItem.specialty_id.in_(
            select(clinician_specialties.c.specialty_id)
            .where(clinician_specialties.c.clinician_id == actor.id)))
    elif isinstance(filters.specialty, int):
        statement = statement.where(ReviewItem.specialty_id == filters.specialty)
    if filters.claimed_by_me:
        statement = statement.where(ReviewItem.claimed_by_id == actor.id, ReviewItem.claimed_until > utcnow())
    if filters.language in set(Language):
        statement = statement.where(ReviewItem.question_id.in_(
            select(Question.id).where(Question.language == filters.language)))
    if after_id is not None:
        last = db.session.get(ReviewItem, after_id)
        if last is not None:
            later = and_(ReviewItem.urgent.is_(last.urgent), or_(
                ReviewItem.created_at > last.created_at,
                and_(ReviewItem.created_at == last.created_at, ReviewItem.id > last.id)))
            # Urgent items come first, so after an urgent one every non-urgent item follows.
            statement = statement.where(or_(later, ReviewItem.urgent.is_(False)) if last.urgent else later)
        else:
            statement = statement.where(false())
    rows = list(db.session.scalars(statement).unique())
    return rows[:limit], len(rows) > limit


def unanswered_questions(actor, *, after: tuple | None = None, limit: int = 20) -> tuple[list[Question], bool]:
    """Published questions no clinician has answered yet, oldest first (moderators)."""
    if not is_moderator(actor):
        raise PermissionDenied()
    statement = (
        select(Question)
        .options(joinedload(Question.primary_topic).joinedload(Topic.specialty))
        .where(Question.status == QuestionStatus.PUBLISHED,
               ~exists().where(Answer.question_id == Question.id, Answer.status == AnswerStatus.PUBLISHED))
        .order_by(Question.published_at, Question.id)
        .limit(limit + 1)
    )
    if after is not None:
        moment, question_id = after
        statement = statement.where(or_(Question.published_at > moment,
                                        and_(Question.published_at == moment, Question.id > question_id)))
    rows = list(db.session.scalars(statement).unique())
    return rows[:limit], len(rows) > limit


def item_view_to_record(actor, item: ReviewItem) -> tuple | None:
    """Opening a pending or hidden post's page is itself audited ("access.view"): the
    arguments for forum.services.privacy.record_view, queued by the view after the
    response (the GET writes nothing), or None."""
    if item.is_article:
        return None  # an article in review is its author's draft for the reviewers, not a member's post
    statuses = {item.question.status}
    if item.reply is not None:
        statuses.add(item.reply.status)
    if item.answer is not None:
        statuses.add(item.answer.status)
    if statuses & {QuestionStatus.PENDING, QuestionStatus.HIDDEN, QuestionStatus.RETURNED, AnswerStatus.PENDING_SIGNOFF}:
        return actor.id, item.post_kind, item.post.id, None, f"review item {item.id}"
    return None
