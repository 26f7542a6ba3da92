"""Public profiles of verified clinicians: who they are and what they have answered."""
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from forum.extensions import db
from forum.models import Answer, Article, ClinicianProfile, Question, QuestionTopic, Topic, User
from forum.models.enums import AccountStatus, AnswerStatus
from forum.platform.pagination import (
    decode_moment_cursor,
    encode_moment_cursor,
    split_page,
)
from forum.views.articles import latest_articles

bp = Blueprint("clinicians", __name__, url_prefix="/clinicians")
TOP_TOPICS = 5


def _visible_answers(clinician_id: int):
    """Published answers by this clinician on questions the current user may read."""
    return and_(Answer.clinician_id == clinician_id, Answer.status == AnswerStatus.PUBLISHED,
                Question.listed_for(current_user))


def load_clinician(user_id: int) -> User:
    """A verified, active clinician with their profile, or 404: nobody else has a public profile."""
    user = db.session.scalar(select(User).where(User.id == user_id).options(
        joinedload(User.clinician_profile).selectinload(ClinicianProfile.specialties)))
    if user is None or user.status != AccountStatus.ACTIVE or not user.is_verified_clinician:
        abort(404)
    return user


@bp.get("/<int:user_id>")
def show(user_id: int):
    """Anyone: a verified clinician's profile and their recent answers (keyset pages)."""
    clinician = load_clinician(user_id)
    visible = _visible_answers(clinician.id)
    answer_count = db.session.scalar(select(func.count(Answer.id)).join(Answer.question).where(visible))
    top_topics = db.session.execute(
        select(Topic, func.count(Answer.id).label("answers"))
        .select_from(Answer).join(Answer.question)
        .join(QuestionTopic, QuestionTopic.question_id == Question.id).join(Topic, Topic.id == QuestionTopic.topic_id)
        .where(visible).group_by(Topic.id).order_by(func.count(Answer.id).desc(), Topic.name).limit(TOP_TOPICS)
    ).all()
    answers, next_url = _recent_answers(clinician, visible, decode_moment_cursor(request.args.get("after")))
    return render_template("clinicians/show.html", clinician=clinician, profile=clinician.clinician_profile,
                           answer_count=answer_count, top_topics=top_topics, answers=answers, next_url=next_url,
                           articles=latest_articles(Article.live_by_author(clinician.id)))


def _recent_answers(clinician: User, visible, cursor):
    page_size = current_app.config["PAGE_SIZE"]
    query = (select(Answer).join(Answer.question).options(contains_eager(Answer.question)
                                                          .selectinload(Question.primary_topic))
             .where(visible).order_by(Answer.created_at.desc(), Answer.id.desc()).limit(page_size + 1))
    if cursor is not None:
        moment, answer_id = cursor
        query = query.where(or_(Answer.created_at < moment, and_(Answer.created_at == moment, Answer.id < answer_id)))
    answers, more = split_page(db.session.scalars(query).all(), page_size)
    next_url = (url_for("clinicians.show", user_id=clinician.id,
                        after=encode_moment_cursor(answers[-1].created_at, answers[-1].id)) if more else None)
    return answers, next_url
