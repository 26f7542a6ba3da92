"""Reviewing articles: a second verified clinician of a matching specialty signs off the
medical content, then staff (communications) approve publication; either may return it
to its author with a reason. Each step needs a live claim on its review item, is audited,
closes the item once and tells the author. Flush only.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Article, ArticleViewDay, ClinicianProfile, User
from forum.models.base import utcnow
from forum.models.enums import ArticleStatus, ItemAction, ItemKind, ItemResolution
from forum.permissions import PermissionDenied, can_sign_off_article, is_moderator, is_staff
from forum.platform.pagination import newest_first_page
from forum.services import DomainError
from forum.services.articles import assign_slug
from forum.services.audit import record_audit
from forum.services.notifications import notify
from moderation.models import ReviewItem
from moderation.services.actions import MAX_REASON
from moderation.services.claims import resolve_item
from moderation.services.item_actions import require_action
from moderation.services.review_cycle import add_months

def queue_article(article: Article) -> ReviewItem:
    """A submitted article waits for a clinician of its primary topic's specialty."""
    return _open_item(article, ItemKind.ARTICLE_SIGNOFF)


def _open_item(article: Article, kind: str) -> ReviewItem:
    topic = article.primary_topic
    item = ReviewItem(kind=kind, article_id=article.id, topic_id=topic.id, specialty_id=topic.specialty_id)
    db.session.add(item)
    db.session.flush()
    return item


def _require_action(actor, item: ReviewItem, version, action: ItemAction) -> Article:
    require_action(actor, item, version, action)  # the claim, then available_actions' rule
    return item.article


def sign_off_article(actor, item: ReviewItem, version) -> Article:
    """A second verified clinician of the article's specialty (not its author) signs off its
    medical content; it then waits for staff in an "article_approval" item.
    Audit "article.sign_off"; the author is told. Raises PermissionDenied, ItemConflict, DomainError."""
    article = _require_action(actor, item, version, ItemAction.ARTICLE_SIGN_OFF)
    now = utcnow()
    article.status = ArticleStatus.SIGNED_OFF
    article.signed_off_by_id, article.signed_off_at = actor.id, now
    article.updated_at = now
    record_audit(actor, "article.sign_off", "article", article.id, from_status=ArticleStatus.IN_REVIEW,
                 to_status=ArticleStatus.SIGNED_OFF)
    resolve_item(actor, item, version, ItemResolution.ARTICLE_SIGNED_OFF)
    _open_item(article, ItemKind.ARTICLE_APPROVAL)
    _tell_author(article, "article_signed_off",
                 "A clinician signed off your article; it now waits for publication.")
    return article


def approve_article(actor, item: ReviewItem, version) -> Article:
    """Staff approve a signed-off article: its working copy becomes the live copy readers see,
    "medically reviewed by" the clinician who signed it off, on that day, next due
    ARTICLE_REVIEW_MONTHS later. The slug follows the title (old slugs redirect).
    Audit "article.publish"; the author is told."""
    article = _require_action(actor, item, version, ItemAction.ARTICLE_APPROVE)
    now = utcnow()
    article.live_kind, article.live_title, article.live_summary = article.kind, article.title, article.summary
    article.live_body_md, article.live_body_html = article.body_md, article.body_html
    article.live_media_kind, article.live_media_url = article.media_kind, article.media_url
    article.live_media_transcript, article.live_conflicts = article.media_transcript, article.conflicts
    article.reviewed_by_id, article.reviewed_at = article.signed_off_by_id, article.signed_off_at
    article.review_due_at = add_months(article.signed_off_at, current_app.config["ARTICLE_REVIEW_MONTHS"])
    article.approved_by_id = actor.id
    article.first_published_at = article.first_published_at or now
    article.published_at = article.updated_at = now
    article.status = ArticleStatus.PUBLISHED
    article.live = True
    assign_slug(article)
    record_audit(actor, "article.publish", "article", article.id, from_status=ArticleStatus.SIGNED_OFF,
                 to_status=ArticleStatus.PUBLISHED)
    resolve_item(actor, item, version, ItemResolution.ARTICLE_PUBLISHED)
    _tell_author(article, "article_published", "Your article has been published.")
    return article


def return_article(actor, item: ReviewItem, version, *, reason: str) -> Article:
    """The reviewing clinician (at sign-off) or staff (at approval) return the article to its
    author with a reason shown to them. The live copy, if any, stays up.
    Audit "article.return" (with the reason); the author is told the reason."""
    article = _require_action(actor, item, version, ItemAction.ARTICLE_RETURN)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say what the author should change.", field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(f"Keep the reason to {MAX_REASON:,} characters or fewer.", field="reason")
    from_status = article.status
    article.status = ArticleStatus.RETURNED
    article.return_reason = reason
    article.signed_off_by_id = article.signed_off_at = None
    article.updated_at = utcnow()
    record_audit(actor, "article.return", "article", article.id, from_status=from_status,
                 to_status=ArticleStatus.RETURNED, reason=reason)
    resolve_item(actor, item, version, ItemResolution.ARTICLE_RETURNED)
    _tell_author(article, "article_returned", f"Your article was returned for edits: {reason}")
    return article


def _tell_author(article: Article, kind: str, message: str) -> None:
    if article.author_id is not None:
        notify(article.author_id, kind, message)


