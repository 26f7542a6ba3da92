"""Following topics and questions, the email digest setting, and "already answered?" outcomes."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.catalogue import Topic
from forum.models.enums import DigestPeriod
from forum.models.posts import Question

DIGEST_PERIODS = tuple(DigestPeriod)
DEFLECTION_OUTCOMES = ("posted", "left")


class Subscription(db.Model):
    """A member follows one condition or procedure (topic) or one question: exactly one target."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        # NULLs never collide, so each pair is unique for the target it names.
        UniqueConstraint("user_id", "topic_id", name="uq_subscriptions_user_topic"),
        UniqueConstraint("user_id", "question_id", name="uq_subscriptions_user_question"),
        CheckConstraint("(topic_id IS NULL) <> (question_id IS NULL)", name="one_target"),
        Index("ix_subscriptions_topic_id", "topic_id"),
        Index("ix_subscriptions_question_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic: Mapped[Topic | None] = relationship()
    question: Mapped[Question | None] = relationship()

    @staticmethod
    def for_user(user_id: int):
        return select(Subscription).where(Subscription.user_id == user_id)


class DigestSetting(db.Model):
    """How often a member wants an email of newly answered questions they follow."""

    __tablename__ = "digest_settings"
    __table_args__ = (Index("ix_digest_settings_period", "period", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), default=DigestPeriod.NONE)
    # Answers newer than this go in the next digest; set each time one is sent.
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AskDeflection(db.Model):
    """One time the ask form showed similar answered questions, and whether the patient
    went on to post ("posted") or not ("left"): staff chart the deflection rate."""

    __tablename__ = "ask_deflections"
    __table_args__ = (Index("ix_ask_deflections_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    shown_count: Mapped[int] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(16), default="left")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
