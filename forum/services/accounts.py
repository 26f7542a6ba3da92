"""Accounts: registration, authentication, password changes and resets, email verification."""
from flask_babel import gettext as _, lazy_gettext as _l
import re
from datetime import timedelta
from functools import lru_cache
from importlib import resources

from flask import current_app
from sqlalchemy import select

from forum.platform.i18n import in_language_of
from forum import signals
from forum.extensions import db
from forum.models.enums import AccountStatus, Role
from forum.platform.mail import queue_email
from forum.models import LinkedIdentity, User
from forum.models.base import utcnow
from forum.permissions import needs_email_verification
from forum.platform.links import absolute_url
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.policies import accept_current_policies
from forum.services.tokens import EMAIL_VERIFICATION, PASSWORD_RESET, token_link, user_for_token

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# Starts with a letter or digit, so no public name can begin a spreadsheet formula (= + - @).
PSEUDONYM_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,29}\Z")
PSEUDONYM_RULE = _l("Pseudonyms are 3–30 letters, digits, dots, dashes or underscores.")
# Soft lockout: after FREE_FAILURES each further failure waits longer, capped at MAX_LOCK.
# The count decays (one failure forgotten per FAILURE_DECAY), failures during a lock are not
# counted, and a correct password with a valid second factor gets through a lock: so a
# stranger sending one wrong password now and then cannot keep a two-factor user out, and
# can hold a password-only account to at most MAX_LOCK at a time.
FREE_FAILURES = 5
MAX_LOCK = timedelta(minutes=5)
FAILURE_DECAY = timedelta(minutes=5)
LOCKED_MESSAGE = _l("Too many failed attempts. Please wait a few minutes and try again.")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    text = resources.files("forum").joinpath("seed_data/common_passwords.txt").read_text()
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def password_problem(password: str, *, email: str = "", pseudonym: str = "") -> str | None:
    """Why a password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(max)d characters.", max=MAX_PASSWORD_LENGTH)
    folded = password.casefold()
    if folded in _common_passwords() or len(set(folded)) < 4:
        return _("That password is too common or too easy to guess; choose another.")
    local_part = email.split("@")[0].casefold()
    if (len(local_part) >= 4 and local_part in folded) or (pseudonym and pseudonym.casefold() in folded):
        return _("Your password must not contain your email address or pseudonym.")
    return None


def register_user(*, email: str, password: str, pseudonym: str, accepted_guidelines: bool,
                  role: str = Role.MEMBER) -> None:
    """Anyone may register a member or caregiver account; the answer never says whether the
    address already has one.

    A new address gets the account (with the guidelines accepted) and a confirmation link;
    an address that already has an account gets an email telling its owner that someone
    tried to register with it (or, still unconfirmed, a fresh confirmation link) and no
    account. Both hash the password and queue one email, so they take the same time, and
    neither logs anyone in: the confirmation link does (confirm_email). Raises DomainError
    (with the field) for a taken pseudonym (pseudonyms are public), a weak password or
    guidelines not accepted, whatever the address.
    """
    if role not in (Role.MEMBER, Role.CAREGIVER):
        raise DomainError(_("Choose whether you are a member or a caregiver."), field="role")
    email = email.strip().lower()
    pseudonym = pseudonym.strip()
    if not accepted_guidelines:
        raise DomainError(_("You need to accept the community guidelines to join."), field="accept_guidelines")
    if not PSEUDONYM_PATTERN.match(pseudonym):
        raise DomainError(PSEUDONYM_RULE, field="pseudonym")
    problem = password_problem(password, email=email, pseudonym=pseudonym)
    if problem:
        raise DomainError(problem, field="password")
    if db.session.scalar(User.by_pseudonym(pseudonym)) is not None:
        raise DomainError(_("That pseudonym is taken; choose another."), field="pseudonym")
    owner = db.session.scalar(User.by_email(email))
    if owner is not None:
        User().set_password(password)  # the work of creating an account
        _tell_owner_of_registration_attempt(owner)
        signals.registration_received.send(None)
        return
    user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    accept_current_policies(user, ("community_guidelines",))
    send_verification_email(user)
    signals.registration_received.send(user)


def _tell_owner_of_registration_attempt(owner: User) -> None:
    """Someone registered with an address that has an account: its owner is told (an
    unconfirmed owner gets a fresh confirmation link instead, which is what they need)."""
    if owner.email_verified_at is None:
        send_verification_email(owner)
        return
    with in_language_of(owner):
        queue_email(owner.email, _("Someone tried to create a Rounds account with your address"), _(
            "Hello %(pseudonym)s,\n\nSomeone tried to create a new Rounds account with this email "
            "address. It already has an account (yours), so no new one was made and nothing has changed.\n\n"
            "If it was you, log in here:\n%(login)s\n\n"
            "Forgotten your password? Ask for a reset link here:\n%(reset)s\n\n"
            "If it was not you, you can ignore this email.\n",
            pseudonym=owner.pseudonym, login=absolute_url("auth.login"), reset=absolute_url("auth.forgot_password"),
        ), user_id=owner.id)


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials, recording failures for soft lockout.

    Anyone may try. When the user has two-factor authentication the login is not
    complete: the caller asks for the code and calls two_factor.verify_second_factor.
    Otherwise complete_login() runs (the session token rotates).
    Raises DomainError with one message for unknown email and wrong password alike, so
    a failed login never reveals whether an address is registered; that includes a locked
    account (the lock is mentioned only to someone who typed its password). The password
    is hashed in every case, so the time taken says nothing either. A locked account with
    two-factor authentication still goes on to the code step with the right password.
    """
    generic = DomainError(_("That email and password do not match an account."))
    user = db.session.scalar(User.by_email(email)) if email else None
    if user is None:
        # Hash anyway so the response time does not reveal whether the account exists.
        _dummy_user().check_password(password)
        raise generic
    if not user.check_password(password):
        raise failed_login(user, generic.message)
    if _awaits_confirmation(user):
        # Whoever registered an address chose its password; until the inbox's owner opens the
        # confirmation link, that password proves nothing, and logging in with it would tell
        # a stranger that the address had no account before (register_user).
        raise generic
    if is_locked(user) and not user.has_two_factor:
        raise DomainError(LOCKED_MESSAGE)
    if user.status in (AccountStatus.SUSPENDED, AccountStatus.BANNED):
        status = _("suspended") if user.status == AccountStatus.SUSPENDED else _("banned")
        if user.status_reason:
            raise DomainError(_("This account is %(status)s. Reason: %(reason)s", status=status, reason=user.status_reason))
        raise DomainError(_("This account is %(status)s.", status=status))
    if user.status != AccountStatus.ACTIVE:
        raise generic
    if db.session.scalar(LinkedIdentity.for_user(user.id)) is not None:
        # Linked accounts sign in through the organisation's provider only, so leavers lose access.
        raise DomainError(_("This account signs in with “%(button)s”.", button=current_app.config["OIDC_BUTTON_LABEL"]))
    if not user.has_two_factor:
        complete_login(user)
    return user


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def record_failed_login(user: User) -> None:
    """Count a wrong password or code; past FREE_FAILURES each one waits longer, up to MAX_LOCK.

    Failures while the account is locked are not counted (they cannot extend the lock),
    and the count loses one failure per FAILURE_DECAY since the last one.
    """
    # Locked, then read again: concurrent wrong passwords for one account each count.
    db.session.flush()
    db.session.refresh(user, with_for_update=True)
    now = utcnow()
    if is_locked(user):
        return
    count = user.failed_logins
    if user.last_failed_login_at is not None and count:
        count = max(0, count - int((now - user.last_failed_login_at) / FAILURE_DECAY))
    user.failed_logins = count + 1
    user.last_failed_login_at = now
    if user.failed_logins >= FREE_FAILURES:
        delay = timedelta(seconds=2 ** min(user.failed_logins - FREE_FAILURES + 3, 10))
        user.locked_until = now + min(delay, MAX_LOCK)


