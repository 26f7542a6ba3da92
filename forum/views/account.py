"""The signed-in user's own account."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from forum.extensions import db
from forum.forms import AcceptPoliciesForm, ChangePasswordForm
from forum.services import DomainError
from forum.services.accounts import change_password
from forum.services.policies import accept_current_policies, missing_policies
from forum.urls import safe_next
from forum.views.forms_support import show_domain_error

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Any logged-in user changes their password; other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), status


@bp.route("/policies", methods=["GET", "POST"])
@login_required
def policies():
    """Any logged-in user reviews and accepts the current versions of their documents."""
    missing = missing_policies(current_user)
    form = AcceptPoliciesForm()
    if missing and form.validate_on_submit():
        accept_current_policies(current_user, [version.kind for version in missing])
        db.session.commit()
        flash("Thank you. Your acceptance has been recorded.", "success")
        return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    status = 400 if form.is_submitted() and missing else 200
    return render_template("account/policies.html", form=form, missing=missing), status
