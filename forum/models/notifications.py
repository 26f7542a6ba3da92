"""In-app notifications ("your question was answered").

A notification keeps a reference to its question, never a copy of its title: the title
is rendered at read time, and only if the reader may still see the question
(Question.is_visible_to), so redacting or hiding a question reaches every notification.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user", "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question = relationship("Question")

    def question_title_for(self, viewer) -> str | None:
        """The question's current title, if `viewer` may still read the question; else None."""
        question = self.question
        if question is None or not question.is_visible_to(viewer):
            return None
        return question.title

    @staticmethod
    def for_user(user_id: int):
        return select(Notification).where(Notification.user_id == user_id)
