"""Registration, login (with the two-factor step), logout, password reset, email confirmation."""
from flask_babel import gettext as _
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
from flask_login import current_user

from forum.extensions import limiter
from forum.forms.accounts import (
    ConfirmEmailForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    TwoFactorLoginForm,
)
from forum.models.accounts import STAFF_ROLES
from forum.models.enums import AccountStatus, Role
from forum.permissions import ASKER_ROLES, has_role
from forum.platform import rate_limits
from forum.platform.jobs import after_response
from forum.platform.redirects import safe_next
from forum.platform.sessions import (
    begin_pending_login,
    begin_session,
    end_session,
    pending_login,
)
from forum.services import DomainError
from forum.services.accounts import (
    authenticate,
    confirm_email,
    logout_user_everywhere,
    register_user,
    send_password_reset,
)
from forum.services.accounts import reset_password as reset_password_with_token
from forum.services.policies import current_policy, missing_policies
from forum.services.tokens import EMAIL_VERIFICATION, PASSWORD_RESET, user_for_token
from forum.services.two_factor import unused_recovery_code_count, verify_second_factor
from forum.platform.unit_of_work import on_domain_error
from forum.views import sso

bp = Blueprint("auth", __name__, url_prefix="/auth")
# Session key: where a person who has just registered was going, for their confirmation link.
AFTER_JOINING = "after_joining"


def landing_url(user, next_url: str | None) -> str:
    """Where someone lands after logging in: where they were going, else members on their
    questions and clinicians and moderators on the queue. Documents changed since they last
    accepted them come first (the policies page then continues there)."""
    if next_url:
        destination = safe_next(next_url, url_for("main.home"))
    elif user.role in ASKER_ROLES:
        destination = url_for("questions.mine")
    elif has_role(user, Role.CLINICIAN, *STAFF_ROLES):
        destination = url_for("moderation.queue")
    else:
        destination = url_for("main.home")
    if missing_policies(user):
        flash(_("The community documents have changed since you last accepted them; please read the new version."),
              "info")
        return url_for("account.policies", next=destination)
    return destination


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(rate_limits.REGISTER, methods=["POST"])
def register():
    """Anyone not logged in may register; a confirmation link is emailed."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()

    def page(_error=None):
        return render_template("auth/register.html", form=form, guidelines=current_policy("community_guidelines"))

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        # The same answer whether or not the address already had an account (register_user).
        register_user(email=form.email.data, password=form.password.data, pseudonym=form.pseudonym.data,
                      role=form.role.data, accepted_guidelines=form.accept_guidelines.data)
        # Where they were going (e.g. the ask form): the link, opened in this browser, goes on there.
        session[AFTER_JOINING] = safe_next(request.args.get("next"), "") or None
        return redirect(url_for("auth.registered"))
    return page(), 400 if form.is_submitted() else 200


@bp.get("/registered")
def registered():
    """Anyone: after registering, the next step (open the emailed link), said the same for every address."""
    return render_template("auth/registered.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate_limits.LOGIN, methods=["POST"])
def login():
    """Anyone may log in; `next` is followed only to local paths."""
    form = LoginForm()
    if form.validate_on_submit():
        # No form field: one flashed message for unknown email and wrong password alike.
        on_domain_error(page=lambda _error: render_template("auth/login.html", form=form))
        user = authenticate(form.email.data, form.password.data)
        next_url = request.args.get("next")
        if user.has_two_factor:
            begin_pending_login(user, safe_next(next_url, ""))
            return redirect(url_for("auth.two_factor"))
        begin_session(user)
        flash(_("Welcome back, %(pseudonym)s.", pseudonym=user.pseudonym), "success")
        return redirect(landing_url(user, next_url))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/2fa", methods=["GET", "POST"])
@limiter.limit(rate_limits.LOGIN, methods=["POST"])
def two_factor():
    """Someone whose password was just accepted enters their two-factor or recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    user, next_url = pending_login()
    if user is None:
        flash(_("Please log in."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorLoginForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: render_template("auth/two_factor.html", form=form))
        method = verify_second_factor(user, form.code.data)
        begin_session(user)
        flash(_("Welcome back, %(pseudonym)s.", pseudonym=user.pseudonym), "success")
        if method == "recovery":
            flash(_("You used a recovery code; %(count)d are left.", count=unused_recovery_code_count(user)), "info")
        return redirect(landing_url(user, next_url))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/two_factor.html", form=form), status


@bp.post("/logout")
def logout():
    """A logged-in user logs out; the session token rotates so copies of it die too.

    After single sign-on the browser goes on to the provider's logout (RP-initiated logout).
    """
    provider_logout = sso.logout_url()
    if current_user.is_authenticated:
        logout_user_everywhere(current_user)
    end_session()
    flash(_("You have logged out."), "info")
    return redirect(provider_logout or url_for("main.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(rate_limits.PASSWORD_RESET, methods=["POST"])
def forgot_password():
    """Anyone may ask for a reset link; the answer never says whether the address is registered."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # After the response: the same answer in the same time whether or not the address is known.
        after_response(send_password_reset, form.email.data)
        flash(_("If an account exists for that address, we have sent a link to reset its password. "
                "It works once, for %(minutes)d minutes.", minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(rate_limits.PASSWORD_RESET, methods=["POST"])
def reset_password(token):
    """Whoever holds a valid emailed reset link chooses a new password; all sessions end."""
    try:
        user_for_token(token, PASSWORD_RESET)
    except DomainError as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: render_template("auth/reset_password.html", form=form))
        reset_password_with_token(token, form.new_password.data)
        end_session()
        flash(_("Your password has been changed and every device has been signed out. "
              "Please log in with your new password."), "success")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token):
    """Whoever holds the emailed link confirms the address, with a button so mail scanners cannot."""
    form = ConfirmEmailForm()
    try:
        user_for_token(token, EMAIL_VERIFICATION)
        if form.validate_on_submit():
            user, now_confirmed = confirm_email(token)
            return _after_confirming(user, now_confirmed)
    except DomainError as error:  # an expired or used link is a page of its own, not a form error
        return render_template("auth/link_invalid.html", message=error.message), 400
    return render_template("auth/verify_email.html", form=form)


def _after_confirming(user, now_confirmed: bool):
    """The first use of a new member's link finishes joining: it logs them in (nobody else
    being logged in here). Otherwise it says the address is confirmed and where to go next."""
    if now_confirmed and not current_user.is_authenticated and user.role in ASKER_ROLES \
            and user.status == AccountStatus.ACTIVE and not user.has_two_factor:
        next_url = session.get(AFTER_JOINING)
        begin_session(user)
        flash(_("Welcome to the community, %(pseudonym)s: your email address is confirmed.", pseudonym=user.pseudonym), "success")
        return redirect(landing_url(user, next_url))
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for("main.home") if current_user.is_authenticated else url_for("auth.login"))
