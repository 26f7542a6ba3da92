"""Queue health numbers for staff."""
from flask import render_template

from forum.models.enums import Role
from forum.permissions import role_required
from moderation import bp
from moderation.services.health import queue_health


@bp.get("/health")
@role_required(Role.STAFF, Role.ADMIN)
def health():
    """Staff see what is waiting, for how long, and how fast questions get answered."""
    return render_template("moderation/health.html", health=queue_health())
