"""Forum content: questions, their topics, community replies, clinician answers, flags.

Content carries a status; the moderation services move it through the workflow.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import rules
from forum.models.accounts import STAFF_ROLES, User
from forum.models.base import UTCDateTime, utcnow
from forum.models.catalogue import Topic
from forum.models.enums import (
    AnswerStatus,
    AskingFor,
    CrisisLevel,
    Language,
    Listing,
    PUBLIC_QUESTION_STATUSES,
    QuestionStatus,
    ReplyStatus,
    Visibility,
    check_in,
)

QUESTION_STATUSES = tuple(QuestionStatus)
REPLY_STATUSES = tuple(ReplyStatus)
ANSWER_STATUSES = tuple(AnswerStatus)
ASKING_FOR = tuple(AskingFor)
VISIBILITIES = tuple(Visibility)
FLAG_REASONS = {
    "incorrect": "Incorrect medical information",
    "personal_information": "Personal information shared",
    "harassment": "Harassment",
    "spam": "Spam",
    "at_risk": "Someone may be at risk",
}
CRISIS_LEVELS = tuple(CrisisLevel)


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_status_answered", "status", "answered_at", "id"),
        Index("ix_questions_author_created", "author_id", "created_at"),
        check_in("status", QuestionStatus), check_in("visibility", Visibility),
        check_in("asking_for", AskingFor), check_in("crisis_level", CrisisLevel), check_in("language", Language),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text)
    # Rendered and sanitised once, on write (forum.rendering); pages never re-render.
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(Text)
    asking_for: Mapped[str] = mapped_column(String(16), default=AskingFor.SELF)
    anonymous: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC)
    locked: Mapped[bool] = mapped_column(default=False)
    phi_flagged: Mapped[bool] = mapped_column(default=False)
    crisis_level: Mapped[str] = mapped_column(String(16), default=CrisisLevel.NONE)
    # The language it is written in: the asker's interface language when asked, editable.
    language: Mapped[str] = mapped_column(String(8), default=Language.EN)
    primary_topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    reply_count: Mapped[int] = mapped_column(default=0)
    # A per-form token: a resubmitted form finds the question it already created.
    client_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()
    primary_topic: Mapped[Topic] = relationship()
    topic_links: Mapped[list["QuestionTopic"]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="QuestionTopic.is_primary.desc()"
    )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_QUESTION_STATUSES

    @staticmethod
    def readers(user) -> rules.Rule:
        """Who may read a question: anyone a published public one; a signed-in user every
        published one and their own unless withdrawn; verified clinicians everything but
        withdrawn questions; staff and admins everything."""
        published = ("status", "in", PUBLIC_QUESTION_STATUSES)
        if user is None or not user.is_authenticated:
            return [(published, ("visibility", "==", Visibility.PUBLIC))]
        if user.role in STAFF_ROLES:
            return rules.EVERYTHING
        if user.is_moderator:
            # A withdrawn question is its author's to take back: clinicians no longer see it,
            # only staff (and each time they open it is audited, as for any non-public post).
            return [(("status", "!=", QuestionStatus.WITHDRAWN),)]
        return [(published,), (("author_id", "==", user.id), ("status", "!=", QuestionStatus.WITHDRAWN))]

    @classmethod
    def visible_to(cls, user, entity=None):
        """Where-clause: the questions `user` (None for an anonymous visitor) may read."""
        return rules.where(cls if entity is None else entity, cls.readers(user))

    @classmethod
    def listed_for(cls, user, entity=None):
        """Where-clause for lists, feeds and search: published questions `user` may read."""
        entity = cls if entity is None else entity
        return and_(entity.status.in_(PUBLIC_QUESTION_STATUSES), cls.visible_to(user, entity))

    def is_visible_to(self, user) -> bool:
        """The same rule as visible_to(), on this loaded question."""
        return rules.holds(self, self.readers(user))

    @property
    def topics(self) -> list[Topic]:
        return [link.topic for link in self.topic_links]

    @staticmethod
    def by_author(user_id: int):
        return select(Question).where(Question.author_id == user_id)


class QuestionTopic(db.Model):
    """A question's place on a topic page.

    `listing` and `listed_at` copy the question's public state so a topic page is one
    index range scan: 'answered' (by answered_at), 'unanswered' (published, by
    published_at) or None (not shown).
    """

    __tablename__ = "question_topics"
    __table_args__ = (
        Index("ix_question_topics_listing", "topic_id", "listing", "listed_at", "question_id"),
        check_in("listing", Listing), check_in("visibility", Visibility),
    )

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(default=False)
    listing: Mapped[str | None] = mapped_column(String(16))
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC)

    question: Mapped[Question] = relationship(back_populates="topic_links")
    topic: Mapped[Topic] = relationship()


class Reply(db.Model):
    __tablename__ = "replies"
    __table_args__ = (
        Index("ix_replies_question_status", "question_id", "status", "id"),
        Index("ix_replies_author", "author_id", "id"),
        check_in("status", ReplyStatus), check_in("crisis_level", CrisisLevel), check_in("language", Language),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ReplyStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(Text)
    by_clinician: Mapped[bool] = mapped_column(default=False)
    phi_flagged: Mapped[bool] = mapped_column(default=False)
    crisis_level: Mapped[str] = mapped_column(String(16), default=CrisisLevel.NONE)
    # The author's interface language when they replied.
    language: Mapped[str] = mapped_column(String(8), default=Language.EN)
    client_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()
    author: Mapped[User | None] = relationship()

    @staticmethod
    def readers(user) -> rules.Rule:
        """Who may read a reply on a question they can see: everyone a published one, its
        author a pending or hidden one, moderators all."""
        if user is not None and user.is_authenticated and user.is_moderator:
            return rules.EVERYTHING
        own = [(("author_id", "==", user.id),)] if user is not None and user.is_authenticated else []
        return [(("status", "==", ReplyStatus.PUBLISHED),), *own]

    @classmethod
    def visible_to(cls, user):
        """Where-clause: the replies `user` may read (their question's rule applies separately)."""
        return rules.where(cls, cls.readers(user))


class Answer(db.Model):
    """A verified clinician's answer to a question."""

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_question_status", "question_id", "status", "created_at"),
        Index("ix_answers_clinician_created", "clinician_id", "created_at"),
        check_in("status", AnswerStatus), check_in("language", Language),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=AnswerStatus.PUBLISHED)
    # The question's language: clinicians answer in the language they were asked in.
    language: Mapped[str] = mapped_column(String(8), default=Language.EN)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    question: Mapped[Question] = relationship()
    clinician: Mapped[User | None] = relationship(foreign_keys=[clinician_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    revisions: Mapped[list["AnswerRevision"]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="AnswerRevision.id"
    )
    resources: Mapped[list["Resource"]] = relationship(  # noqa: F821
        secondary="answer_resources", order_by="Resource.title"
    )


class AnswerRevision(db.Model):
    """The text an answer had before each edit; staff can read the history."""

    __tablename__ = "answer_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    body_md: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship()


class Flag(db.Model):
    __tablename__ = "flags"
    __table_args__ = (
        # "question:12" or "reply:34": one flag per person per post, whatever the kind.
        UniqueConstraint("user_id", "target", name="uq_flags_user_target"),
        Index("ix_flags_question", "question_id", "reply_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target: Mapped[str] = mapped_column(String(40))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(32))

    @staticmethod
    def target_for(question_id: int, reply_id: int | None = None) -> str:
        """The one key a post's flags carry: "reply:34" for a reply, else "question:12"."""
        return f"reply:{reply_id}" if reply_id is not None else f"question:{question_id}"

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)
