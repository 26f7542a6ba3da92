"""Putting work into the queue. Called from forum's signals inside the sender's transaction."""
from sqlalchemy import update

from forum.extensions import db
from forum.models import Question
from forum.models.base import utcnow
from moderation.models import ReviewItem


def _item_for_question(question, kind: str, **fields) -> ReviewItem:
    topic = question.primary_topic
    item = ReviewItem(
        kind=kind,
        question_id=question.id,
        topic_id=topic.id,
        specialty_id=topic.specialty_id,
        phi_flagged=question.phi_flagged,
        crisis_level=question.crisis_level,
        urgent=question.crisis_level != "none",
        **fields,
    )
    db.session.add(item)
    db.session.flush()
    return item


def queue_question(question, resubmitted: bool = False) -> ReviewItem:
    """A new or resubmitted question waits for review."""
    return _item_for_question(question, "resubmission" if resubmitted else "question")


def queue_reply(reply) -> ReviewItem:
    """A pending reply from a new member waits for approval."""
    item = _item_for_question(reply.question, "reply", reply_id=reply.id)
    item.phi_flagged = reply.phi_flagged
    item.crisis_level = reply.crisis_level
    item.urgent = reply.crisis_level != "none"
    return item


def queue_flag(flag) -> ReviewItem:
    """A flagged post waits for review; "someone may be at risk" goes to the top."""
    question = db.session.get(Question, flag.question_id)
    item = _item_for_question(question, "flag", reply_id=flag.reply_id, note=flag.reason_label)
    item.urgent = item.urgent or flag.reason == "at_risk"
    return item


def close_items_for_question(question, resolution: str) -> None:
    db.session.execute(
        update(ReviewItem)
        .where(ReviewItem.question_id == question.id, ReviewItem.status == "open")
        .values(status="done", resolution=resolution, resolved_at=utcnow(), version=ReviewItem.version + 1)
    )
