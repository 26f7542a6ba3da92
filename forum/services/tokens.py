"""Signed, expiring links for password reset and email verification.

A token carries the user id and a fingerprint of the account state it was made for,
signed with SECRET_KEY and a per-purpose salt (a verification token is never a reset
token). Nothing is stored: a reset token dies when the password or email changes
(so it works once), a verification token when the email changes. Links are built
from config BASE_URL, never from the request's Host header.
"""
from flask_babel import gettext as _
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models import User
from forum.services import DomainError

PASSWORD_RESET = "password-reset"
EMAIL_VERIFICATION = "email-verification"
_MAX_AGE_SECONDS = {
    PASSWORD_RESET: lambda config: config["PASSWORD_RESET_MINUTES"] * 60,
    EMAIL_VERIFICATION: lambda config: config["EMAIL_VERIFICATION_HOURS"] * 3600,
}
_ENDPOINTS = {PASSWORD_RESET: "auth.reset_password", EMAIL_VERIFICATION: "auth.verify_email"}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"rounds.{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    state = [purpose, user.email or ""]
    if purpose == PASSWORD_RESET:
        # A new password hash (fresh salt every time) makes any earlier reset link useless.
        state.append(user.password_hash)
    return hashlib.sha256("\x00".join(state).encode()).hexdigest()[:32]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def token_link(user: User, purpose: str) -> str:
    """The absolute link to put in an email: BASE_URL plus the endpoint's path."""
    return absolute_url(_ENDPOINTS[purpose], token=make_token(user, purpose))


def user_for_token(token: str, purpose: str) -> User:
    """The active user a token was made for. Raises DomainError if expired, forged or used."""
    max_age = _MAX_AGE_SECONDS[purpose](current_app.config)
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_("This link has expired. Please ask for a new one.")) from None
    except BadSignature:
        raise DomainError(_("This link is not valid. It may have been used already; please ask for a new one.")) from None
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("f") != _fingerprint(user, purpose):
        raise DomainError(_("This link is not valid. It may have been used already; please ask for a new one."))
    return user