def failed_login(user: User, message: str, field: str | None = None) -> DomainError:
    """Count a failed attempt and return the DomainError to raise. The request rolls back on
    that error, so the count also travels on it (`kept`): the unit of work re-applies and
    commits it on its own, and the soft lockout holds."""
    record_failed_login(user)
    user_id = user.id
    return DomainError(message, field=field, kept=lambda: record_failed_login(db.session.get(User, user_id)))


def complete_login(user: User) -> None:
    """Every check has passed: clear the failure count and rotate the session token."""
    user.failed_logins = 0
    user.last_failed_login_at = None
    user.locked_until = None
    user.last_login_at = utcnow()
    user.rotate_session()


@lru_cache(maxsize=1)
def _awaits_confirmation(user: User) -> bool:
    """A registered member or caregiver whose address is not confirmed, while confirming is required."""
    return bool(current_app.config["REQUIRE_EMAIL_VERIFICATION"] and user.role in (Role.MEMBER, Role.CAREGIVER)
                and user.email_verified_at is None)


def _dummy_user() -> User:
    user = User()
    user.set_password("not-a-real-password-for-timing")
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The signed-in user changes their own password; other sessions are ended.

    Raises DomainError for a wrong current password or an unacceptable new one.
    """
    if not user.check_password(current_password):
        raise DomainError(_("Your current password is not correct."), field="current_password")
    problem = password_problem(new_password, email=user.email or "", pseudonym=user.pseudonym)
    if problem:
        raise DomainError(problem, field="new_password")
    user.set_password(new_password)
    user.rotate_session()


def send_password_reset(email: str) -> None:
    """A job, queued by the forgot-password view after its response (jobs.after_response):
    request_password_reset, then commit (the email is delivered after that commit). Run
    after the response, the lookup and the email cost the request nothing, so its answer
    and its timing are the same for a registered address and an unknown one.

    Jobs run outside any request, so the link is built in a request context for BASE_URL
    (a POST, so on SQLite the write lock is taken up front: forum/platform/database.py)."""
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"], method="POST"):
        request_password_reset(email)
        db.session.commit()


def request_password_reset(email: str) -> None:
    """Anyone may ask; an active account with this address gets a single-use reset link.

    Says nothing about whether the address is registered (the view always shows the
    same message, and runs this after its response: send_password_reset). The link
    expires after PASSWORD_RESET_MINUTES and dies when the password or email changes.
    Queues one email; no errors.
    """
    user = db.session.scalar(User.by_email(email)) if email else None
    if user is None or not user.is_active or db.session.scalar(LinkedIdentity.for_user(user.id)) is not None:
        return
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    with in_language_of(user):
        queue_email(user.email, _("Reset your Rounds password"), _(
            "Hello %(pseudonym)s,\n\nSomeone (we hope you) asked to reset the password of your Rounds "
            "account. To choose a new password, open this link within %(minutes)d minutes:\n\n"
            "%(link)s\n\n"
            "The link works once. If you did not ask for it, you can ignore this email: your password "
            "has not changed.\n", pseudonym=user.pseudonym, minutes=minutes, link=token_link(user, PASSWORD_RESET),
        ), user_id=user.id)


def reset_password(token: str, new_password: str) -> User:
    """Whoever holds a valid reset link sets a new password; every session of the account ends.

    Following the emailed link proves the address, so it also counts as confirming it.
    Audited. Raises DomainError for an expired, used or forged link or a weak password.
    """
    user = user_for_token(token, PASSWORD_RESET)
    problem = password_problem(new_password, email=user.email or "", pseudonym=user.pseudonym)
    if problem:
        raise DomainError(problem, field="new_password")
    user.set_password(new_password)
    user.rotate_session()
    user.failed_logins = 0
    user.locked_until = None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    record_audit(user, "account.password_reset", "user", user.id)
    return user


def send_verification_email(user: User) -> None:
    """Queue a link that confirms the user's email address (no-op once confirmed). Flush only."""
    if user.email_verified_at is not None or not user.email:
        return
    with in_language_of(user):
        queue_email(user.email, _("Confirm your email address for Rounds"), _(
            "Hello %(pseudonym)s,\n\nPlease confirm that this is your email address by opening this "
            "link:\n\n%(link)s\n\n"
            "Opening it confirms your address and logs you in. Until then you can read the community, "
            "but you cannot log in with your password or post.\n",
            pseudonym=user.pseudonym, link=token_link(user, EMAIL_VERIFICATION),
        ), user_id=user.id)


