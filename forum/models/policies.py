"""Versioned usage policies and who accepted which version."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

POLICY_KINDS = {
    "community_guidelines": "Community guidelines",
    "clinician_guidelines": "Clinician answering guidelines",
    "staff_policy": "Staff usage policy",
}
# Which documents each role must have accepted, in their current version, to take part.
REQUIRED_POLICIES = {
    "member": ("community_guidelines",),
    "caregiver": ("community_guidelines",),
    "clinician": ("community_guidelines", "clinician_guidelines"),
    "staff": ("community_guidelines", "staff_policy"),
    "admin": ("community_guidelines", "staff_policy"),
}


class PolicyVersion(db.Model):
    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("kind", "version", name="uq_policy_versions_kind_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column()
    summary: Mapped[str] = mapped_column(Text)
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def title(self) -> str:
        return POLICY_KINDS[self.kind]

    @staticmethod
    def current(kind: str):
        return (
            select(PolicyVersion)
            .where(PolicyVersion.kind == kind)
            .order_by(PolicyVersion.version.desc())
            .limit(1)
        )


class PolicyAcceptance(db.Model):
    __tablename__ = "policy_acceptances"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    policy_version_id: Mapped[int] = mapped_column(
        ForeignKey("policy_versions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    policy_version: Mapped[PolicyVersion] = relationship()
