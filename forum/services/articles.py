"""Writing and submitting articles (the author's side); moderation.services.articles reviews
and publishes them. Flush only; every write is audited in the caller's transaction."""
import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from forum import signals
from forum.extensions import db
from forum.models import Article, ArticleSlug, ArticleViewDay, Resource, Topic
from forum.models.articles import (
    ARTICLE_KINDS,
    BODY_MAX,
    EDITABLE_STATUSES,
    MEDIA_KINDS,
    SUMMARY_MAX,
    TITLE_MAX,
)
from forum.models.base import utcnow
from forum.models.enums import ArticleStatus
from forum.permissions import PermissionDenied, can_edit_article, can_write_article
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.policies import require_current_policies

MAX_TOPICS = 5
# Paths under /articles/ that are not articles.
RESERVED_SLUGS = frozenset({"new"})
MAX_RESOURCES = 10
# What the clinician confirms before submitting (the clinician policy's checklist).
SUBMIT_CHECKLIST = {
    "no_personal_advice": "This gives no personal advice to an identifiable patient.",
    "conflicts_declared": "I have declared any conflicts of interest below (or have none).",
    "sources_cited": "I have cited the sources for the medical statements I make.",
}


def media_hosts() -> tuple[str, ...]:
    """ARTICLE_MEDIA_HOSTS as a tuple of lower-case host names."""
    return tuple(host.strip().lower() for host in current_app.config["ARTICLE_MEDIA_HOSTS"].split(",")
                 if host.strip())


def check_media_url(url: str) -> str:
    """An https embed URL on ARTICLE_MEDIA_HOSTS, or DomainError saying which hosts are allowed."""
    url = url.strip()
    parts = urlsplit(url)
    hosts = media_hosts()
    if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts or parts.username or parts.port:
        raise DomainError(f"Media can only be embedded from these hosts, over https: {', '.join(hosts)}. "
                          "Use the player (embed) link your host gives you.", field="media_url")
    return url


