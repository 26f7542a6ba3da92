"""The catalogue: specialties and the conditions and procedures people ask about."""
from flask_babel import ngettext
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.enums import TopicKind, check_in

TOPIC_KINDS = tuple(TopicKind)


def describe_answer_target(hours: int) -> str:
    """What a patient waiting for an answer is told: "a clinician usually answers within 2 days"."""
    if hours % 24 == 0 or hours > 72:
        days = round(hours / 24)
        return ngettext("a clinician usually answers within %(num)d day",
                        "a clinician usually answers within %(num)d days", days)
    return ngettext("a clinician usually answers within %(num)d hour",
                    "a clinician usually answers within %(num)d hours", hours)


class Specialty(db.Model):
    __tablename__ = "specialties"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # Target hours to a first clinician answer, shown to patients on pending questions.
    answer_target_hours: Mapped[int] = mapped_column(default=48)
    # Told by email (once per review item) when a question nears or passes the target.
    lead_clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lead_clinician = relationship("User", foreign_keys=[lead_clinician_id])

    @property
    def answer_target_text(self) -> str:
        return describe_answer_target(self.answer_target_hours)

    def __repr__(self) -> str:
        return f"<Specialty {self.slug}>"


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (Index("ix_topics_kind_name", "kind", "name"), check_in("kind", TopicKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text)
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"), index=True)
    # High-risk topics need a second clinician's sign-off before an answer publishes.
    high_risk: Mapped[bool] = mapped_column(default=False)
    # Kept up to date by the services that answer or hide questions, so the home page
    # shows counts without a GROUP BY over every question.
    answered_count: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    specialty: Mapped[Specialty] = relationship()

    @staticmethod
    def active():
        return select(Topic).where(Topic.retired_at.is_(None))

    @staticmethod
    def popular(limit: int):
        """The active topics with the most public answered questions (none without any)."""
        return (Topic.active().where(Topic.answered_count > 0)
                .order_by(Topic.answered_count.desc(), Topic.name).limit(limit))

    @property
    def initial(self) -> str:
        """The letter the topic is filed under in the A–Z index."""
        return self.name[:1].upper()

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"
