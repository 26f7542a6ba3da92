"""A member's notifications: the list, opening one (marks it read) and marking all read."""
from flask_babel import gettext as _
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Notification
from forum.platform.pagination import decode_id_cursor, split_page
from forum.services.notifications import mark_all_read, open_notification

bp = Blueprint("notifications", __name__, url_prefix="/my/notifications")


@bp.get("")
@login_required
def index():
    """Any logged-in user: their notifications, newest first, unread ones marked."""
    page_size = current_app.config["PAGE_SIZE"]
    query = (Notification.for_user(current_user.id).options(selectinload(Notification.question))
             .order_by(Notification.id.desc()).limit(page_size + 1))
    older = decode_id_cursor(request.args.get("older"))
    if older is not None:
        query = query.where(Notification.id < older)
    notifications, more = split_page(db.session.scalars(query).all(), page_size)
    return render_template("notifications/index.html", notifications=notifications,
                           next_url=url_for(".index", older=notifications[-1].id) if more else None)


@bp.post("/<int:notification_id>/open", endpoint="open")
@login_required
def open_one(notification_id: int):
    """Any logged-in user opens one of their notifications: marked read, then to its question."""
    notification = open_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    if notification.question_id is None:
        return redirect(url_for(".index"))
    return redirect(url_for("questions.show", question_id=notification.question_id))


@bp.post("/read")
@login_required
def mark_all():
    """Any logged-in user marks all their notifications read."""
    mark_all_read(current_user)
    flash(_("All notifications marked as read."), "success")
    return redirect(url_for(".index"))
