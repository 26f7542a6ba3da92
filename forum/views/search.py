"""Search: the results page and the "already answered?" suggestions the ask form shows."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from forum.extensions import db, limiter
from forum.forms.fields import topic_choices
from forum.forms.search import SearchForm
from forum.models import Topic
from forum.platform import rate_limits
from forum.platform.pagination import list_link
from forum.search import search, similar_suggestions

bp = Blueprint("search", __name__, url_prefix="/search")
# The query parameters a next-page link carries over (the SearchForm's fields).
SEARCH_PARAMETERS = ("q", "topic", "kind", "answered", "date_from", "date_to")


@bp.get("")
@limiter.limit(rate_limits.SEARCH)
def index():
    """Anyone: ranked public questions, clinician answers and vetted resources."""
    form = SearchForm(request.args)
    form.topic.choices = topic_choices(db.session.scalars(Topic.active().order_by(Topic.kind, Topic.name)),
                                       blank="Any condition or procedure")
    if "q" not in request.args:
        return render_template("search/index.html", form=form, page=None, next_url=None)
    if not form.validate():
        return render_template("search/index.html", form=form, page=None, next_url=None), 400
    filters = {"topic_id": form.topic.data, "topic_kind": form.kind.data or None,
               "answered_only": form.answered.data, "date_from": form.date_from.data, "date_to": form.date_to.data}
    try:
        page = search(form.q.data, viewer=current_user, after=request.args.get("after"),
                      limit=current_app.config["PAGE_SIZE"], **filters)
    except ValueError:
        abort(400)
    next_url = None
    if page.next_after:
        next_url = list_link("search.index", SEARCH_PARAMETERS, after=page.next_after)
    return render_template("search/index.html", form=form, page=page, next_url=next_url)


@bp.get("/similar")
@limiter.limit(rate_limits.SEARCH)
def similar():
    """Anyone: up to five answered questions and three articles like ?title=..., an HTML fragment for similar.js."""
    title = request.args.get("title", "")[:200]
    return render_template("search/_similar.html", similar=similar_suggestions(title, viewer=current_user),
                           standalone=False)