def slugify(title: str) -> str:
    """"What to expect after a knee replacement" -> "what-to-expect-after-a-knee-replacement"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:200].rstrip("-")
    return slug or "article"


def _text_fields(title, summary, body, kind) -> tuple[str, str, str]:
    title, summary, body = (title or "").strip(), (summary or "").strip(), (body or "").strip()
    for value, name, label, limit in ((title, "title", "title", TITLE_MAX), (summary, "summary", "summary", SUMMARY_MAX),
                                      (body, "body", "article", BODY_MAX)):
        if not value:
            raise DomainError(f"Write the {label}.", field=name)
        if len(value) > limit:
            raise DomainError(f"Keep the {label} to {limit:,} characters or fewer.", field=name)
    if kind not in ARTICLE_KINDS:
        raise DomainError("Choose what kind of article this is.", field="kind")
    return title, summary, body


def _topics(topic_ids) -> list[Topic]:
    ids = list(dict.fromkeys(topic_id for topic_id in topic_ids if topic_id is not None))
    if not ids:
        raise DomainError("Choose the condition or procedure the article is about.", field="primary_topic")
    if len(ids) > MAX_TOPICS:
        raise DomainError(f"Choose at most {MAX_TOPICS} conditions or procedures.", field="topics")
    found = {topic.id: topic for topic in db.session.scalars(Topic.active().where(Topic.id.in_(ids)))}
    if len(found) != len(ids):
        raise DomainError("Choose conditions and procedures from the list.", field="primary_topic")
    return [found[topic_id] for topic_id in ids]


def _resources(resource_ids) -> list[Resource]:
    ids = list(dict.fromkeys(resource_ids or ()))
    if len(ids) > MAX_RESOURCES:
        raise DomainError(f"Link at most {MAX_RESOURCES} resources.", field="resources")
    found = db.session.scalars(Resource.vetted().where(Resource.id.in_(ids))).all() if ids else []
    if len(found) != len(ids):
        raise DomainError("Link only vetted resources from the library.", field="resources")
    return list(found)


def _media(media_kind, media_url, transcript) -> tuple[str | None, str | None, str | None]:
    media_url, transcript = (media_url or "").strip(), (transcript or "").strip()
    if not media_url:
        return None, None, None
    if media_kind not in MEDIA_KINDS:
        raise DomainError("Say whether the media is a video or a podcast episode.", field="media_kind")
    if not transcript:
        raise DomainError("Add a transcript of the video or podcast: readers who cannot hear or watch it "
                          "need it.", field="media_transcript")
    if len(transcript) > BODY_MAX:
        raise DomainError(f"Keep the transcript to {BODY_MAX:,} characters or fewer.", field="media_transcript")
    return media_kind, check_media_url(media_url), transcript


def write_article(actor, article: Article | None = None, *, title: str, summary: str, body: str, kind: str,
                  topic_ids, resource_ids=(), media_kind: str | None = None, media_url: str | None = None,
                  media_transcript: str | None = None, conflicts: str = "") -> Article:
    """A verified clinician (can_write_article) starts an article, or its author edits the
    working copy (can_edit_article: a draft, a returned one, or a published one, whose live
    copy stays up until the edit is reviewed). The working copy becomes a draft again.

    Raises PermissionDenied, or DomainError for empty or over-long text, unknown topics,
    unvetted resources, media off ARTICLE_MEDIA_HOSTS or without a transcript.
    Audit "article.write" (new) or "article.edit".
    """
    if article is None and not can_write_article(actor):
        raise PermissionDenied()
    if article is not None and not can_edit_article(actor, article):
        raise PermissionDenied()
    require_current_policies(actor)
    title, summary, body = _text_fields(title, summary, body, kind)
    topics = _topics(topic_ids)
    resources = _resources(resource_ids)
    media = _media(media_kind, media_url, media_transcript)
    conflicts = (conflicts or "").strip()
    if len(conflicts) > SUMMARY_MAX:
        raise DomainError(f"Keep the declared conflicts to {SUMMARY_MAX} characters or fewer.", field="conflicts")
    created = article is None
    if created:
        article = Article(author_id=actor.id)
        db.session.add(article)
    from_status = None if created else article.status
    article.title, article.summary, article.kind, article.conflicts = title, summary, kind, conflicts
    article.body_md, article.body_html = body, render_markdown(body)
    article.media_kind, article.media_url, article.media_transcript = media
    article.primary_topic_id = topics[0].id
    article.topics = topics
    article.resources = resources
    article.status = ArticleStatus.DRAFT
    article.updated_at = utcnow()
    db.session.flush()
    record_audit(actor, "article.write" if created else "article.edit", "article", article.id,
                 from_status=from_status, to_status=ArticleStatus.DRAFT)
    return article


def submit_article(actor, article: Article, *, confirmed: set[str]) -> Article:
    """The author sends a draft (or returned) article for review, having ticked every item of
    SUBMIT_CHECKLIST. It waits for a second clinician of its topic's specialty to sign off
    (forum.signals.article_submitted: moderation queues an "article_signoff" item).

    Raises PermissionDenied, or DomainError if a box is unticked or it is not a draft.
    Audit "article.submit".
    """
    if not can_edit_article(actor, article):
        raise PermissionDenied()
    if article.status not in (ArticleStatus.DRAFT, ArticleStatus.RETURNED):
        raise DomainError("Only a draft can be sent for review; edit the article first.")
    missing = [text for key, text in SUBMIT_CHECKLIST.items() if key not in confirmed]
    if missing:
        raise DomainError("Confirm each point of the checklist before you submit: " + " ".join(missing))
    require_current_policies(actor)
    from_status = article.status
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_at = article.updated_at = utcnow()
    article.return_reason = None
    article.signed_off_by_id = article.signed_off_at = None
    db.session.flush()
    record_audit(actor, "article.submit", "article", article.id, from_status=from_status,
                 to_status=ArticleStatus.IN_REVIEW)
    signals.article_submitted.send(article)
    return article


def assign_slug(article: Article) -> None:
    """On publication: the slug follows the live title; an old slug keeps redirecting
    (ArticleSlug). Unique: "-2", "-3", ... are added when another article has it."""
    wanted = slugify(article.live_title)
    if article.slug is not None and re.fullmatch(rf"{re.escape(wanted)}(-[0-9]+)?", article.slug):
        return  # same title: the slug stays
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{wanted}%"),
                                                               Article.id != article.id)))
    taken |= set(db.session.scalars(select(ArticleSlug.slug).where(ArticleSlug.slug.like(f"{wanted}%"),
                                                                   ArticleSlug.article_id != article.id)))
    taken |= RESERVED_SLUGS
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    if article.slug is not None:
        old = db.session.get(ArticleSlug, article.slug)
        if old is None:
            db.session.add(ArticleSlug(slug=article.slug, article_id=article.id))
    reclaimed = db.session.get(ArticleSlug, candidate)
    if reclaimed is not None:  # renamed back to a title it had before
        db.session.delete(reclaimed)
    db.session.flush()
    article.slug = candidate


def count_article_view(article_id: int, day: date | None = None) -> None:
    """One more view of a live article today (run after the response; commits itself).
    No cookie, address or reader is recorded: only the day's total."""
    day = day or utcnow().date()
    changed = db.session.execute(update(ArticleViewDay).where(
        ArticleViewDay.article_id == article_id, ArticleViewDay.day == day)
        .values(views=ArticleViewDay.views + 1)).rowcount
    if not changed:
        try:
            with db.session.begin_nested():
                db.session.add(ArticleViewDay(article_id=article_id, day=day, views=1))
        except IntegrityError:  # another request made today's row first
            db.session.execute(update(ArticleViewDay).where(
                ArticleViewDay.article_id == article_id, ArticleViewDay.day == day)
                .values(views=ArticleViewDay.views + 1))
    db.session.commit()


__all__ = ["EDITABLE_STATUSES", "SUBMIT_CHECKLIST", "assign_slug", "check_media_url", "count_article_view",
           "media_hosts", "slugify", "submit_article", "write_article"]
