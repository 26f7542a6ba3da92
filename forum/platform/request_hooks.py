"""Request-level concerns: the user loader, security headers, error pages."""
import logging

import sqlalchemy.exc
from flask import Flask, g, make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from forum.extensions import db, login_manager
from forum.models import User

log = logging.getLogger(__name__)

ERROR_TITLES = {
    400: "That request could not be understood",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That was too large",
    429: "Too many requests",
    500: "Something went wrong on our side",
    503: "Rounds is temporarily unavailable",
}
ERROR_MESSAGES = {
    400: "Please go back and try again.",
    403: "If you think you should have access, contact the community team.",
    404: "The page may have moved, or it may not be public.",
    405: "Please use the links and buttons on the page.",
    413: "Your submission is larger than we accept. Please shorten it and try again.",
    429: "You have made a lot of requests in a short time. Please wait a minute and try again.",
    500: "The problem has been logged. Please try again in a moment.",
    503: "Please try again in a minute.",
}


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: ids beyond a 32-bit INTEGER column cannot exist, so they
    are a 404 here instead of an overflow error in the database driver (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


@login_manager.user_loader
def load_user(session_token: str):
    return db.session.scalar(select(User).where(User.session_token == session_token))


def _security_headers(response):
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers.setdefault("Content-Security-Policy", csp)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated:
        # Logged-in pages can show pending posts and personal details: never cache them.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _refuse_nul_bytes():
    """No text field has a use for NUL, and PostgreSQL cannot store it: refuse it up front
    (400) rather than fail deep in the database driver (500). Reads only."""
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        values = [*request.form.values(), *request.form.keys()]
    else:
        values = []
    values += [*request.args.values(), *request.args.keys(), request.path]
    if any("\x00" in value for value in values):
        return render_error(400, "Your request contained a character we cannot accept (NUL). "
                                  "Please remove it and try again.")
    return None


def render_error(code: int, message: str | None = None):
    return render_template(
        "errors/error.html",
        code=code,
        title=ERROR_TITLES.get(code, "Error"),
        message=message or ERROR_MESSAGES.get(code, ""),
    ), code


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter  # before any blueprint adds its routes
    app.before_request(_refuse_nul_bytes)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.after_request(_security_headers)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_error(400, "This form has expired or was sent from another site. "
                                  "Please reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.code in ERROR_TITLES:
            return render_error(error.code)
        return error

    @app.errorhandler(sqlalchemy.exc.OperationalError)
    @app.errorhandler(sqlalchemy.exc.InterfaceError)
    @app.errorhandler(sqlalchemy.exc.TimeoutError)
    def _database_unavailable(error):
        """The database is down, restarting or saturated: say so quickly, with a 503."""
        try:
            db.session.rollback()
        except sqlalchemy.exc.SQLAlchemyError:
            db.session.invalidate()
        # The page must not look up the user in the database that just failed.
        g._login_user = login_manager.anonymous_user()
        log.warning("database unavailable: %s", type(getattr(error, "orig", None) or error).__name__)
        response = make_response(render_error(503))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return render_error(500)

    @app.teardown_request
    def _rollback_uncommitted(exc):
        if exc is not None:
            db.session.rollback()

