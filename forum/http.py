"""Request-level concerns: the user loader, security headers, error pages."""
from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from forum.extensions import db, login_manager
from forum.models import User

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


def _render_error(code: int, message: str | None = None):
    return render_template(
        "errors/error.html",
        code=code,
        title=ERROR_TITLES.get(code, "Error"),
        message=message or ERROR_MESSAGES.get(code, ""),
    ), code


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.after_request(_security_headers)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return _render_error(400, "This form has expired or was sent from another site. "
                                  "Please reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.code in ERROR_TITLES:
            return _render_error(error.code)
        return error

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _render_error(500)

    @app.teardown_request
    def _rollback_uncommitted(exc):
        if exc is not None:
            db.session.rollback()

