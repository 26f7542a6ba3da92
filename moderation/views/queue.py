"""The queue list and the list of published questions still waiting for an answer."""
from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.models import Specialty, Topic
from forum.models.base import utcnow
from forum.models.enums import ItemStatus, Language
from forum.platform.numbers import request_id
from forum.platform.pagination import (
    list_link,
    decode_id_cursor,
    decode_moment_cursor,
    encode_moment_cursor,
)
from moderation import bp
from moderation.models import ITEM_KINDS, ITEM_STATUSES
from moderation.services.deadlines import deadline_for
from moderation.services.queue import (
    QueueFilters,
    default_specialty_filter,
    queue_page,
    unanswered_questions,
)

# The query parameters a next-page link carries over (the filters _filters reads).
QUEUE_PARAMETERS = ("kind", "status", "specialty", "topic", "claimed", "language")


def _filters() -> QueueFilters:
    args = request.args
    kind = args.get("kind") or None
    status = args.get("status") or ItemStatus.OPEN
    specialty = args.get("specialty") or default_specialty_filter(current_user)
    if (kind and kind not in ITEM_KINDS) or status not in ITEM_STATUSES:
        abort(400)
    if specialty not in ("mine", "all"):
        specialty = request_id(specialty)
    language = args.get("language") or None
    if language is not None and language not in set(Language):
        abort(400)
    return QueueFilters(kind=kind, topic_id=request_id(args.get("topic")), specialty=specialty,
                        status=status, claimed_by_me=args.get("claimed") == "me", language=language)


@bp.get("/")
def queue():
    """Moderators see the review items they may work, urgent first, then oldest first."""
    filters = _filters()
    items, more = queue_page(current_user, filters, after_id=decode_id_cursor(request.args.get("after")),
                             limit=current_app.config["PAGE_SIZE"])
    next_url = list_link(".queue", QUEUE_PARAMETERS, after=items[-1].id) if more else None
    topics = db.session.scalars(Topic.active().order_by(Topic.name)).all()
    specialties = db.session.scalars(select(Specialty).order_by(Specialty.name)).all()
    now = utcnow()
    return render_template("moderation/queue.html", items=items, filters=filters, next_url=next_url,
                           kinds=ITEM_KINDS, topics=topics, specialties=specialties, now=now,
                           deadlines={item.id: deadline_for(item, now) for item in items})


@bp.get("/unanswered")
def unanswered():
    """Moderators see published questions no clinician has answered yet, oldest first."""
    questions, more = unanswered_questions(current_user, after=decode_moment_cursor(request.args.get("after")),
                                           limit=current_app.config["PAGE_SIZE"])
    next_url = (url_for(".unanswered", after=encode_moment_cursor(questions[-1].published_at, questions[-1].id))
                if more else None)
    return render_template("moderation/unanswered.html", questions=questions, next_url=next_url)
