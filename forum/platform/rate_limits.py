"""Named rate limits, read from configuration when a request is checked.

Decorate a view with one of these so operators can tune limits without code changes:

    @limiter.limit(rate_limits.POST, methods=["POST"])

Each name is a callable returning the configured Flask-Limiter string, e.g.
RATELIMIT_POST = "30 per hour"; the README's configuration table lists them.
"""
from flask import current_app


def configured(name: str):
    """A limit provider for Flask-Limiter: the value of config RATELIMIT_<NAME>."""

    def limit() -> str:
        return current_app.config[f"RATELIMIT_{name}"]

    limit.__name__ = f"ratelimit_{name.lower()}"
    return limit


LOGIN = configured("LOGIN")
REGISTER = configured("REGISTER")
PASSWORD_RESET = configured("PASSWORD_RESET")
# Emails a signed-in user can trigger (resending the verification link).
EMAIL = configured("EMAIL")
POST = configured("POST")
FLAG = configured("FLAG")
SEARCH = configured("SEARCH")
# A member downloading their own data (each download builds the whole export).
DOWNLOAD = configured("DOWNLOAD")
