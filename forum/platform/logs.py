"""Logs: one JSON object per line in production, plain lines in development.

Every record written during a request carries its request id, method, path (never the
query string, which can carry search terms or tokens) and the user id; one access line
per request adds the status and duration. Post bodies and email addresses are never
logged: this is patient data.
"""
import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request
from sqlalchemy import inspect

ACCESS_LOGGER = "rounds.access"
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def logged_path() -> str:
    """The request path for logs, with any `<token>` route variable replaced: a reset or
    confirmation link's path is itself the secret."""
    path = request.path
    token = (request.view_args or {}).get("token")
    if isinstance(token, str) and token:
        path = path.replace(token, "[token]")
    return path


def _current_user_id() -> int | None:
    """The id of the user this request already loaded. Never queries: logging must work
    while the database is failing, so it reads the identity, not (expired) attributes."""
    user = g.get("_login_user")
    if user is None or getattr(user, "is_anonymous", True):
        return None
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


class RequestContextFilter(logging.Filter):
    """Adds the request's id, method, path and user id to records made during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            for name, value in (("request_id", g.get("request_id")), ("method", request.method),
                                ("path", logged_path()), ("user_id", _current_user_id())):
                if not hasattr(record, name):
                    setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, then the request fields that are set."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")


class _RoundsHandler(logging.StreamHandler):
    """Marks the handler create_app installed, so a second app replaces it, not adds one."""


def _install_handler(app: Flask) -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _RoundsHandler)]:
        root.removeHandler(handler)
    handler = _RoundsHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if app.config["LOG_FORMAT"] == "json" else PlainFormatter())
    handler.addFilter(RequestContextFilter())
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])


def _start_request() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    logging.getLogger(ACCESS_LOGGER).info(
        "%s %s %s", request.method, logged_path(), response.status_code,
        extra={"status": response.status_code, "duration_ms": duration_ms})
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    return response


def configure_logging(app: Flask) -> None:
    """LOG_FORMAT json or plain. Under pytest (TESTING) pytest's own capture is left alone."""
    if not app.testing or app.config.get("LOG_FORCE_HANDLER"):
        _install_handler(app)
    app.before_request(_start_request)
    app.after_request(_log_request)
