"""Single sign-on with the organisation's OpenID provider: start, callback, first sign-in, linking,
back-channel logout. Every route is a 404 while OIDC_ISSUER is unset."""
from flask_babel import gettext as _
import logging
import time

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from forum.extensions import csrf, limiter
from forum.forms.accounts import SsoWelcomeForm
from forum.models.enums import Role
from forum.platform import oidc as oidc_platform
from forum.platform import rate_limits
from forum.platform.redirects import safe_next
from forum.platform.sessions import LOGIN_METHOD, LOGIN_METHOD_OIDC, begin_session
from forum.services import DomainError, PermissionDenied
from forum.services.sso import (
    Identity,
    create_sso_account,
    end_sessions_for_subject,
    is_sso_account,
    link_identity,
    parse_role_map,
    sign_in_linked,
    verify_sign_in,
)
from forum.platform.unit_of_work import on_domain_error

bp = Blueprint("sso", __name__, url_prefix="/auth/oidc")
log = logging.getLogger("forum.sso")

FLOWS = "oidc_flows"
SIGNUP = "oidc_signup"
FLOW_SECONDS = 10 * 60
MAX_FLOWS = 3  # sign-ins started in other tabs; older ones are dropped


def _client() -> oidc_platform.OidcClient:
    oidc = oidc_platform.client()
    if oidc is None:
        abort(404)
    return oidc


def _redirect_uri() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("sso.callback", _external=False)


def _refused(refusal: oidc_platform.SignInRefused):
    log.warning("SSO sign-in refused: %s", refusal.reason)
    return render_template("sso/refused.html", message=refusal.message), refusal.status


def _start(purpose: str, next_url: str):
    oidc = _client()
    try:
        url, flow = oidc.authorization_request(_redirect_uri())
    except oidc_platform.SignInRefused as refusal:
        return _refused(refusal)
    flows = {state: kept for state, kept in session.get(FLOWS, {}).items()
             if time.time() - kept["at"] < FLOW_SECONDS}
    flows[flow.pop("state")] = {**flow, "purpose": purpose, "next": next_url, "at": int(time.time())}
    session[FLOWS] = dict(sorted(flows.items(), key=lambda item: item[1]["at"])[-MAX_FLOWS:])
    return redirect(url)


@bp.get("/login")
@limiter.limit(rate_limits.LOGIN)
def login():
    """Anyone: go to the organisation's sign-in page (clinicians and staff)."""
    return _start("sign_in", safe_next(request.args.get("next"), url_for("main.home")))


@bp.post("/link")
@login_required
def link():
    """A signed-in clinician, staff member or admin links their account to their organisation identity."""
    _client()
    if current_user.role not in (Role.CLINICIAN, Role.STAFF, Role.ADMIN):
        abort(403)
    return _start("link", url_for("account.two_factor"))


def _take_flow(state: str | None) -> dict:
    """The kept request for this `state`, removed so the same answer cannot be used twice."""
    flows = dict(session.get(FLOWS, {}))
    flow = flows.pop(state, None) if state else None
    session[FLOWS] = flows
    if flow is None or time.time() - flow["at"] >= FLOW_SECONDS:
        raise oidc_platform.SignInRefused(
            oidc_platform.Refusal.STATE_MISMATCH, "This sign-in link has expired or was already used. "
            "Please start again from the login page.")
    return flow


@bp.get("/callback")
@limiter.limit(rate_limits.LOGIN)
def callback():
    """The browser returning from the provider: check everything, then sign in, sign up or link."""
    oidc = _client()
    try:
        flow = _take_flow(request.args.get("state"))
        identity = verify_sign_in(oidc, flow, request.args, _redirect_uri())
        if flow["purpose"] == "link":
            return _finish_link(identity)
        user = sign_in_linked(identity)
    except oidc_platform.SignInRefused as refusal:
        return _refused(refusal)  # the request rolls back; ended sessions are kept (verify_sign_in)
    if user is None:
        session[SIGNUP] = {"identity": identity.to_session(), "next": flow["next"], "at": int(time.time())}
        return redirect(url_for("sso.welcome"))
    begin_session(user, method=LOGIN_METHOD_OIDC)
    log.info("SSO sign-in: user %s as %s", user.id, user.role)
    flash(_("Welcome back, %(pseudonym)s.", pseudonym=user.pseudonym), "success")
    return redirect(safe_next(flow["next"], url_for("main.home")))


