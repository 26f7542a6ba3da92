"""TOTP two-factor authentication: enrolment, the second login step, recovery codes.

The secret is chosen at enrolment and kept in the enrolling user's session until they
prove their authenticator app works by typing a code; only then is it saved. Recovery
codes are shown once and kept as SHA-256 hashes (each carries 80 random bits, so a
slow hash adds nothing); each works once.
"""
import base64
import hashlib
import secrets

import pyotp
import qrcode
from qrcode.image.svg import SvgPathImage
from sqlalchemy import delete, func, select

from forum.extensions import db
from forum.models import RecoveryCode, User
from forum.models.base import utcnow
from forum.permissions import PermissionDenied, requires_two_factor
from forum.services import DomainError
from forum.services.accounts import check_not_locked, complete_login, failed_login
from forum.services.audit import record_audit

ISSUER = "Rounds"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str = ISSUER) -> str:
    # The pseudonym, never the email address, names the account inside the authenticator app.
    return pyotp.TOTP(secret).provisioning_uri(name=user.pseudonym, issuer_name=issuer)


def qr_code_data_uri(uri: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (CSP allows img-src data:)."""
    svg = qrcode.make(uri, image_factory=SvgPathImage, box_size=8, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _totp_matches(secret: str, code: str) -> bool:
    code = _normalise(code)
    # One step either side allows for clock drift and slow typing.
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def enable_two_factor(user: User, secret: str, code: str) -> list[str]:
    """The signed-in user turns on two-factor with the secret shown to them and a current code.

    Returns the recovery codes in plain text, to be shown once. Audited.
    Raises DomainError when already enabled or the code does not match.
    """
    if user.has_two_factor:
        raise DomainError("Two-factor authentication is already on for your account.")
    if not secret or not _totp_matches(secret, code):
        raise DomainError("That code does not match. Check the time on your phone and try the newest code.",
                          field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    codes = _replace_recovery_codes(user)
    record_audit(user, "account.two_factor_enabled", "user", user.id)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(code)) for code in codes)
    db.session.flush()
    return codes


def disable_two_factor(user: User, password: str) -> None:
    """The signed-in user turns two-factor off, confirming with their password.

    Refused (PermissionDenied) for roles that must use it. Audited; recovery codes are
    deleted. Raises DomainError for a wrong password or when it is not on.
    """
    if requires_two_factor(user):
        raise PermissionDenied("Your role must use two-factor authentication.")
    if not user.has_two_factor:
        raise DomainError("Two-factor authentication is not on for your account.")
    if not user.check_password(password):
        raise DomainError("Your password is not correct.", field="password")
    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record_audit(user, "account.two_factor_disabled", "user", user.id)


def verify_second_factor(user: User, code: str) -> str:
    """The second login step: a current TOTP code or an unused recovery code.

    Anyone holding the pending login may try; failures count towards the same soft
    lockout as wrong passwords. On success the login completes (session token rotates).
    Returns "totp" or "recovery". Raises DomainError for a wrong code or a locked account.
    """
    check_not_locked(user)
    if not user.is_active or not user.has_two_factor:
        raise DomainError("Please log in again.")
    if _totp_matches(user.totp_secret, code):
        method = "totp"
    else:
        recovery = db.session.scalar(
            RecoveryCode.unused_for(user.id).where(RecoveryCode.code_hash == _hash_recovery_code(code))
        ) if _normalise(code) else None
        if recovery is None:
            raise failed_login(user, "That code is not correct. Use the newest code from your app, or a recovery code.",
                               field="code")
        recovery.used_at = utcnow()
        record_audit(user, "account.recovery_code_used", "user", user.id)
        method = "recovery"
    complete_login(user)
    return method


def unused_recovery_code_count(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
