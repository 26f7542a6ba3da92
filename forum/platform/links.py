"""Absolute links for what leaves the site (emails, feeds, the sitemap, crisis alerts):
BASE_URL plus the endpoint's path, never the request's Host header.

When BASE_URL is unset outside production, the development server's own address is used:
`flask run --port 5001` then mails links to port 5001. That address comes from the socket
the Werkzeug server listens on (SERVER_NAME/SERVER_PORT in the WSGI environ), never from the
request's Host header. Without a request (CLI commands) it falls back to FLASK_RUN_PORT or 5000.
"""
import os

from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import BuildError

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def base_url() -> str:
    """The site's address, without a trailing slash."""
    configured = current_app.config.get("BASE_URL") or ""
    if configured:
        return configured.rstrip("/")
    if current_app.config["ENV_NAME"] != "production":
        if has_request_context() and request.environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug/"):
            host, port = request.environ["SERVER_NAME"], request.environ["SERVER_PORT"]
            return f"http://{host}:{port}"
        if os.environ.get("FLASK_RUN_PORT", "").isdigit():
            return f"http://127.0.0.1:{os.environ['FLASK_RUN_PORT']}"
    return DEFAULT_BASE_URL


def absolute_url(endpoint: str, *, fallback_path: str | None = None, **values) -> str:
    """base_url() + the path of `endpoint`. Works in a request and in a CLI command alike.

    `fallback_path` is used when the endpoint is not registered (a forum-only app has no
    moderation routes); without it a BuildError propagates.
    """
    try:
        if has_request_context():
            path = url_for(endpoint, _external=False, **values)
        else:
            path = current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        if fallback_path is None:
            raise
        path = fallback_path
    return base_url() + path
