"""Atom feeds of newly answered questions and of clinicians' articles, the sitemap,
robots.txt and the noindex signal.

Only public content goes out: answered questions with visibility "public", and the live
copy of published articles. Links are
built from config BASE_URL, never from the Host header.
"""
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models import Article, Question, QuestionTopic, Topic, User
from forum.models.enums import Listing, QuestionStatus
from forum.rendering import plain_excerpt

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 50
FEED_MAX_AGE = 300
SITEMAP_BATCH = 1000
SITEMAP_MAX_URLS = 50_000  # the sitemap protocol's limit for one file
ROBOTS_DISALLOW = ("/moderation", "/account", "/auth", "/search", "/my", "/following", "/unsubscribe")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _text(value: str | None) -> str:
    """ElementTree escapes markup characters; characters XML forbids are removed here."""
    return _NOT_XML.sub("", value or "")


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = ET.SubElement(parent, tag, {key: _text(value) for key, value in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _stamp(moment: datetime | None) -> str:
    return (moment or _EPOCH).astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# Feeds and the sitemap are read by anyone: what an anonymous visitor may read.
PUBLIC = Question.visible_to(None)


def public_answered():
    """Newest answered public questions first (ix_questions_status_answered)."""
    return (select(Question).where(Question.status == QuestionStatus.ANSWERED, PUBLIC)
            .options(joinedload(Question.primary_topic))
            .order_by(Question.answered_at.desc(), Question.id.desc()))


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    published: datetime | None
    updated: datetime | None
    summary: str
    topic: Topic
    changed: str  # what the ETag covers besides `updated` (an edit that keeps the date)


def question_entry(question: Question) -> FeedEntry:
    return FeedEntry(question.title, absolute_url("questions.show", question_id=question.id),
                     question.published_at or question.created_at, question.answered_at,
                     plain_excerpt(question.body_md, 300), question.primary_topic, question.updated_at.isoformat())


def article_entry(article: Article) -> FeedEntry:
    return FeedEntry(article.live_title, absolute_url("articles.show", slug=article.slug), article.first_published_at,
                     article.published_at, article.live_summary, article.primary_topic, article.slug)


def _atom(title: str, self_url: str, alternate_url: str, entries: list[FeedEntry]) -> Response:
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "title", title)
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    newest = max((entry.updated for entry in entries if entry.updated), default=None)
    _sub(feed, "updated", _stamp(newest))
    author = _sub(feed, "author")
    _sub(author, "name", current_app.config["ORGANISATION_NAME"])
    for item in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", item.title)
        _sub(entry, "id", item.url)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        _sub(entry, "published", _stamp(item.published))
        _sub(entry, "updated", _stamp(item.updated))
        _sub(entry, "category", term=item.topic.slug, label=item.topic.name)
        _sub(entry, "summary", item.summary, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    response = Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                        mimetype="application/atom+xml")
    fingerprint = "|".join(f"{entry.url}:{_stamp(entry.updated)}:{entry.changed}" for entry in entries)
    response.set_etag(hashlib.sha256(f"{title}|{fingerprint}".encode()).hexdigest())
    if newest is not None:
        response.last_modified = newest
    response.cache_control.public = True
    response.cache_control.max_age = feed_max_age()
    return response.make_conditional(request)


def feed_max_age() -> int:
    """How long shared caches may keep a feed: never longer than the page cache keeps pages
    (PAGE_CACHE_SECONDS), so a hidden question leaves feeds when it leaves pages; with the
    page cache off, not at all (readers revalidate with the ETag and get a 304)."""
    if not current_app.config["PAGE_CACHE_ENABLED"]:
        return 0
    return min(FEED_MAX_AGE, current_app.config["CACHE_DEFAULT_TIMEOUT"])


@bp.get("/feed.atom")
def site_feed():
    """Anyone: an Atom feed of newly answered public questions."""
    questions = db.session.scalars(public_answered().limit(FEED_ENTRIES)).all()
    return _atom(f"{current_app.config['ORGANISATION_NAME']}: newly answered questions",
                 absolute_url("feeds.site_feed"), absolute_url("main.home"), [question_entry(q) for q in questions])


@bp.get("/topics/<slug>/feed.atom")
def topic_feed(slug: str):
    """Anyone: an Atom feed of newly answered public questions on one topic."""
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        abort(404)
    questions = db.session.scalars(
        select(Question).join(QuestionTopic, QuestionTopic.question_id == Question.id)
        .where(QuestionTopic.topic_id == topic.id, QuestionTopic.listing == Listing.ANSWERED,
               Question.status == QuestionStatus.ANSWERED, PUBLIC)
        .options(joinedload(Question.primary_topic))
        .order_by(QuestionTopic.listed_at.desc(), QuestionTopic.question_id.desc()).limit(FEED_ENTRIES)
    ).all()
    return _atom(f"{topic.name}: newly answered questions", absolute_url("feeds.topic_feed", slug=slug),
                 absolute_url("topics.show", slug=slug), [question_entry(q) for q in questions])


def _article_feed(title: str, self_url: str, alternate_url: str, statement) -> Response:
    articles = db.session.scalars(statement.order_by(Article.published_at.desc(), Article.id.desc())
                                  .limit(FEED_ENTRIES)).unique().all()
    return _atom(title, self_url, alternate_url, [article_entry(article) for article in articles])


@bp.get("/articles/feed.atom")
def articles_feed():
    """Anyone: an Atom feed of newly published clinicians' articles."""
    return _article_feed(f"{current_app.config['ORGANISATION_NAME']}: from our clinicians",
                         absolute_url("feeds.articles_feed"), absolute_url("articles.index"), Article.live_list())


@bp.get("/topics/<slug>/articles.atom")
def topic_articles_feed(slug: str):
    """Anyone: an Atom feed of newly published articles on one topic."""
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        abort(404)
    return _article_feed(f"{topic.name}: from our clinicians", absolute_url("feeds.topic_articles_feed", slug=slug),
                         absolute_url("articles.index", topic=slug), Article.live_for_topic(topic.id))


@bp.get("/clinicians/<int:user_id>/feed.atom")
def clinician_feed(user_id: int):
    """Anyone: an Atom feed of one clinician's published articles."""
    clinician = db.session.get(User, user_id)
    if clinician is None or clinician.clinician_profile is None:
        abort(404)
    return _article_feed(f"{clinician.clinician_profile.full_name}: articles",
                         absolute_url("feeds.clinician_feed", user_id=user_id),
                         absolute_url("articles.index", clinician=user_id), Article.live_by_author(user_id))


def _sitemap_questions():
    """(id, answered_at) of every public answered question, in keyset batches by id."""
    last_id, produced = 0, 0
    while produced < SITEMAP_MAX_URLS:
        rows = db.session.execute(
            select(Question.id, Question.answered_at)
            .where(Question.status == QuestionStatus.ANSWERED, PUBLIC, Question.id > last_id)
            .order_by(Question.id).limit(SITEMAP_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            yield row
        produced += len(rows)
        last_id = rows[-1].id


def _sitemap_articles():
    """(slug, published_at) of every live article, in keyset batches by id."""
    last_id = 0
    while True:
        rows = db.session.execute(select(Article.id, Article.slug, Article.published_at)
                                  .where(Article.listed(), Article.id > last_id)
                                  .order_by(Article.id).limit(SITEMAP_BATCH)).all()
        if not rows:
            return
        for row in rows:
            yield row.slug, row.published_at
        last_id = rows[-1].id


@bp.get("/sitemap.xml")
def sitemap():
    """Anyone: topic pages, public answered questions and published articles, for search engines."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for (slug,) in db.session.execute(select(Topic.slug).where(Topic.retired_at.is_(None)).order_by(Topic.slug)):
        _sub(_sub(urlset, "url"), "loc", absolute_url("topics.show", slug=slug))
    for question_id, answered_at in _sitemap_questions():
        entry = _sub(urlset, "url")
        _sub(entry, "loc", absolute_url("questions.show", question_id=question_id))
        if answered_at is not None:
            _sub(entry, "lastmod", answered_at.date().isoformat())
    for slug, published_at in _sitemap_articles():
        entry = _sub(urlset, "url")
        _sub(entry, "loc", absolute_url("articles.show", slug=slug))
        _sub(entry, "lastmod", published_at.date().isoformat())
    body = ET.tostring(urlset, encoding="unicode")
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Anyone: what crawlers may fetch, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {absolute_url('feeds.sitemap')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


def noindex_meta() -> Markup:
    """Called by templates of pages search engines must not index (members-only content):
    returns the robots meta tag and makes the response carry X-Robots-Tag too."""
    g.noindex = True
    return Markup('<meta name="robots" content="noindex">')


def _robots_header(response):
    if g.get("noindex"):
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["noindex_meta"] = noindex_meta
    app.after_request(_robots_header)