def resend_verification_email(user: User) -> None:
    """The signed-in user asks for a new confirmation link. Raises DomainError if already confirmed."""
    if user.email_verified_at is not None:
        raise DomainError(_("Your email address is already confirmed."))
    send_verification_email(user)


def require_confirmed_email(user: User) -> None:
    """For services that publish a user's words: refuse until the email address is confirmed."""
    if needs_email_verification(user):
        raise DomainError(_("Please confirm your email address before posting. We emailed you a link when "
                          "you joined; you can ask for a new one under Account (your name at the top of the "
                          "page), Email address."))


def confirm_email(token: str) -> tuple[User, bool]:
    """Whoever holds a valid verification link confirms that account's address (idempotent).

    Returns the user and whether this confirmed it now (the caller then logs them in: the
    link is how a new member finishes joining; used again, it only says it is confirmed).
    Raises DomainError for an expired or forged link, or one made for an earlier address.
    """
    user = user_for_token(token, EMAIL_VERIFICATION)
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = utcnow()
    record_audit(user, "account.email_verified", "user", user.id)
    return user, True


def logout_user_everywhere(user: User) -> None:
    """Rotating the session token invalidates every session that carries the old one."""
    user.rotate_session()


def users_by_ids(ids):
    return select(User).where(User.id.in_(ids))
