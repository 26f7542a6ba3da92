"""Home and site-wide pages."""
from flask import Blueprint, abort, render_template
from sqlalchemy import select

from forum.extensions import db
from forum.models import Topic
from forum.models.policies import POLICY_KINDS
from forum.services.policies import current_policy

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Anyone: the front door."""
    topics = db.session.scalars(
        select(Topic).where(Topic.retired_at.is_(None)).order_by(Topic.kind, Topic.name)
    ).all()
    return render_template("main/home.html", topics=topics)


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
