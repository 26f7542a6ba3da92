"""Accounts: registration, authentication and password changes."""
import re
from datetime import timedelta
from functools import lru_cache
from importlib import resources

from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.services import DomainError
from forum.services.policies import accept_current_policies

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
PSEUDONYM_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,29}$")
# Soft lockout: after this many failures each further failure waits longer, capped, so
# an attacker can slow a victim's login but never lock them out for long.
FREE_FAILURES = 5
MAX_LOCK = timedelta(minutes=15)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    text = resources.files("forum").joinpath("seed_data/common_passwords.txt").read_text()
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def password_problem(password: str, *, email: str = "", pseudonym: str = "") -> str | None:
    """Why a password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.casefold()
    if folded in _common_passwords() or len(set(folded)) < 4:
        return "That password is too common or too easy to guess; choose another."
    local_part = email.split("@")[0].casefold()
    if (len(local_part) >= 4 and local_part in folded) or (pseudonym and pseudonym.casefold() in folded):
        return "Your password must not contain your email address or pseudonym."
    return None


def register_user(*, email: str, password: str, pseudonym: str, accepted_guidelines: bool,
                  role: str = "member") -> User:
    """Create a member or caregiver account and record acceptance of the guidelines.

    Anyone may register. Raises DomainError (with the field) for a taken email or
    pseudonym, a weak password or guidelines not accepted.
    """
    if role not in ("member", "caregiver"):
        raise DomainError("Choose whether you are a member or a caregiver.", field="role")
    email = email.strip().lower()
    pseudonym = pseudonym.strip()
    if not accepted_guidelines:
        raise DomainError("You need to accept the community guidelines to join.", field="accept_guidelines")
    if not PSEUDONYM_PATTERN.match(pseudonym):
        raise DomainError("Pseudonyms are 3–30 letters, digits, dots, dashes or underscores.", field="pseudonym")
    problem = password_problem(password, email=email, pseudonym=pseudonym)
    if problem:
        raise DomainError(problem, field="password")
    if db.session.scalar(User.by_email(email)) is not None:
        raise DomainError("An account with that email address already exists. Try logging in.", field="email")
    if db.session.scalar(User.by_pseudonym(pseudonym)) is not None:
        raise DomainError("That pseudonym is taken; choose another.", field="pseudonym")
    user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    accept_current_policies(user, ("community_guidelines",))
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials, recording failures for soft lockout.

    Raises DomainError with one message for unknown email and wrong password alike, so
    a failed login never reveals whether an address is registered.
    """
    generic = DomainError("That email and password do not match an account.")
    user = db.session.scalar(User.by_email(email)) if email else None
    now = utcnow()
    if user is None:
        # Hash anyway so the response time does not reveal whether the account exists.
        _dummy_user().check_password(password)
        raise generic
    if user.locked_until is not None and user.locked_until > now:
        raise DomainError("Too many failed attempts. Please wait a few minutes and try again.")
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= FREE_FAILURES:
            delay = timedelta(seconds=2 ** min(user.failed_logins - FREE_FAILURES + 3, 10))
            user.locked_until = now + min(delay, MAX_LOCK)
        raise generic
    if user.status in ("suspended", "banned"):
        reason = f" Reason: {user.status_reason}" if user.status_reason else ""
        raise DomainError(f"This account is {user.status}.{reason}")
    if user.status != "active":
        raise generic
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    user.rotate_session()
    return user


@lru_cache(maxsize=1)
def _dummy_user() -> User:
    user = User()
    user.set_password("not-a-real-password-for-timing")
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The signed-in user changes their own password; other sessions are ended.

    Raises DomainError for a wrong current password or an unacceptable new one.
    """
    if not user.check_password(current_password):
        raise DomainError("Your current password is not correct.", field="current_password")
    problem = password_problem(new_password, email=user.email or "", pseudonym=user.pseudonym)
    if problem:
        raise DomainError(problem, field="new_password")
    user.set_password(new_password)
    user.rotate_session()


def logout_user_everywhere(user: User) -> None:
    """Rotating the session token invalidates every session that carries the old one."""
    user.rotate_session()


def users_by_ids(ids):
    return select(User).where(User.id.in_(ids))
