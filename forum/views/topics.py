"""Conditions and procedures: the index and each topic's page."""
from itertools import groupby

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from forum.extensions import db
from forum.models import Article, Question, QuestionTopic, Resource, Topic
from forum.platform.i18n import current_language
from forum.platform.page_cache import cached_page
from forum.platform.pagination import (
    decode_moment_cursor,
    encode_moment_cursor,
    split_page,
)
from forum.views.articles import latest_articles

bp = Blueprint("topics", __name__, url_prefix="/topics")

TABS = {"answered": "answered", "unanswered": "unanswered"}


@bp.get("/")
@cached_page
def index():
    """Anyone: every condition and procedure, A–Z and by specialty."""
    topics = db.session.scalars(
        Topic.active().options(joinedload(Topic.specialty)).order_by(Topic.name)
    ).all()
    by_specialty = [(name, list(group)) for name, group in
                    groupby(sorted(topics, key=lambda t: (t.specialty.name, t.name)),
                            key=lambda t: t.specialty.name)]
    return render_template("topics/index.html", topics=topics, by_specialty=by_specialty)


@bp.get("/<slug>")
@cached_page
def show(slug: str):
    """Anyone: a topic's resources and its answered (or, on the other tab, unanswered) questions."""
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug).options(joinedload(Topic.specialty)))
    if topic is None:
        abort(404)
    tab = request.args.get("tab", "answered")
    if tab not in TABS:
        abort(404)
    resources = db.session.scalars(Resource.vetted_for_topic(topic.id)).all()
    # The reader's language first; "every language" on request (a link on the page).
    every_language = request.args.get("language") == "all"
    language = None if every_language else current_language()
    links, has_more = _listed_questions(topic, TABS[tab], decode_moment_cursor(request.args.get("after")), language)
    next_url = None
    if has_more:
        last = links[-1]
        next_url = url_for("topics.show", slug=slug, tab=tab, language="all" if every_language else None,
                           after=encode_moment_cursor(last.listed_at, last.question_id))
    formats = [(name, list(group)) for name, group in groupby(resources, key=lambda r: r.format)]
    return render_template("topics/show.html", topic=topic, tab=tab, links=links,
                           resource_formats=formats, next_url=next_url, every_language=every_language,
                           articles=latest_articles(Article.live_for_topic(topic.id)))


def _listed_questions(topic: Topic, listing: str, cursor, language: str | None):
    """One range scan of ix_question_topics_listing, newest first, with the questions joined;
    only those written in `language` unless it is None."""
    page_size = current_app.config["PAGE_SIZE"]
    query = (
        select(QuestionTopic)
        .join(QuestionTopic.question)
        .options(contains_eager(QuestionTopic.question))
        .where(QuestionTopic.topic_id == topic.id, QuestionTopic.listing == listing,
               Question.visible_to(current_user))
        .order_by(QuestionTopic.listed_at.desc(), QuestionTopic.question_id.desc())
        .limit(page_size + 1)
    )
    if language is not None:
        query = query.where(Question.language == language)
    if cursor is not None:
        moment, question_id = cursor
        query = query.where(or_(QuestionTopic.listed_at < moment,
                                and_(QuestionTopic.listed_at == moment,
                                     QuestionTopic.question_id < question_id)))
    return split_page(db.session.scalars(query).unique().all(), page_size)

