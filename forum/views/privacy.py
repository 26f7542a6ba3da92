"""A member's own data: what we hold, downloading it, deleting the account."""
from flask_babel import gettext as _
import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from forum.extensions import limiter
from forum.platform import rate_limits
from forum.forms.accounts import DeleteAccountForm
from forum.models.base import utcnow
from forum.services.privacy import delete_account, export_user_data
from forum.platform.unit_of_work import on_domain_error

bp = Blueprint("privacy", __name__, url_prefix="/account/privacy")


@bp.get("/")
@login_required
def data():
    """Any logged-in user reads what Rounds holds about them and how to get or delete it."""
    return render_template("privacy/data.html")


@bp.post("/download")
@login_required
@limiter.limit(rate_limits.DOWNLOAD)
def download():
    """Any logged-in user downloads their own data as a JSON file."""
    export = export_user_data(current_user, current_user)
    filename = f"rounds-my-data-{utcnow():%Y-%m-%d}.json"
    return Response(json.dumps(export, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Any logged-in user deletes their own account, confirming with their password."""
    form = DeleteAccountForm()

    def page(_error=None):
        return render_template("privacy/delete.html", form=form,
                               keeps_answered=current_app.config["DELETION_KEEPS_ANSWERED_QUESTIONS"])

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        delete_account(current_user, current_user, password=form.password.data, mode=form.posts.data)
        logout_user()
        flash(_("Your account has been deleted. Thank you for being part of the community."), "success")
        return redirect(url_for("main.home"))
    return page(), 400 if form.is_submitted() else 200
