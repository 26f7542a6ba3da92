"""People: accounts, roles and clinician profiles."""
import secrets
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.enums import AccountStatus, Language, Role, check_in

ROLES = tuple(Role)
ACCOUNT_STATUSES = tuple(AccountStatus)
# Roles that run the site; verified clinicians also moderate (User.is_moderator).
STAFF_ROLES = (Role.STAFF, Role.ADMIN)

clinician_specialties = Table(
    "clinician_specialties",
    db.metadata,
    Column("clinician_id", ForeignKey("clinician_profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("specialty_id", ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_clinician_specialties_specialty_id", "specialty_id"),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (check_in("role", Role), check_in("status", AccountStatus), check_in("language", Language))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erased to None when the member deletes their account.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    pseudonym: Mapped[str] = mapped_column(String(40))
    # Case-folded copy so "Rosa" and "rosa" cannot both exist.
    pseudonym_key: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER, index=True)
    status: Mapped[str] = mapped_column(String(16), default=AccountStatus.ACTIVE)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # Rotated on login, logout and password change: Flask-Login's id, so old sessions die.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    approved_post_count: Mapped[int] = mapped_column(default=0)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # When the last wrong password or code came: the count decays from there.
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # TOTP two-factor: the base32 secret, stored only once the first code has been confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last TOTP time step (unix time // 30) accepted: that code and every earlier one are refused.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # The interface and email language, and the time zone dates are shown in; None: the
    # browser's choice / DEFAULT_TIMEZONE (forum/platform/i18n.py).
    language: Mapped[str | None] = mapped_column(String(8))
    time_zone: Mapped[str | None] = mapped_column(String(64))

    clinician_profile: Mapped["ClinicianProfile | None"] = relationship(
        back_populates="user", foreign_keys="ClinicianProfile.user_id", uselist=False
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session(self) -> None:
        self.session_token = new_session_token()

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_verified_clinician(self) -> bool:
        if self.role != Role.CLINICIAN:  # no profile query for everyone else (every page asks)
            return False
        profile = self.clinician_profile
        return profile is not None and profile.is_verified

    @property
    def is_moderator(self) -> bool:
        """Staff, admins and verified clinicians work the queue and read everything in it."""
        return self.role in STAFF_ROLES or self.is_verified_clinician

    @staticmethod
    def by_email(email: str):
        return select(User).where(User.email == email.strip().lower())

    @staticmethod
    def by_pseudonym(pseudonym: str):
        return select(User).where(User.pseudonym_key == pseudonym.strip().casefold())

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ClinicianProfile(db.Model):
    __tablename__ = "clinician_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    credentials: Mapped[str] = mapped_column(String(120))
    licence_number: Mapped[str] = mapped_column(String(60))
    bio: Mapped[str] = mapped_column(Text, default="")
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="clinician_profile", foreign_keys=[user_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    specialties: Mapped[list["Specialty"]] = relationship(  # noqa: F821
        secondary=clinician_specialties, order_by="Specialty.name"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.revoked_at is None and not self.verification_expired

    @property
    def verification_expired(self) -> bool:
        """Verification lapses CLINICIAN_VERIFICATION_MONTHS (default 24) after verified_at,
        counting a month as 1/12 of 365.25 days; staff then re-verify."""
        if self.verified_at is None or self.revoked_at is not None:
            return False
        months = current_app.config.get("CLINICIAN_VERIFICATION_MONTHS", 24) if has_app_context() else 24
        return self.verified_at <= utcnow() - timedelta(days=months * 365.25 / 12)

    @property
    def verification_expires_at(self) -> datetime | None:
        if self.verified_at is None:
            return None
        months = current_app.config.get("CLINICIAN_VERIFICATION_MONTHS", 24) if has_app_context() else 24
        return self.verified_at + timedelta(days=months * 365.25 / 12)


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code; only its SHA-256 is kept (codes carry 80 random bits)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @staticmethod
    def unused_for(user_id: int):
        return select(RecoveryCode).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))


class LinkedIdentity(db.Model):
    """An account's identity at the organisation's OpenID provider: (issuer, subject), never the email.

    One per account and one account per identity. Only clinician, staff and admin accounts
    have one: patients' accounts are never linked to the directory.
    """

    __tablename__ = "linked_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @staticmethod
    def for_subject(issuer: str, subject: str):
        return select(LinkedIdentity).where(LinkedIdentity.issuer == issuer, LinkedIdentity.subject == subject)

    @staticmethod
    def for_user(user_id: int):
        return select(LinkedIdentity).where(LinkedIdentity.user_id == user_id)


def count_users():
    return select(func.count(User.id))
