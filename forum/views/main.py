"""Home and site-wide pages."""
from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Question, Topic
from forum.models.enums import QuestionStatus
from forum.models.policies import POLICY_KINDS
from forum.platform.page_cache import cached_page
from forum.services.policies import current_policy

bp = Blueprint("main", __name__)

RECENT = 8
POPULAR = 8


@bp.get("/")
@cached_page
def home():
    """Anyone: the front door."""
    topics = db.session.scalars(Topic.active().order_by(Topic.name)).all()
    popular = db.session.scalars(Topic.popular(POPULAR)).all()
    recent = select(Question).where(Question.status == QuestionStatus.ANSWERED, Question.visible_to(current_user)).options(
        joinedload(Question.primary_topic)).order_by(Question.answered_at.desc(), Question.id.desc()).limit(RECENT)
    return render_template("main/home.html", topics=topics, popular=popular, recent=db.session.scalars(recent).all())


@bp.get("/policies/<kind>")
def policy(kind: str):
    """Anyone reads the current version of a policy document."""
    if kind not in POLICY_KINDS:
        abort(404)
    version = current_policy(kind)
    if version is None:
        abort(404)
    return render_template("main/policy.html", policy=version)


@bp.get("/disclaimer")
def disclaimer():
    """Anyone reads the medical disclaimer."""
    return render_template("main/disclaimer.html")


@bp.get("/favicon.ico")
def favicon():
    """Anyone: the site icon, at the address browsers ask for it."""
    return current_app.send_static_file("img/favicon.ico")
