"""Login sessions: fresh on every login, idle and absolute lifetimes, the two-factor gate.

The session is Flask's signed cookie. At login it is cleared (no fixation) and stamped
with the login time and a last-seen time; a before_request hook ends it when it is
older than SESSION_LIFETIME_HOURS or idle for SESSION_IDLE_MINUTES. The stamps live
inside the signed cookie, so a copied cookie expires on the same clock. Revoking
every session of an account is the per-user session token (User.rotate_session).

Remember-me is deliberately not offered: many members share a family computer, and
a long-lived login there would expose their health questions to the next person.
"""
import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from forum.extensions import db
from forum.models import User
from forum.permissions import requires_two_factor

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
PENDING_LOGIN = "two_factor_pending"
# How this session signed in: "password" or "oidc" (the organisation's provider, whose MFA counts).
LOGIN_METHOD = "login_method"
LOGIN_METHOD_OIDC = "oidc"
PENDING_SECONDS = 5 * 60
SEEN_REFRESH_SECONDS = 60
# Reachable by a user who still has to set up two-factor authentication: exactly these
# endpoints (the set-up page, logging out, static files and the machine probes), never a
# pattern, so a new endpoint whose name happens to match cannot skip the gate.
TWO_FACTOR_EXEMPT = frozenset({"account.two_factor_setup", "auth.logout", "static",
                               "health.healthz", "health.readyz"})


def _now() -> int:
    return int(time.time())


def begin_session(user: User, method: str = "password") -> None:
    """Log `user` in on a brand-new session, stamped for the lifetime checks."""
    session.clear()
    login_user(user, remember=False)
    session[LOGIN_AT] = session[SEEN_AT] = _now()
    session[LOGIN_METHOD] = method


def end_session() -> None:
    logout_user()
    session.clear()


def begin_pending_login(user: User, next_url: str) -> None:
    """Password accepted, second factor still to come: remember who, not logged in."""
    session.clear()
    session[PENDING_LOGIN] = {"user_id": user.id, "at": _now(), "next": next_url}


def pending_login() -> tuple[User | None, str]:
    """The user waiting for their second factor (None if none or too old), and where to go next."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None, "/"
    if _now() - pending["at"] > PENDING_SECONDS:
        session.pop(PENDING_LOGIN, None)
        return None, "/"
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.is_active or not user.has_two_factor:
        return None, "/"
    return user, pending.get("next") or ""  # "": no destination asked for (auth.landing_url decides)


def _expire(message: str) -> None:
    end_session()
    flash(message, "info")


def enforce_lifetimes() -> None:
    """End sessions past their absolute or idle lifetime; refresh last-seen once a minute."""
    if "_user_id" not in session:
        return
    now = _now()
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        # A session not made by begin_session (tests' login fixture): start its clocks now.
        session[LOGIN_AT] = login_at if isinstance(login_at, int) else now
        session[SEEN_AT] = now
        return
    config = current_app.config
    hours, minutes = config["SESSION_LIFETIME_HOURS"], config["SESSION_IDLE_MINUTES"]
    if now - login_at > hours * 3600:
        _expire(f"For your privacy, sessions end after {hours} hours. Please log in again.")
    elif now - seen_at > minutes * 60:
        _expire(f"You were logged out after {minutes} minutes without activity. Please log in again.")
    elif now - seen_at >= SEEN_REFRESH_SECONDS:
        session[SEEN_AT] = now


def enforce_two_factor():
    """Send clinicians, staff and admins without two-factor to set it up before anything else.

    Not after single sign-on: the organisation's provider did the second factor
    (checked in the ID token when OIDC_REQUIRE_MFA_CLAIM is set).
    """
    endpoint = request.endpoint or ""
    if "_user_id" not in session or endpoint in TWO_FACTOR_EXEMPT:
        return None
    if session.get(LOGIN_METHOD) == LOGIN_METHOD_OIDC:
        return None
    if requires_two_factor(current_user) and not current_user.has_two_factor:
        return redirect(url_for("account.two_factor_setup"))
    return None


def init_app(app: Flask) -> None:
    if app.config["SESSION_COOKIE_SECURE"]:
        # __Host- cookies are refused by browsers unless Secure, path "/" and without Domain,
        # so no subdomain or plain-HTTP page can plant or read them.
        if not app.config.get("SESSION_COOKIE_NAME", "session").startswith("__Host-"):
            app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
    app.before_request(enforce_lifetimes)
    app.before_request(enforce_two_factor)
