"""Demo accounts for development and demos; the CLI refuses to run this in production.

The sample community (questions, answers, replies) goes through the moderation workflow,
so it lives in moderation/demo_content.py (`flask demo content`)."""
import time

import pyotp
from sqlalchemy import select

from forum.extensions import db
from forum.models import ClinicianProfile, Specialty, User
from forum.models.base import utcnow
from forum.models.enums import Role
from forum.models.policies import REQUIRED_POLICIES
from forum.permissions import requires_two_factor
from forum.services import DomainError
from forum.services.policies import accept_current_policies
from forum.services.two_factor import enable_two_factor, new_secret

DEMO_DOMAIN = "demo.rounds.invalid"
DEMO_ACCOUNTS = (
    ("member", "member", "HopefulHeron"),
    ("caregiver", "caregiver", "CaringCurlew"),
    ("clinician", "cardiologist", "DrAdaCardio"),
    ("clinician", "orthopaedist", "DrIrisOrtho"),
    ("clinician", "endocrinologist", "DrTomasEndo"),
    ("staff", "staff", "StaffSam"),
    # A second staff account, so a resource one of them proposes can be vetted by the other
    # (ALLOW_SELF_VETTING is off by default).
    ("staff", "curator", "CuratorCass"),
    ("admin", "admin", "AdminAlex"),
)
# Verified profiles for the demo clinicians (invented people), keyed by email local part.
DEMO_CLINICIANS = {
    "cardiologist": ("Dr Ada Okafor", "MD, FACC", "DEMO-000001", "cardiology",
                     "Consultant cardiologist with an interest in heart failure and rhythm problems."),
    "orthopaedist": ("Dr Iris Lindqvist", "MBBS, FRCS (Orth)", "DEMO-000002", "orthopaedics",
                     "Orthopaedic surgeon who looks after people before and after hip and knee replacement."),
    "endocrinologist": ("Dr Tomas Reyes", "MD", "DEMO-000003", "endocrinology",
                        "Endocrinologist who runs a diabetes clinic and enjoys helping people live well with it."),
}


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def seed_demo_accounts(password: str) -> list[User]:
    """Create the demo accounts, or reset their passwords (idempotent)."""
    accounts = []
    staff = None
    for role, local, pseudonym in DEMO_ACCOUNTS:
        email = demo_email(local)
        user = db.session.scalar(User.by_email(email))
        if user is None:
            user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(),
                        role=role, email_verified_at=utcnow())
            db.session.add(user)
        user.set_password(password)
        user.rotate_session()
        db.session.flush()
        accept_current_policies(user, REQUIRED_POLICIES[role])
        if requires_two_factor(user) and not user.has_two_factor:
            _enrol_two_factor(user)
        if role == Role.STAFF:
            staff = user
        accounts.append(user)
    for user in accounts:
        if user.role == Role.CLINICIAN and user.clinician_profile is None:
            _add_clinician_profile(user, DEMO_CLINICIANS[user.email.split("@")[0]], staff)
    return accounts


def _add_clinician_profile(user: User, details: tuple, staff: User) -> None:
    full_name, credentials, licence, specialty_slug, bio = details
    profile = ClinicianProfile(user_id=user.id, full_name=full_name, credentials=credentials,
                               licence_number=licence, bio=bio, verified_by_id=staff.id, verified_at=utcnow())
    specialty = db.session.scalar(select(Specialty).where(Specialty.slug == specialty_slug))
    if specialty is not None:
        profile.specialties.append(specialty)
    db.session.add(profile)
    db.session.flush()


def _enrol_two_factor(user: User) -> None:
    """Turn on TOTP for a demo account whose role must use it, so a newcomer can log in
    with `flask demo totp EMAIL` instead of an authenticator app while REQUIRE_2FA stays on.
    Through enable_two_factor (audited, recovery codes); the enrolment's time step is then
    forgotten, so the code `demo totp` prints in the same 30 seconds also works."""
    secret = new_secret()
    enable_two_factor(user, secret, pyotp.TOTP(secret).now())
    user.totp_last_step = None


def demo_totp_code(email: str) -> tuple[str, int]:
    """The current TOTP code of a demo account and the seconds it stays valid.

    Raises DomainError for an address outside the demo domain or an account without
    two-factor (the CLI refuses production before calling this)."""
    if not email.lower().endswith("@" + DEMO_DOMAIN):
        raise DomainError(f"Only demo accounts (@{DEMO_DOMAIN}) have codes printed.")
    user = db.session.scalar(User.by_email(email))
    if user is None or not user.has_two_factor:
        raise DomainError(f"{email} has no two-factor authentication; run `flask demo seed` with REQUIRE_2FA on.")
    totp = pyotp.TOTP(user.totp_secret)
    return totp.now(), totp.interval - int(time.time()) % totp.interval
