"""Atom feeds of newly answered questions, the sitemap, robots.txt and the noindex signal.

Only public content goes out: answered questions with visibility "public". Links are
built from config BASE_URL, never from the Host header.
"""
import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models import Question, QuestionTopic, Topic
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


def _atom(title: str, self_url: str, alternate_url: str, questions: list[Question]) -> Response:
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "title", title)
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    newest = max((q.answered_at for q in questions if q.answered_at), default=None)
    _sub(feed, "updated", _stamp(newest))
    author = _sub(feed, "author")
    _sub(author, "name", current_app.config["ORGANISATION_NAME"])
    for question in questions:
        url = absolute_url("questions.show", question_id=question.id)
        entry = _sub(feed, "entry")
        _sub(entry, "title", question.title)
        _sub(entry, "id", url)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "published", _stamp(question.published_at or question.created_at))
        _sub(entry, "updated", _stamp(question.answered_at))
        _sub(entry, "category", term=question.primary_topic.slug, label=question.primary_topic.name)
        _sub(entry, "summary", plain_excerpt(question.body_md, 300), type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    response = Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                        mimetype="application/atom+xml")
    fingerprint = "|".join(f"{q.id}:{_stamp(q.answered_at)}:{q.updated_at.isoformat()}" for q in questions)
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
                 absolute_url("feeds.site_feed"), absolute_url("main.home"), questions)


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
                 absolute_url("topics.show", slug=slug), questions)


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


@bp.get("/sitemap.xml")
def sitemap():
    """Anyone: topic pages and public answered questions, for search engines."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for (slug,) in db.session.execute(select(Topic.slug).where(Topic.retired_at.is_(None)).order_by(Topic.slug)):
        _sub(_sub(urlset, "url"), "loc", absolute_url("topics.show", slug=slug))
    for question_id, answered_at in _sitemap_questions():
        entry = _sub(urlset, "url")
        _sub(entry, "loc", absolute_url("questions.show", question_id=question_id))
        if answered_at is not None:
            _sub(entry, "lastmod", answered_at.date().isoformat())
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
