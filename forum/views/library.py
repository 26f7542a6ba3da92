"""The public resource library: vetted patient-education links only."""
from flask import Blueprint, current_app, render_template, request, url_for
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Resource, Topic, resource_topics
from forum.platform.numbers import request_id
from forum.platform.page_cache import cached_page

bp = Blueprint("library", __name__, url_prefix="/resources")


def library_query(search: str = "", topic_slug: str = "", after_id: int | None = None):
    """Vetted resources by title then id; `after_id` continues after that resource (keyset)."""
    statement = Resource.vetted().order_by(Resource.title, Resource.id)
    topic_of_resource = (resource_topics.c.resource_id == Resource.id) & (Topic.id == resource_topics.c.topic_id)
    if search:
        statement = statement.where(or_(
            Resource.title.icontains(search, autoescape=True),
            Resource.publisher.icontains(search, autoescape=True),
            exists().where(topic_of_resource, Topic.name.icontains(search, autoescape=True)),
        ))
    if topic_slug:
        statement = statement.where(exists().where(topic_of_resource, Topic.slug == topic_slug))
    if after_id is not None:
        after_title = select(Resource.title).where(Resource.id == after_id).scalar_subquery()
        statement = statement.where(or_(Resource.title > after_title,
                                        and_(Resource.title == after_title, Resource.id > after_id)))
    return statement


@bp.get("/")
@cached_page
def index():
    """Anyone browses and searches the vetted resources."""
    search = request.args.get("q", "").strip()[:100]
    topic_slug = request.args.get("topic", "").strip()[:120]
    after = request_id(request.args.get("after"))
    page_size = current_app.config["PAGE_SIZE"]
    rows = db.session.scalars(
        library_query(search, topic_slug, after)
        .options(selectinload(Resource.topics)).limit(page_size + 1)
    ).all()
    next_url = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        next_url = url_for("library.index", q=search or None, topic=topic_slug or None, after=rows[-1].id)
    topics = db.session.scalars(Topic.active().order_by(Topic.name)).all()
    return render_template("library/index.html", resources=rows, topics=topics, search=search,
                           topic_slug=topic_slug, next_url=next_url)
