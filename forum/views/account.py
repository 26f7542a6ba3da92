"""The signed-in user's own account."""
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _, refresh
from flask_login import current_user, login_required, login_user

from forum.extensions import limiter
from forum.forms.accounts import (
    AcceptPoliciesForm,
    ChangePasswordForm,
    DisableTwoFactorForm,
    EnableTwoFactorForm,
    PreferencesForm,
)
from forum.platform import rate_limits
from forum.platform.i18n import current_language
from forum.platform.redirects import safe_next
from forum.services.accounts import change_password, resend_verification_email
from forum.services.preferences import set_preferences
from forum.services.policies import accept_current_policies, missing_policies
from forum.services.two_factor import (
    disable_two_factor,
    enable_two_factor,
    new_secret,
    provisioning_uri,
    qr_code_data_uri,
    unused_recovery_code_count,
)
from forum.platform.unit_of_work import on_domain_error

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Any logged-in user changes their password; other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: render_template("account/password.html", form=form))
        change_password(current_user, form.current_password.data, form.new_password.data)
        login_user(current_user._get_current_object())
        flash(_("Your password has been changed. Other devices have been signed out."), "success")
        return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), status


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Any logged-in user chooses their language (site and emails) and time zone."""
    form = PreferencesForm(language=current_user.language or current_language(),
                           time_zone=current_user.time_zone or current_app.config["DEFAULT_TIMEZONE"])
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: render_template("account/preferences.html", form=form))
        set_preferences(current_user, language=form.language.data, time_zone=form.time_zone.data)
        refresh()  # the message below is in the language just chosen
        flash(_("Your language and time zone have been saved."), "success")
        return redirect(url_for("account.preferences"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/preferences.html", form=form), status


@bp.route("/policies", methods=["GET", "POST"])
@login_required
def policies():
    """Any logged-in user reviews and accepts the current versions of their documents."""
    missing = missing_policies(current_user)
    form = AcceptPoliciesForm()
    if missing and form.validate_on_submit():
        accept_current_policies(current_user, [version.kind for version in missing])
        flash(_("Thank you. Your acceptance has been recorded."), "success")
        return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    status = 400 if form.is_submitted() and missing else 200
    return render_template("account/policies.html", form=form, missing=missing), status


@bp.get("/email")
@login_required
def email_verification():
    """Any logged-in user sees whether their email address is confirmed and can ask for a new link."""
    return render_template("account/email_verification.html")


@bp.post("/email/resend")
@login_required
@limiter.limit(rate_limits.EMAIL)
def resend_verification():
    """Any logged-in user with an unconfirmed address asks for a new confirmation link."""
    back = url_for("account.email_verification")
    on_domain_error(redirect_to=back, category="info")
    resend_verification_email(current_user)
    flash(_("We have sent a new confirmation link. It may take a few minutes to arrive."), "success")
    return redirect(back)


@bp.get("/2fa")
@login_required
def two_factor():
    """Any logged-in user sees their two-factor status and, if their role allows, can turn it off."""
    remaining = unused_recovery_code_count(current_user) if current_user.has_two_factor else 0
    return render_template("account/two_factor.html", form=DisableTwoFactorForm(), remaining=remaining)


# Kept in the user's own (signed) session until the first code proves the app works.
_SETUP_SECRET = "two_factor_setup_secret"


@bp.route("/2fa/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Any logged-in user without two-factor sets it up; recovery codes are shown once."""
    if current_user.has_two_factor:
        return redirect(url_for("account.two_factor"))
    secret = session.setdefault(_SETUP_SECRET, new_secret())
    form = EnableTwoFactorForm()

    def page(_error=None):
        uri = provisioning_uri(current_user, secret, current_app.config["ORGANISATION_NAME"])
        return render_template("account/two_factor_setup.html", form=form, secret=secret, qr_code=qr_code_data_uri(uri))

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        codes = enable_two_factor(current_user, secret, form.code.data)
        session.pop(_SETUP_SECRET, None)
        return render_template("account/two_factor_codes.html", codes=codes)
    return page(), 400 if form.is_submitted() else 200


@bp.post("/2fa/disable")
@login_required
def two_factor_disable():
    """A logged-in user whose role does not require two-factor turns it off with their password."""
    form = DisableTwoFactorForm()

    def page(_error=None):
        remaining = unused_recovery_code_count(current_user) if current_user.has_two_factor else 0
        return render_template("account/two_factor.html", form=form, remaining=remaining)

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        disable_two_factor(current_user, form.password.data)  # PermissionDenied: 403
        flash(_("Two-factor authentication is off."), "success")
        return redirect(url_for("account.two_factor"))
    return page(), 400
