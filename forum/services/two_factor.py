"""TOTP two-factor authentication: enrolment, the second login step, recovery codes.

The secret is chosen at enrolment and kept in the enrolling user's session until they
prove their authenticator app works by typing a code; only then is it saved. Recovery
codes are shown once and kept as SHA-256 hashes (each carries 80 random bits, so a
slow hash adds nothing); each works once.
"""
from flask_babel import gettext as _
import base64
import hashlib
import hmac
import secrets
import time

import pyotp
import qrcode
from qrcode.image.svg import SvgPathImage
from sqlalchemy import delete, func, or_, select, update

from forum.extensions import db
from forum.models import RecoveryCode, User
from forum.models.base import utcnow
from forum.permissions import PermissionDenied, requires_two_factor
from forum.services import DomainError
from forum.services.accounts import complete_login, failed_login
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


def _matching_step(secret: str, code: str, after_step: int | None = None) -> int | None:
    """The TOTP time step (unix time // 30) whose code this is, or None.

    One step either side allows for clock drift and slow typing. Steps up to and
    including `after_step` (the last one accepted) never match, so a code works once.
    """
    code = _normalise(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if (after_step is None or step > after_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record `step` as the user's last accepted one, unless a concurrent login already took
    it or a later one (a conditional UPDATE, so two requests cannot both use one code)."""
    result = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def enable_two_factor(user: User, secret: str, code: str) -> list[str]:
    """The signed-in user turns on two-factor with the secret shown to them and a current code.

    Returns the recovery codes in plain text, to be shown once. Audited.
    Raises DomainError when already enabled or the code does not match.
    """
    if user.has_two_factor:
        raise DomainError(_("Two-factor authentication is already on for your account."))
    step = _matching_step(secret, code) if secret else None
    if step is None:
        raise DomainError(_("That code does not match. Check the time on your phone and try the newest code."),
                          field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step  # the enrolment code cannot then log in as well
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
        raise DomainError(_("Two-factor authentication is not on for your account."))
    if not user.check_password(password):
        raise DomainError(_("Your password is not correct."), field="password")
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record_audit(user, "account.two_factor_disabled", "user", user.id)


def verify_second_factor(user: User, code: str) -> str:
    """The second login step: a current TOTP code or an unused recovery code.

    Anyone holding the pending login may try; failures count towards the same soft
    lockout as wrong passwords, but a valid code gets through a lock (the password was
    right too). A TOTP code is accepted once: its time step and every earlier one are
    refused afterwards. On success the login completes (session token rotates).
    Returns "totp" or "recovery". Raises DomainError for a wrong or reused code.
    """
    if not user.is_active or not user.has_two_factor:
        raise DomainError(_("Please log in again."))
    step = _matching_step(user.totp_secret, code, user.totp_last_step)
    if step is not None and _claim_step(user, step):
        method = "totp"
    else:
        recovery = db.session.scalar(
            RecoveryCode.unused_for(user.id).where(RecoveryCode.code_hash == _hash_recovery_code(code))
        ) if _normalise(code) else None
        if recovery is None:
            raise failed_login(user, _("That code is not correct. Use the newest code from your app, or a recovery code."),
                               field="code")
        recovery.used_at = utcnow()
        record_audit(user, "account.recovery_code_used", "user", user.id)
        method = "recovery"
    complete_login(user)
    return method


def unused_recovery_code_count(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