# -- the review cycle: published articles come due for review ---------------------------

def _lapsed_authors(now: datetime):
    """Authors whose verification was revoked or has lapsed (CLINICIAN_VERIFICATION_MONTHS)."""
    cutoff = now - timedelta(days=current_app.config["CLINICIAN_VERIFICATION_MONTHS"] * 365.25 / 12)
    return select(ClinicianProfile.user_id).where(or_(ClinicianProfile.revoked_at.is_not(None),
                                                      ClinicianProfile.verified_at <= cutoff))


def articles_due(actor, *, now: datetime, limit: int = 20) -> tuple[list[Article], bool]:
    """Moderators: published articles past their review date, or whose author's verification
    lapsed, that are not already back in review; longest overdue first."""
    if not is_moderator(actor):
        raise PermissionDenied()
    statement = (Article.live_list().options(joinedload(Article.reviewed_by).joinedload(User.clinician_profile))
                 .where(Article.status == ArticleStatus.PUBLISHED,
                        or_(Article.review_due_at <= now, Article.author_id.in_(_lapsed_authors(now))))
                 .order_by(Article.review_due_at, Article.id).limit(limit + 1))
    rows = list(db.session.scalars(statement).unique())
    return rows[:limit], len(rows) > limit


def can_start_article_review(user, article: Article, now: datetime | None = None) -> bool:
    """The author (while verified) or a verified clinician of the article's specialty starts
    the review of a published article that is due."""
    if article.status != ArticleStatus.PUBLISHED or not (user and user.is_authenticated
                                                         and user.is_verified_clinician):
        return False
    return article.author_id == user.id or can_sign_off_article(user, article)


def start_article_review(actor, article: Article) -> Article:
    """Send a published article back through sign-off and approval as it stands (its live copy
    stays up meanwhile). Audit "article.review"; queues an "article_signoff" item.
    Raises PermissionDenied."""
    if not can_start_article_review(actor, article):
        raise PermissionDenied()
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_at = article.updated_at = utcnow()
    article.signed_off_by_id = article.signed_off_at = None
    record_audit(actor, "article.review", "article", article.id, from_status=ArticleStatus.PUBLISHED,
                 to_status=ArticleStatus.IN_REVIEW)
    queue_article(article)
    return article


# -- the communications lead's view ------------------------------------------------------

@dataclass(frozen=True)
class ArticleRow:
    """One article on the console: its state, people, how long each step took, its views."""

    article: Article
    views: int

    @staticmethod
    def _hours(start: datetime | None, end: datetime | None) -> float | None:
        return round((end - start).total_seconds() / 3600, 1) if start and end and end >= start else None

    @property
    def writing_hours(self) -> float | None:
        """From the first draft to the (last) submission."""
        return self._hours(self.article.created_at, self.article.submitted_at)

    @property
    def sign_off_hours(self) -> float | None:
        """From submission to the clinician's sign-off."""
        return self._hours(self.article.submitted_at, self.article.signed_off_at or (
            self.article.reviewed_at if self.article.status == ArticleStatus.PUBLISHED else None))

    @property
    def approval_hours(self) -> float | None:
        """From the sign-off to publication."""
        signed = self.article.signed_off_at or self.article.reviewed_at
        return self._hours(signed, self.article.published_at) if self.article.status == ArticleStatus.PUBLISHED \
            else None


CONSOLE_COLUMNS = ("title", "kind", "state", "author", "reviewer", "approved_by", "created", "submitted",
                   "signed_off", "published", "writing_hours", "sign_off_hours", "approval_hours", "views",
                   "review_due")


def article_console_page(actor, *, status: str | None, after: tuple | None,
                         limit: int) -> tuple[list[ArticleRow], bool]:
    """Staff: every article (optionally in one state), most recently changed first, with its
    total views (ArticleViewDay summed). Keyset pages on (updated_at, id); two queries."""
    if not is_staff(actor):
        raise PermissionDenied()
    statement = select(Article).options(
        joinedload(Article.author).joinedload(User.clinician_profile),
        joinedload(Article.reviewed_by).joinedload(User.clinician_profile),
        joinedload(Article.signed_off_by), joinedload(Article.approved_by))
    if status is not None:
        statement = statement.where(Article.status == status)
    articles, more = newest_first_page(statement, Article.updated_at, Article.id, after, limit)
    views = dict(db.session.execute(
        select(ArticleViewDay.article_id, func.sum(ArticleViewDay.views))
        .where(ArticleViewDay.article_id.in_([article.id for article in articles]))
        .group_by(ArticleViewDay.article_id)).all()) if articles else {}
    return [ArticleRow(article, int(views.get(article.id, 0))) for article in articles], more


def console_cells(row: ArticleRow) -> list:
    """The CSV row for CONSOLE_COLUMNS (written through forum.platform.csv_files)."""
    article = row.article

    def name(user):
        profile = user.clinician_profile if user is not None else None
        return profile.full_name if profile is not None else (user.pseudonym if user is not None else "")

    return [article.title, str(article.kind_label), str(article.status_label), name(article.author),
            name(article.reviewed_by or article.signed_off_by), name(article.approved_by), article.created_at,
            article.submitted_at, article.signed_off_at or article.reviewed_at, article.published_at,
            row.writing_hours, row.sign_off_hours, row.approval_hours, row.views, article.review_due_at]
