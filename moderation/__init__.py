"""The moderation workflow over forum content: queue, answers, resources, audit.

Every route in this blueprint is gated here, so no queue page can forget its role check.
"""
from flask import Blueprint, Flask, abort
from flask_login import current_user

from forum.extensions import login_manager
from forum.permissions import is_moderator

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")


@bp.before_request
def _moderators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_moderator(current_user):
        abort(403)


def init_app(app: Flask) -> None:
    from moderation import models  # noqa: F401  (registers the tables on the metadata)
    from moderation import receivers, views  # noqa: F401

    receivers.connect()
    app.register_blueprint(bp)
