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


def open_notification(actor, notification_id: int) -> Notification | None:
    """The logged-in user opens one of their own notifications: it is marked read (flush only).

    Returns None for another user's notification or one that does not exist (views 404)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def settle_question_notices(user_id: int, question_id: int, kinds: tuple[str, ...]) -> None:
    """Mark read the user's notices about a question that no longer apply (flush only): a
    "returned for edits" notice once the question has been edited and resubmitted."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.question_id == question_id,
               Notification.kind.in_(kinds), Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
