"""In-app notifications. Other packages (moderation) call notify() too and add email on top."""
from sqlalchemy import update

from forum.extensions import db
from forum.models import Notification
from forum.models.base import utcnow


def notify(user_id: int, kind: str, message: str, question_id: int | None = None) -> Notification:
    """Add an unread notification for a user (flush only). No permission: callers decide.

    `message` is shown as plain text; never put post bodies or titles in it: the page adds
    the question's current title at read time, for readers who may still see it.
    """
    notification = Notification(user_id=user_id, kind=kind, message=message, question_id=question_id)
    db.session.add(notification)
    db.session.flush()
    return notification


def mark_all_read(actor) -> int:
    """The logged-in user marks all their notifications read. Returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
