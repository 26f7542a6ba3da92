"""Vetted resource links: trusted patient-education pages answers and topics cite.

Staff curate them through moderation services; public pages show only vetted ones.
"""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import UTCDateTime, utcnow
from forum.models.catalogue import Topic
from forum.models.enums import ResourceStatus, check_in

RESOURCE_STATUSES = tuple(ResourceStatus)
AUDIENCES = ("patients", "caregivers", "both")
FORMATS = ("article", "video", "pdf", "tool")

resource_topics = Table(
    "resource_topics",
    db.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_resource_topics_topic_id", "topic_id"),
)

answer_resources = Table(
    "answer_resources",
    db.metadata,
    Column("answer_id", ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column("resource_id", ForeignKey("resources.id"), primary_key=True),
    Index("ix_answer_resources_resource_id", "resource_id"),
)


class Resource(db.Model):
    __tablename__ = "resources"
    __table_args__ = (Index("ix_resources_status_title", "status", "title"), check_in("status", ResourceStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    # One resource per normalised URL; duplicates are refused with a pointer to this one.
    normalized_url: Mapped[str] = mapped_column(String(2000), unique=True)
    publisher: Mapped[str] = mapped_column(String(120), index=True)
    summary: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(16), default="both")
    language: Mapped[str] = mapped_column(String(16), default="en")
    format: Mapped[str] = mapped_column(String(16), default="article")
    status: Mapped[str] = mapped_column(String(16), default=ResourceStatus.PROPOSED)
    status_reason: Mapped[str | None] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    vetted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    vetted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    link_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_status: Mapped[int | None] = mapped_column()
    link_error: Mapped[str | None] = mapped_column(String(200))
    link_final_url: Mapped[str | None] = mapped_column(String(2000))
    link_broken: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topics: Mapped[list[Topic]] = relationship(secondary=resource_topics, order_by=Topic.name)
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    vetted_by: Mapped[User | None] = relationship(foreign_keys=[vetted_by_id])

    @staticmethod
    def vetted():
        return select(Resource).where(Resource.status == ResourceStatus.VETTED)

    @staticmethod
    def vetted_for_topic(topic_id: int):
        return (
            Resource.vetted()
            .join(resource_topics, resource_topics.c.resource_id == Resource.id)
            .where(resource_topics.c.topic_id == topic_id)
            .order_by(Resource.format, Resource.title)
        )
