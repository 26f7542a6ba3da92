"""Following topics and questions, the digest setting, and unsubscribing from a signed link."""
from flask_babel import gettext as _
from flask import Blueprint, Flask, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.forms.subscriptions import DigestForm, UnsubscribeForm
from forum.models import Subscription, Topic
from forum.services.subscriptions import (
    digest_period,
    follow_question,
    follow_topic,
    is_following,
    set_digest,
    unfollow_question,
    unfollow_topic,
    unsubscribe_digest,
    user_for_unsubscribe_token,
)
from forum.platform.unit_of_work import on_domain_error
from forum.views.questions import load_question

bp = Blueprint("subscriptions", __name__)


def load_topic(slug: str) -> Topic:
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        abort(404)
    return topic


@bp.post("/topics/<slug>/follow")
@login_required
def follow_topic_view(slug: str):
    """Any logged-in user follows a condition or procedure."""
    topic = load_topic(slug)
    back = url_for("topics.show", slug=topic.slug)
    on_domain_error(redirect_to=back)
    follow_topic(current_user, topic)
    flash(_("You are following %(topic)s. We will tell you when its questions are answered.", topic=topic.name), "success")
    return redirect(back)


@bp.post("/topics/<slug>/unfollow")
@login_required
def unfollow_topic_view(slug: str):
    """Any logged-in user stops following a condition or procedure."""
    topic = load_topic(slug)
    unfollow_topic(current_user, topic)
    flash(_("You no longer follow %(topic)s.", topic=topic.name), "success")
    return redirect(url_for("topics.show", slug=topic.slug))


@bp.post("/questions/<int:question_id>/follow")
@login_required
def follow_question_view(question_id: int):
    """Any logged-in user who may read the published question (404 otherwise)."""
    question = load_question(question_id)
    back = url_for("questions.show", question_id=question.id)
    on_domain_error(redirect_to=back)
    follow_question(current_user, question)
    flash(_("You are following this question. We will tell you when it is answered."), "success")
    return redirect(back)


@bp.post("/questions/<int:question_id>/unfollow")
@login_required
def unfollow_question_view(question_id: int):
    """Any logged-in user who may read the question stops following it."""
    question = load_question(question_id)
    unfollow_question(current_user, question)
    flash(_("You no longer follow this question."), "success")
    return redirect(url_for("questions.show", question_id=question.id))


@bp.get("/following")
@login_required
def index():
    """Any logged-in user: what they follow and how often they get a digest email."""
    form = DigestForm(period=digest_period(current_user))
    return render_template("subscriptions/index.html", form=form, **_followed())


def _followed() -> dict:
    subscriptions = db.session.scalars(
        Subscription.for_user(current_user.id).options(joinedload(Subscription.topic), joinedload(Subscription.question))
        .order_by(Subscription.created_at.desc(), Subscription.id.desc())
    ).all()
    return {"topics": [s.topic for s in subscriptions if s.topic is not None],
            "questions": [s.question for s in subscriptions
                          if s.question is not None and s.question.is_visible_to(current_user)]}


@bp.post("/following/digest")
@login_required
def digest():
    """Any logged-in user sets their digest email: never, daily or weekly."""
    form = DigestForm()

    def page(_error=None):
        return render_template("subscriptions/index.html", form=form, **_followed())

    if form.validate_on_submit():
        on_domain_error(page=page)  # no field: the message is flashed
        set_digest(current_user, form.period.data)
        flash(_("Your email preference is saved."), "success")
        return redirect(url_for("subscriptions.index"))
    return page(), 400


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    """Anyone holding a genuine signed link (no login): a page to confirm stopping digests."""
    if user_for_unsubscribe_token(token) is None:
        return render_template("subscriptions/link_invalid.html"), 400
    return render_template("subscriptions/unsubscribe.html", form=UnsubscribeForm(), token=token)


@bp.post("/unsubscribe/<token>")
def unsubscribe_confirm(token: str):
    """Anyone holding a genuine signed link (no login) stops that member's digest emails."""
    user = user_for_unsubscribe_token(token)
    form = UnsubscribeForm()
    if user is None:
        return render_template("subscriptions/link_invalid.html"), 400
    if not form.validate_on_submit():
        return render_template("subscriptions/unsubscribe.html", form=form, token=token), 400
    unsubscribe_digest(user)
    return render_template("subscriptions/unsubscribed.html")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["is_following"] = is_following
