"""Turning forum events into review items in the queue (same transaction, flush only).

Receivers of question_submitted and reply_submitted return the ReviewItem they made, so
the sender can link to it (forum.services.crisis emails on-call staff that link)."""
from sqlalchemy import delete, or_

from forum import signals
from forum.extensions import db
from forum.models.enums import ItemResolution
from moderation.models import ReviewItem
from moderation.services.articles import queue_article
from moderation.services.queue import (
    close_items_for_question,
    queue_flag,
    queue_question,
    queue_reply,
)


def _on_question_submitted(question, resubmitted=False, **_):
    return queue_question(question, resubmitted=resubmitted)


def _on_reply_submitted(reply, **_):
    return queue_reply(reply)


def _on_post_flagged(flag, **_):
    queue_flag(flag)


def _on_article_submitted(article, **_):
    return queue_article(article)


def _on_question_withdrawn(question, **_):
    close_items_for_question(question, resolution=ItemResolution.WITHDRAWN)


def _on_account_deleted(user, question_ids=(), reply_ids=(), **_):
    """The member's posts are about to be deleted: their review items go first, open or done
    (the audit trail keeps the record of what was decided)."""
    if question_ids or reply_ids:
        db.session.execute(delete(ReviewItem).where(or_(ReviewItem.question_id.in_(list(question_ids)),
                                                        ReviewItem.reply_id.in_(list(reply_ids)))))


def connect() -> None:
    """The receivers, for the life of the process (forum.signals.connect_receivers)."""
    signals.connect_receivers(
        (signals.question_submitted, _on_question_submitted), (signals.reply_submitted, _on_reply_submitted),
        (signals.post_flagged, _on_post_flagged), (signals.question_withdrawn, _on_question_withdrawn),
        (signals.account_deleted, _on_account_deleted), (signals.article_submitted, _on_article_submitted))
