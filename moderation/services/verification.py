"""Clinician accounts: staff create or promote them, record credentials and specialties,
verify them (only then does the queue open for them) and revoke them. All audited."""
from flask_babel import gettext as _
import secrets

from sqlalchemy import select

from forum.extensions import db
from forum.models import ClinicianProfile, Specialty, User
from forum.models.base import utcnow
from forum.models.enums import Role
from forum.permissions import PermissionDenied, is_staff
from forum.services import DomainError
from forum.services.accounts import PSEUDONYM_PATTERN, PSEUDONYM_RULE
from forum.services.audit import record_audit

PROMOTABLE_ROLES = (Role.MEMBER, Role.CAREGIVER, Role.CLINICIAN)


def _require_staff(actor) -> None:
    if not is_staff(actor):
        raise PermissionDenied()


def _specialties(specialty_ids) -> list[Specialty]:
    ids = {int(specialty_id) for specialty_id in specialty_ids or ()}
    if not ids:
        raise DomainError(_("Choose at least one specialty."), field="specialties")
    found = list(db.session.scalars(select(Specialty).where(Specialty.id.in_(ids))))
    if len(found) != len(ids):
        raise DomainError(_("Choose specialties from the list."), field="specialties")
    return found


def _profile_fields(full_name: str, credentials: str, licence_number: str) -> tuple[str, str, str]:
    values = tuple((value or "").strip() for value in (full_name, credentials, licence_number))
    for value, field, label in zip(values, ("full_name", "credentials", "licence_number"),
                                   ("full name", "credentials", "licence number")):
        if not value:
            raise DomainError(f"Enter the clinician's {label}.", field=field)
    return values


def promote_clinician(actor, *, email: str, full_name: str, credentials: str, licence_number: str,
                      specialty_ids) -> User:
    """Staff turn an existing member account (found by email) into an unverified clinician
    with a profile. Audit "clinician.promote". DomainError if no such account or it is staff."""
    _require_staff(actor)
    fields = _profile_fields(full_name, credentials, licence_number)
    specialties = _specialties(specialty_ids)
    user = db.session.scalar(User.by_email(email or ""))
    if user is None:
        raise DomainError(_("No account uses that email address."), field="email")
    if user.role not in PROMOTABLE_ROLES:
        raise DomainError(_("Staff and admin accounts cannot be made clinicians."), field="email")
    from_role = user.role
    user.role = Role.CLINICIAN
    profile = user.clinician_profile or ClinicianProfile(user_id=user.id, user=user)
    profile.full_name, profile.credentials, profile.licence_number = fields
    profile.specialties = specialties
    db.session.add(profile)
    db.session.flush()
    record_audit(actor, "clinician.promote", "user", user.id, from_status=from_role, to_status=Role.CLINICIAN)
    return user


def create_clinician(actor, *, email: str, pseudonym: str, full_name: str, credentials: str,
                     licence_number: str, specialty_ids) -> tuple[User, str]:
    """Staff create a new, unverified clinician account. Returns (user, initial password):
    the password is shown once and stored only as a hash. Audit "clinician.create"."""
    _require_staff(actor)
    fields = _profile_fields(full_name, credentials, licence_number)
    specialties = _specialties(specialty_ids)
    email = (email or "").strip().lower()
    pseudonym = (pseudonym or "").strip()
    if not email:
        raise DomainError(_("Enter an email address."), field="email")
    if db.session.scalar(User.by_email(email)) is not None:
        raise DomainError(_("An account already uses that email; promote it instead."), field="email")
    if not PSEUDONYM_PATTERN.match(pseudonym):
        raise DomainError(PSEUDONYM_RULE, field="pseudonym")
    if db.session.scalar(User.by_pseudonym(pseudonym)) is not None:
        raise DomainError(_("That public name is in use; choose another."), field="pseudonym")
    password = secrets.token_urlsafe(12)
    user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(), role=Role.CLINICIAN)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    profile = ClinicianProfile(user_id=user.id, user=user)
    profile.full_name, profile.credentials, profile.licence_number = fields
    profile.specialties = specialties
    db.session.add(profile)
    db.session.flush()
    record_audit(actor, "clinician.create", "user", user.id, to_status=Role.CLINICIAN)
    return user, password


def verify_clinician(actor, user: User) -> ClinicianProfile:
    """Staff verify a clinician's credentials (verified_by/verified_at); a revoked one is
    restored, an expired one (CLINICIAN_VERIFICATION_MONTHS) renewed. Audit "clinician.verify". DomainError if already verified."""
    _require_staff(actor)
    profile = user.clinician_profile
    if user.role != Role.CLINICIAN or profile is None:
        raise DomainError(_("This account is not a clinician."))
    if profile.is_verified:
        raise DomainError(_("This clinician is already verified."))
    from_status = ("revoked" if profile.revoked_at else
                   "expired" if profile.verification_expired else "unverified")
    profile.verified_at = utcnow()
    profile.verified_by_id = actor.id
    profile.revoked_at = None
    db.session.flush()
    record_audit(actor, "clinician.verify", "user", user.id, from_status=from_status, to_status="verified")
    return profile


def revoke_clinician(actor, user: User, *, reason: str) -> ClinicianProfile:
    """Staff revoke a clinician's verification; the queue closes for them at once.
    Audit "clinician.revoke" with the reason."""
    _require_staff(actor)
    profile = user.clinician_profile
    if profile is None or not profile.is_verified:
        raise DomainError(_("Only verified clinicians can be revoked."))
    if not (reason or "").strip():
        raise DomainError(_("Give a reason."), field="reason")
    profile.revoked_at = utcnow()
    db.session.flush()
    record_audit(actor, "clinician.revoke", "user", user.id, from_status="verified", to_status="revoked",
                 reason=reason.strip())
    return profile


def clinician_list():
    """Every clinician account with a profile, unverified first."""
    return (select(User).join(ClinicianProfile, ClinicianProfile.user_id == User.id)
            .order_by(ClinicianProfile.verified_at.is_not(None), User.pseudonym_key))

