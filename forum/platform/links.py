"""Absolute links for what leaves the site (emails, feeds, the sitemap): config BASE_URL
plus the endpoint's path, never the request's Host header."""
from flask import current_app, has_request_context, url_for
from werkzeug.routing import BuildError


def absolute_url(endpoint: str, *, fallback_path: str | None = None, **values) -> str:
    """BASE_URL + the path of `endpoint`. Works in a request and in a CLI command alike.

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
    return current_app.config["BASE_URL"].rstrip("/") + path
