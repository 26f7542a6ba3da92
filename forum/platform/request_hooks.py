"""Request-level concerns: the user loader, security headers, error pages, ending the session."""
import logging
import re

import sqlalchemy.exc
from flask_babel import gettext as _, lazy_gettext as _l
from flask import Flask, current_app, g, has_request_context, make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from forum.extensions import db, login_manager
from forum.models import User
from forum.platform.templating import crisis_contacts

log = logging.getLogger(__name__)
DATABASE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError)
RETRY_AFTER_SECONDS = "30"

# Lazy: each page shows them in its reader's language.
ERROR_TITLES = {
    400: _l("That request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    413: _l("That was too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("Rounds is temporarily unavailable"),
}
ERROR_MESSAGES = {
    400: _l("Please go back and try again."),
    403: _l("If you think you should have access, contact the community team."),
    404: _l("The page may have moved, or it may not be public."),
    405: _l("Please use the links and buttons on the page."),
    413: _l("Your submission is larger than we accept. Please shorten it and try again."),
    429: _l("You have made a lot of requests in a short time. Please wait a minute and try again."),
    500: _l("The problem has been logged. Please try again in a moment."),
    503: _l("Please try again in a minute."),
}


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: ids beyond a 32-bit INTEGER column cannot exist, so they
    are a 404 here instead of an overflow error in the database driver (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


# Built once: each request binds the token, and SQLAlchemy reuses the cache key and compiled SQL.
_USER_BY_TOKEN = select(User).where(User.session_token == bindparam("session_token"))


@login_manager.user_loader
def load_user(session_token: str):
    return db.session.scalar(_USER_BY_TOKEN, {"session_token": session_token})


_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+")


def _security_headers(response):
    # Frames only from the article media hosts (ARTICLE_MEDIA_HOSTS), and only over https.
    frames = " ".join(f"https://{host}" for host in (part.strip() for part in
                                                     current_app.config["ARTICLE_MEDIA_HOSTS"].split(","))
                      if _HOST_NAME.fullmatch(host)) or "'none'"
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"frame-src {frames}; "
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
        return render_error(400, _("Your request contained a character we cannot accept (NUL). "
                                    "Please remove it and try again."))
    return None


def render_error(code: int, message: str | None = None):
    return render_template(
        "errors/error.html",
        code=code,
        title=ERROR_TITLES.get(code, _l("Error")),
        message=message or ERROR_MESSAGES.get(code, ""),
    ), code


def database_cause(error: BaseException) -> str:
    """The driver's error class and the first line of its message ("database is locked",
    "PostgreSQL gave no answer within 2 s"): enough to tell a lock from an outage. Driver
    messages about connections and locks name hosts and states, never row data."""
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0][:200]
    return f"{type(original).__name__} ({first_line})" if first_line else type(original).__name__


COMMITTED = "rounds.database_committed"


def _is_request_session(session: Session) -> bool:
    """The request's own session (db.session), not one a job or the outbox opened."""
    return has_request_context() and db.session.registry.has() and session is db.session.registry()


def _note_commit(session: Session) -> None:
    # after_commit also fires when a savepoint is released: nothing is saved yet then.
    if _is_request_session(session) and not session.in_nested_transaction():
        request.environ[COMMITTED] = True  # per request (tests share one app context, and g)



def _note_write(session: Session, *_args) -> None:
    """A write after the commit: a failure from here on may mean it was not saved."""
    if _is_request_session(session) and (session.new or session.dirty or session.deleted):
        request.environ.pop(COMMITTED, None)


def _note_bulk_write(state) -> None:
    if _is_request_session(state.session) and (state.is_insert or state.is_update or state.is_delete):
        request.environ.pop(COMMITTED, None)


def _discard_session() -> None:
    """Drop the request's session without talking to the database (its connection is dead)."""
    try:
        db.session().invalidate()
    except sqlalchemy.exc.SQLAlchemyError:
        pass  # invalidating a dead connection has nothing left to fail on
    db.session.registry.clear()


def _rollback_uncommitted(exc: BaseException | None) -> None:
    if exc is not None:
        try:
            db.session.rollback()
        except sqlalchemy.exc.SQLAlchemyError as error:
            log.warning("database: rollback after an error failed (%s); connection discarded",
                        database_cause(error))
            _discard_session()


def _end_session(_exc: BaseException | None) -> None:
    """Close the request's session before Flask-SQLAlchemy would, and safely.

    This runs after the response was made and logged, so a failure here (the connection
    died after the commit) is logged as what it is and the response stands, instead of
    becoming a bare 500 from the WSGI server. The request's wait limit (g) still applies.
    """
    try:
        db.session.remove()
    except sqlalchemy.exc.SQLAlchemyError as error:
        log.warning("database: closing the request's session failed after the response (%s); "
                    "connection discarded", database_cause(error))
        _discard_session()


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter  # before any blueprint adds its routes
    app.before_request(_refuse_nul_bytes)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.localize_callback = str  # the lazy message, in the language of the request that flashes it
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.after_request(_security_headers)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_error(400, _("This form has expired or was sent from another site. "
                                    "Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.code in ERROR_TITLES:
            return render_error(error.code)
        return error

    for error_class in DATABASE_ERRORS:
        app.register_error_handler(error_class, _database_unavailable)
    app.register_error_handler(sqlalchemy.exc.SQLAlchemyError, _other_database_error)

    @app.errorhandler(500)
    def _server_error(error):
        try:
            db.session.rollback()
        except sqlalchemy.exc.SQLAlchemyError:
            _discard_session()
        return render_error(500)

    app.teardown_request(_rollback_uncommitted)
    # Registered after Flask-SQLAlchemy's (create_app calls db.init_app first), so it runs
    # before it; Flask-SQLAlchemy then finds no session left to close.
    app.teardown_appcontext(_end_session)
    if not event.contains(Session, "after_commit", _note_commit):
        event.listen(Session, "after_commit", _note_commit)
        event.listen(Session, "before_flush", _note_write)
        event.listen(Session, "do_orm_execute", _note_bulk_write)


def lost_the_database(error: BaseException | None) -> bool:
    """Whether this error, or one it arose from, is the database going away: a dropped
    connection can surface as another error (a savepoint's rollback, a closed handle)."""
    while error is not None:
        if isinstance(error, DATABASE_ERRORS) or getattr(error, "connection_invalidated", False):
            return True
        error = error.__cause__ or error.__context__
    return False


def _other_database_error(error):
    """Any other SQLAlchemy error: a 503 when the connection was lost, else a bug (500)."""
    if lost_the_database(error):
        return _database_unavailable(error)
    raise error


def _database_unavailable(error):
    """The database is down, restarting, frozen or locked: say so quickly, with a 503.

    If this request committed and wrote nothing since (only a read after the commit failed),
    what the user did is saved: say that (200), never that it failed, with the crisis
    numbers in case the post needed the crisis page.
    """
    try:
        db.session.rollback()
    except sqlalchemy.exc.SQLAlchemyError:
        _discard_session()
    # The page must not look up the user in the database that just failed.
    g._login_user = login_manager.anonymous_user()
    if request.environ.get(COMMITTED) and request.method not in ("GET", "HEAD", "OPTIONS"):
        log.warning("database unavailable after this request's commit, which stands: %s",
                    database_cause(error))
        return render_template("errors/saved.html", contacts=crisis_contacts())
    log.warning("database unavailable: %s", database_cause(error))
    response = make_response(render_error(503))
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response

