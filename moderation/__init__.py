"""The moderation workflow over forum content: queue, answers, resources, audit.

Every route in this blueprint is gated here, so no queue page can forget its role check.
"""
from flask import Blueprint, Flask, abort, render_template
from flask_login import current_user

from forum.extensions import login_manager
from forum.models.enums import Role
from forum.permissions import is_moderator

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")


@bp.before_request
def _moderators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_moderator(current_user):
        profile = current_user.clinician_profile if current_user.role == Role.CLINICIAN else None
        if profile is not None and profile.verification_expired:
            # Tell the clinician why the queue closed and how to reopen it.
            return render_template("moderation/console/renew_verification.html", profile=profile), 403
        abort(403)


def init_app(app: Flask) -> None:
    from forum.cli.operations import demo_cli
    from moderation import (  # noqa: F401
        models,  # noqa: F401  (registers the tables on the metadata)
        receivers,
        views,
    )
    from moderation.cli.audit import audit_cli
    from moderation.cli.console import console_cli
    from moderation.cli.resources import resources_cli
    from moderation.demo_content import demo_content
    from moderation.services.item_actions import available_actions

    receivers.connect()
    app.jinja_env.globals["available_actions"] = available_actions
    app.register_blueprint(bp)
    app.cli.add_command(resources_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(console_cli)
    demo_cli.add_command(demo_content)  # `flask demo content`: goes through the moderation workflow
