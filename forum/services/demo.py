"""Demo accounts for development and demos; the CLI refuses to run this in production."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import ClinicianProfile, Specialty, User
from forum.models.base import utcnow
from forum.models.policies import REQUIRED_POLICIES
from forum.services.policies import accept_current_policies

DEMO_DOMAIN = "demo.rounds.invalid"
DEMO_ACCOUNTS = (
    ("member", "member", "HopefulHeron"),
    ("caregiver", "caregiver", "CaringCurlew"),
    ("clinician", "cardiologist", "DrAdaCardio"),
    ("staff", "staff", "StaffSam"),
    ("admin", "admin", "AdminAlex"),
)


def seed_demo_accounts(password: str) -> list[User]:
    """Create the demo accounts, or reset their passwords (idempotent)."""
    accounts = []
    staff = None
    for role, local, pseudonym in DEMO_ACCOUNTS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = db.session.scalar(User.by_email(email))
        if user is None:
            user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(),
                        role=role, email_verified_at=utcnow())
            db.session.add(user)
        user.set_password(password)
        user.rotate_session()
        db.session.flush()
        accept_current_policies(user, REQUIRED_POLICIES[role])
        if role == "staff":
            staff = user
        accounts.append(user)
    cardiologist = next(u for u in accounts if u.role == "clinician")
    if cardiologist.clinician_profile is None:
        cardiology = db.session.scalar(select(Specialty).where(Specialty.slug == "cardiology"))
        profile = ClinicianProfile(
            user_id=cardiologist.id, full_name="Dr Ada Okafor", credentials="MD, FACC",
            licence_number="DEMO-000001",
            bio="Consultant cardiologist with an interest in heart failure and rhythm problems.",
            verified_by_id=staff.id, verified_at=utcnow(),
        )
        if cardiology is not None:
            profile.specialties.append(cardiology)
        db.session.add(profile)
        db.session.flush()
    return accounts