def _finish_link(identity: Identity):
    if not current_user.is_authenticated:
        abort(403)
    try:
        link_identity(current_user, identity)
    except (DomainError, PermissionDenied) as error:  # a 409 page: the request rolls back
        return render_template("sso/refused.html", message=getattr(error, "message", str(error))), 409
    log.info("SSO identity linked to user %s", current_user.id)
    flash(_("Your account is now linked to your organisation account. From now on, sign in with "
            "“%(button)s”.", button=current_app.config["OIDC_BUTTON_LABEL"]), "success")
    return redirect(url_for("account.two_factor"))


@bp.route("/welcome", methods=["GET", "POST"])
@limiter.limit(rate_limits.REGISTER, methods=["POST"])
def welcome():
    """Someone just signed in with the provider for the first time chooses their pseudonym."""
    _client()
    pending = session.get(SIGNUP)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) >= FLOW_SECONDS:
        session.pop(SIGNUP, None)
        return render_template("sso/refused.html", message="Your sign-in has expired. Please sign in again."), 400
    identity = Identity.from_session(pending["identity"])
    form = SsoWelcomeForm()
    def page(_error=None):
        return render_template("sso/welcome.html", form=form, identity=identity)

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        user = create_sso_account(identity, form.pseudonym.data)
        begin_session(user, method=LOGIN_METHOD_OIDC)
        log.info("SSO account created: user %s as %s", user.id, user.role)
        flash(_("Welcome to Rounds, %(pseudonym)s.", pseudonym=user.pseudonym), "success")
        if user.role == Role.CLINICIAN and not user.is_verified_clinician:
            flash(_("Staff will verify your specialties before you can answer questions."), "info")
        return redirect(safe_next(pending.get("next"), url_for("main.home")))
    return page(), 400 if form.is_submitted() else 200


@bp.post("/backchannel-logout")
@csrf.exempt  # called by the provider, server to server; the signed logout token is the proof
def backchannel_logout():
    """The provider (with a signed logout token): end every session of that person."""
    oidc = _client()
    token = request.form.get("logout_token")
    if not token:
        return jsonify(error="invalid_request", error_description="logout_token is missing"), 400
    try:
        claims = oidc.verify_logout_token(token)
    except oidc_platform.SignInRefused as refusal:
        log.warning("SSO back-channel logout refused: %s", refusal.reason)
        status = 503 if refusal.status == 503 else 400
        return jsonify(error="invalid_request", error_description=refusal.reason.value), status
    found = isinstance(claims.get("sub"), str) and end_sessions_for_subject(claims["iss"], claims["sub"])
    log.info("SSO back-channel logout: %s", "sessions ended" if found else "no linked account")
    response = current_app.response_class(status=200)
    response.headers["Cache-Control"] = "no-store"
    return response


def logout_url() -> str | None:
    """Where auth.logout sends someone who signed in with the provider (RP-initiated logout)."""
    oidc = oidc_platform.client()
    if oidc is None or session.get(LOGIN_METHOD) != LOGIN_METHOD_OIDC:
        return None
    return oidc.end_session_url(current_app.config["BASE_URL"].rstrip("/") + url_for("main.home"))


def _login_option():
    oidc = oidc_platform.client()
    if oidc is None:
        return {"sso_option": None, "sso_account": lambda user: False}
    return {"sso_option": {"label": current_app.config["OIDC_BUTTON_LABEL"], "available": oidc.available},
            "sso_account": is_sso_account}


def init_app(app: Flask) -> None:
    if app.config["OIDC_ISSUER"]:
        parse_role_map(app.config["OIDC_ROLE_MAP"])  # a bad map stops start-up with ConfigError
    oidc_platform.init_app(app)
    app.context_processor(_login_option)
