"""Clinicians' articles: explainers, guides and recaps, reviewed like answers.

An article has a working copy (title, summary, body, media, conflicts) that its author
edits and that goes through review, and a live copy (the `live_*` columns): the last
version a second clinician signed off and staff approved. Readers only ever see the live
copy, so an edit to a published article is reviewed again while the old version stays up.
"""
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, and_, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from forum.extensions import db
from forum.models import rules
from forum.models.accounts import User
from forum.models.base import UTCDateTime, utcnow
from forum.models.catalogue import Topic
from forum.models.enums import ArticleKind, ArticleStatus, MediaKind, check_in

ARTICLE_KINDS = {
    ArticleKind.EXPLAINER: "Explainer",
    ArticleKind.WHAT_TO_EXPECT: "What to expect",
    ArticleKind.RECOVERY_GUIDE: "Recovery guide",
    ArticleKind.MYTH_BUSTER: "Myth-buster",
    ArticleKind.EVENT_RECAP: "Event recap",
}
ARTICLE_STATUSES = {
    ArticleStatus.DRAFT: "Draft",
    ArticleStatus.IN_REVIEW: "Waiting for a clinician's sign-off",
    ArticleStatus.SIGNED_OFF: "Signed off; waiting for publication",
    ArticleStatus.RETURNED: "Returned for edits",
    ArticleStatus.PUBLISHED: "Published",
}
MEDIA_KINDS = {MediaKind.VIDEO: "Video", MediaKind.PODCAST: "Podcast episode"}
# The working copy may be edited by its author in these states (not while it is in review).
EDITABLE_STATUSES = (ArticleStatus.DRAFT, ArticleStatus.RETURNED, ArticleStatus.PUBLISHED)
TITLE_MAX, SUMMARY_MAX, BODY_MAX = 200, 500, 50_000

article_topics = Table(
    "article_topics",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_topics_topic_id", "topic_id", "article_id"),
)

article_resources = Table(
    "article_resources",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_resources_resource_id", "resource_id"),
)


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        # Public lists (home, topic, profile, feeds): live articles, newest publication first.
        Index("ix_articles_live_published", "live", "published_at", "id"),
        Index("ix_articles_author_live", "author_id", "live", "published_at", "id"),
        Index("ix_articles_status_updated", "status", "updated_at", "id"),
        check_in("kind", ArticleKind), check_in("status", ArticleStatus), check_in("media_kind", MediaKind),
        check_in("live_media_kind", MediaKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default=ArticleKind.EXPLAINER)
    status: Mapped[str] = mapped_column(String(16), default=ArticleStatus.DRAFT)
    # The topic whose specialty reviews the article (its review item's lane).
    primary_topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    # The working copy.
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX))
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # rendered once, on write (forum.rendering)
    media_kind: Mapped[str | None] = mapped_column(String(16))
    media_url: Mapped[str | None] = mapped_column(String(500))
    media_transcript: Mapped[str | None] = mapped_column(Text)
    conflicts: Mapped[str] = mapped_column(Text, default="")  # declared conflicts of interest
    # Why the last reviewer sent it back; shown to the author until they submit again.
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The live copy: what readers see (NULL until the first publication).
    live: Mapped[bool] = mapped_column(default=False)
    slug: Mapped[str | None] = mapped_column(String(220), unique=True)
    live_kind: Mapped[str | None] = mapped_column(String(16))
    live_title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    live_summary: Mapped[str | None] = mapped_column(String(SUMMARY_MAX))
    live_body_md: Mapped[str | None] = mapped_column(Text)
    live_body_html: Mapped[str | None] = mapped_column(Text)
    live_media_kind: Mapped[str | None] = mapped_column(String(16))
    live_media_url: Mapped[str | None] = mapped_column(String(500))
    live_media_transcript: Mapped[str | None] = mapped_column(Text)
    live_conflicts: Mapped[str | None] = mapped_column(Text)
    # "Medically reviewed by … on …" and when the next review is due.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    primary_topic: Mapped[Topic] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=article_topics, order_by=Topic.name)
    resources: Mapped[list["Resource"]] = relationship(  # noqa: F821
        secondary=article_resources, order_by="Resource.title")

    @property
    def kind_label(self) -> str:
        return ARTICLE_KINDS.get(self.kind, self.kind)

    @property
    def live_kind_label(self) -> str:
        return ARTICLE_KINDS.get(self.live_kind or self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return ARTICLE_STATUSES.get(self.status, self.status)

    @property
    def live_media_host(self) -> str:
        return urlsplit(self.live_media_url).hostname or "" if self.live_media_url else ""

    @property
    def media_host(self) -> str:
        return urlsplit(self.media_url).hostname or "" if self.media_url else ""

    @property
    def has_unpublished_changes(self) -> bool:
        return self.live and self.status != ArticleStatus.PUBLISHED

    @staticmethod
    def readers(user) -> rules.Rule:
        """Who may read an article's working copy: its author and moderators (the queue's
        reviewers); everyone else only its live copy, once it has one."""
        published = (("live", "==", True),)
        if user is None or not user.is_authenticated:
            return [published]
        if user.is_moderator:
            return rules.EVERYTHING
        return [published, (("author_id", "==", user.id),)]

    @classmethod
    def visible_to(cls, user):
        """Where-clause: the articles `user` may open (their live copy, or working copy)."""
        return rules.where(cls, cls.readers(user))

    def is_visible_to(self, user) -> bool:
        return rules.holds(self, self.readers(user))

    @classmethod
    def listed(cls):
        """Where-clause for public lists, feeds, search and the sitemap: live articles."""
        return and_(cls.live.is_(True), cls.published_at.is_not(None))

    @staticmethod
    def by_author(user_id: int):
        return select(Article).where(Article.author_id == user_id)

    @classmethod
    def live_list(cls):
        """Live articles with what a list shows (author's profile, primary topic); the caller
        orders and pages them (forum.platform.pagination.newest_first_page on published_at)."""
        return select(cls).where(cls.listed()).options(
            joinedload(cls.author).joinedload(User.clinician_profile), joinedload(cls.primary_topic))

    @classmethod
    def live_for_topic(cls, topic_id: int):
        """Live articles on a topic (ix_article_topics_topic_id, then ix_articles_live_published)."""
        return cls.live_list().join(article_topics, article_topics.c.article_id == cls.id).where(
            article_topics.c.topic_id == topic_id)

    @classmethod
    def live_by_author(cls, user_id: int):
        return cls.live_list().where(cls.author_id == user_id)


class ArticleSlug(db.Model):
    """A slug an article was published under before a rename: it redirects there for good."""

    __tablename__ = "article_slugs"

    slug: Mapped[str] = mapped_column(String(220), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleViewDay(db.Model):
    """Page views of a live article, one counter per day: no cookie, no address, no reader."""

    __tablename__ = "article_view_days"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(default=0)
