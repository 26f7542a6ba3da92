"""Reviewing articles: a second verified clinician of a matching specialty signs off the
medical content, then staff (communications) approve publication; either may return it
to its author with a reason. Each step needs a live claim on its review item, is audited,
closes the item once and tells the author. Flush only.
"""
from flask import current_app

from forum.extensions import db
from forum.models import Article
from forum.models.base import utcnow
from forum.models.enums import ArticleStatus, ItemAction, ItemKind
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
    resolve_item(actor, item, version, "article_signed_off")
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
    resolve_item(actor, item, version, "article_published")
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
    resolve_item(actor, item, version, "article_returned")
    _tell_author(article, "article_returned", f"Your article was returned for edits: {reason}")
    return article


def _tell_author(article: Article, kind: str, message: str) -> None:
    if article.author_id is not None:
        notify(article.author_id, kind, message)
