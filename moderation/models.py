"""The moderation queue: one review item per thing waiting for a clinician or staff."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import Answer, Article, Flag, Question, Reply, Specialty, Topic, User
from forum.models.base import UTCDateTime, utcnow
from forum.models.enums import CrisisLevel, ItemKind, ItemResolution, ItemStatus, check_in

ITEM_KINDS = {
    ItemKind.QUESTION: "New question",
    ItemKind.RESUBMISSION: "Resubmitted question",
    ItemKind.REPLY: "Pending reply",
    ItemKind.FLAG: "Flagged post",
    ItemKind.SIGNOFF: "Answer awaiting sign-off",
    ItemKind.ESCALATION: "Escalated to staff",
    ItemKind.ARTICLE_SIGNOFF: "Article awaiting medical sign-off",
    ItemKind.ARTICLE_APPROVAL: "Article awaiting publication",
}
# Items about an article rather than a question (ReviewItem.article_id is set, question_id not).
ARTICLE_ITEM_KINDS = (ItemKind.ARTICLE_SIGNOFF, ItemKind.ARTICLE_APPROVAL)
ITEM_STATUSES = tuple(ItemStatus)


# How finished items ended (ReviewItem.resolution), as the queue's "done" view says it.
RESOLUTION_LABELS = {
    ItemResolution.ANSWERED: "Answered", ItemResolution.PUBLISHED: "Published",
    ItemResolution.APPROVED: "Reply approved", ItemResolution.HIDDEN: "Hidden",
    ItemResolution.DISMISSED: "Flags dismissed", ItemResolution.ESCALATED: "Escalated",
    ItemResolution.SIGNED_OFF: "Answer signed off", ItemResolution.RETURNED: "Returned for edits",
    ItemResolution.REJECTED: "Rejected", ItemResolution.WITHDRAWN: "Withdrawn by the author",
    ItemResolution.ARTICLE_SIGNED_OFF: "Article signed off",
    ItemResolution.ARTICLE_PUBLISHED: "Article published",
    ItemResolution.ARTICLE_RETURNED: "Article returned for edits",
}


class ReviewItem(db.Model):
    __tablename__ = "review_items"
    __table_args__ = (
        # The queue's order (open items, urgent first, then oldest first) is
        # ix_review_items_queue_order, declared after the class: urgent sorts DESC in it.
        Index("ix_review_items_specialty", "status", "specialty_id", "urgent", "created_at", "id"),
        Index("ix_review_items_question", "question_id", "status"),
        Index("ix_review_items_claimed_by", "claimed_by_id", "status"),
        Index("ix_review_items_article", "article_id", "status"),
        check_in("kind", ItemKind), check_in("status", ItemStatus), check_in("crisis_level", CrisisLevel),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.OPEN)
    urgent: Mapped[bool] = mapped_column(default=False)
    phi_flagged: Mapped[bool] = mapped_column(default=False)
    crisis_level: Mapped[str] = mapped_column(String(16), default=CrisisLevel.NONE)
    # Every item is about a question, or (ARTICLE_ITEM_KINDS) about an article.
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"))
    # Human summary of why it is here (flag reasons, escalation note); never post text.
    note: Mapped[str] = mapped_column(Text, default="")
    # Bumped on every change so a form opened on an older state is refused as stale.
    version: Mapped[int] = mapped_column(default=1)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(32))
    # When the specialty's lead clinician was emailed that this item nears its answer target.
    deadline_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question | None] = relationship()
    article: Mapped[Article | None] = relationship()
    reply: Mapped[Reply | None] = relationship()
    answer: Mapped[Answer | None] = relationship()
    topic: Mapped[Topic] = relationship()
    specialty: Mapped[Specialty] = relationship()

    @property
    def is_article(self) -> bool:
        return self.kind in ARTICLE_ITEM_KINDS

    @property
    def subject_title(self) -> str:
        """What the queue row names: the article's or the question's title."""
        return self.article.title if self.is_article else self.question.title

    @property
    def post(self) -> Question | Reply:
        """The post this item is about: its reply if it has one, else its question."""
        return self.reply if self.reply_id else self.question

    @property
    def post_kind(self) -> str:
        """"reply" or "question": the audit target kind and the word shown to its author."""
        return "reply" if self.reply_id else "question"

    @property
    def flag_target(self) -> str:
        """The key the flags on this item's post carry (Flag.target_for)."""
        return Flag.target_for(self.question_id, self.reply_id)
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def resolution_label(self) -> str:
        """How a finished item ended, for the queue's "done" view."""
        if self.resolution is None:
            return ""
        return RESOLUTION_LABELS.get(self.resolution, self.resolution.replace("_", " ").capitalize())

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS.get(self.kind, self.kind)


# Directions match the queue's ORDER BY, so the first page is read straight off the index
# (mixed ASC/DESC order cannot use an all-ascending index without sorting every open item).
Index("ix_review_items_queue_order", ReviewItem.status, ReviewItem.urgent.desc(), ReviewItem.created_at,
      ReviewItem.id)
