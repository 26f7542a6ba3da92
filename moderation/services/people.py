"""People: staff find accounts, change roles, suspend, ban and reinstate them. All audited.

Clinician verification (and re-verification once it expires) lives in
moderation.services.verification.
"""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import User
from forum.models.accounts import ROLES
from forum.models.enums import AccountStatus, Role
from forum.permissions import PermissionDenied, is_staff
from forum.services import DomainError
from forum.services.audit import record_audit

PRIVILEGED_ROLES = (Role.STAFF, Role.ADMIN)
RESTRICTED_STATUSES = {AccountStatus.SUSPENDED: "Suspended", AccountStatus.BANNED: "Banned"}


def search_users(actor, query: str, *, after_id: int | None = None, limit: int = 20) -> tuple[list[User], bool]:
    """Staff find accounts by public name (starting with `query`, any case) or by exact
    email address (when `query` contains "@"); an empty query lists everyone. Keyset
    pagination on id. Returns (users, more). Raises PermissionDenied."""
    if not is_staff(actor):
        raise PermissionDenied()
    query = (query or "").strip()
    statement = (select(User).options(selectinload(User.clinician_profile))
                 .where(User.status != AccountStatus.DELETED).order_by(User.id).limit(limit + 1))
    if "@" in query:
        statement = statement.where(User.email == query.lower())
    elif query:
        statement = statement.where(User.pseudonym_key.startswith(query.casefold(), autoescape=True))
    if after_id is not None:
        statement = statement.where(User.id > after_id)
    rows = list(db.session.scalars(statement))
    return rows[:limit], len(rows) > limit


def _require_power_over(actor, user: User) -> None:
    """Staff act on accounts; only admins on staff and admin accounts; nobody on their own."""
    if not is_staff(actor):
        raise PermissionDenied()
    if user.id == actor.id:
        raise DomainError(_("You cannot change your own account here; ask another staff member."))
    if user.role in PRIVILEGED_ROLES and actor.role != Role.ADMIN:
        raise DomainError(_("Only an admin can change a staff or admin account."))
    if user.status == AccountStatus.DELETED:
        raise DomainError(_("This account has been deleted."))


def assignable_roles(actor, user: User) -> list[str]:
    """The roles `actor` may give `user` (the person page offers only these; change_role checks
    them again): none for themselves or an account beyond their power; staff and admin only
    from an admin; clinician only for an account that already has a clinician profile."""
    try:
        _require_power_over(actor, user)
    except (PermissionDenied, DomainError):
        return []
    return [role for role in ROLES if role != user.role
            and (role not in PRIVILEGED_ROLES or actor.role == Role.ADMIN)
            and (role != Role.CLINICIAN or user.clinician_profile is not None)]


def change_role(actor, user: User, *, role: str) -> User:
    """Staff change an account's role (member, caregiver, clinician, staff, admin).
    Only admins grant or remove staff and admin; nobody changes their own role. Becoming a
    clinician needs a profile, made on the clinicians page. Audit "user.role".
    Raises PermissionDenied, DomainError."""
    _require_power_over(actor, user)
    if role not in ROLES:
        raise DomainError(_("Choose a role from the list."), field="role")
    if role in PRIVILEGED_ROLES and actor.role != Role.ADMIN:
        raise DomainError(_("Only an admin can make someone staff or admin."), field="role")
    if role == user.role:
        raise DomainError(f"This account is already {role}.", field="role")
    if role == Role.CLINICIAN and user.clinician_profile is None:
        raise DomainError(_("Add clinicians on the Clinicians page, with their credentials and specialties."),
                          field="role")
    from_role = user.role
    user.role = role
    user.rotate_session()  # their next request starts with the new role's checks (e.g. 2FA)
    db.session.flush()
    record_audit(actor, "user.role", "user", user.id, from_status=from_role, to_status=role)
    return user


def restrict_user(actor, user: User, *, status: str, reason: str) -> User:
    """Staff suspend or ban an account with a reason the person is shown; their sessions
    end at once (session token rotated). Audit "user.suspend" / "user.ban" with the reason.
    Raises PermissionDenied, DomainError."""
    _require_power_over(actor, user)
    if status not in RESTRICTED_STATUSES:
        raise DomainError(_("Choose suspend or ban."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason the person will be shown."), field="reason")
    if user.status == status:
        raise DomainError(f"This account is already {status}.")
    from_status = user.status
    user.status = status
    user.status_reason = reason
    user.rotate_session()
    db.session.flush()
    record_audit(actor, "user.suspend" if status == AccountStatus.SUSPENDED else "user.ban", "user", user.id,
                 from_status=from_status, to_status=status, reason=reason)
    return user


def reinstate_user(actor, user: User) -> User:
    """Staff lift a suspension or ban. Audit "user.reinstate". Raises PermissionDenied, DomainError."""
    _require_power_over(actor, user)
    if user.status not in RESTRICTED_STATUSES:
        raise DomainError(_("This account is not suspended or banned."))
    from_status = user.status
    user.status = AccountStatus.ACTIVE
    user.status_reason = None
    db.session.flush()
    record_audit(actor, "user.reinstate", "user", user.id, from_status=from_status, to_status=AccountStatus.ACTIVE)
    return user
