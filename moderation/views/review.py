"""The "Review due" lane: answers and resources past their review date."""
from flask_babel import gettext as _
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.extensions import db
from forum.models import Answer, Article
from forum.models.base import utcnow
from forum.models.enums import AnswerStatus, Role
from forum.permissions import role_required
from forum.platform.pagination import decode_moment_cursor, encode_moment_cursor
from forum.platform.unit_of_work import require_valid_form
from moderation import bp
from moderation.forms.console import RetireAnswerForm
from moderation.services.articles import articles_due, can_start_article_review, start_article_review
from moderation.services.review_cycle import (
    answers_due,
    can_retire_answer,
    can_review_answer,
    reconfirm_answer,
    resources_due,
    retire_answer,
)


def _lane(retire_form=None, failed_answer_id=None, status: int = 200):
    now = utcnow()
    answers, more = answers_due(current_user, now=now, after=decode_moment_cursor(request.args.get("after")),
                                limit=current_app.config["PAGE_SIZE"])
    next_url = (url_for(".review_due", after=encode_moment_cursor(answers[-1].review_due_at, answers[-1].id))
                if more else None)
    resources, more_resources = resources_due(current_user, now=now, limit=current_app.config["PAGE_SIZE"])
    articles, _more_articles = articles_due(current_user, now=now, limit=current_app.config["PAGE_SIZE"])
    return render_template("moderation/console/review_due.html", answers=answers, resources=resources,
                           articles=articles, can_start_article_review=can_start_article_review,
                           more_resources=more_resources, next_url=next_url, now=now,
                           retire_form=retire_form, failed_answer_id=failed_answer_id,
                           can_review_answer=can_review_answer, can_retire_answer=can_retire_answer), status


def _load_answer(answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.status != AnswerStatus.PUBLISHED:
        abort(404)
    return answer


@bp.get("/review-due")
def review_due():
    """Moderators see answers and resources past their review date, longest overdue first."""
    return _lane()


@bp.post("/answers/<int:answer_id>/reconfirm")
@role_required(Role.CLINICIAN)
def answer_reconfirm(answer_id: int):
    """The author, or a verified clinician of its specialty once it is due, re-confirms an answer."""
    answer = _load_answer(answer_id)
    reconfirm_answer(current_user, answer)  # PermissionDenied: 403
    flash("The answer is re-confirmed; it is next due for review in "
          f"{current_app.config['ANSWER_REVIEW_MONTHS']} months.", "success")
    return redirect(url_for(".review_due"))


@bp.post("/answers/<int:answer_id>/retire")
@role_required(Role.CLINICIAN, Role.STAFF, Role.ADMIN)
def answer_retire(answer_id: int):
    """Staff, the author, or a clinician of its specialty once it is due, retire an answer with a reason."""
    answer = _load_answer(answer_id)
    form = RetireAnswerForm()
    require_valid_form(form, lambda: _lane(retire_form=form, failed_answer_id=answer.id))
    retire_answer(current_user, answer, reason=form.reason.data)  # PermissionDenied: 403
    flash(_("The answer is retired."), "success")
    return redirect(url_for(".review_due"))


@bp.post("/articles/<int:article_id>/review")
@role_required(Role.CLINICIAN)
def article_review(article_id: int):
    """The author, or a verified clinician of its specialty, sends a published article for review."""
    article = db.session.get(Article, article_id)
    if article is None or not article.live:
        abort(404)
    start_article_review(current_user, article)  # PermissionDenied: 403
    flash("The article is back in the queue for a clinician's sign-off; readers keep the published version.",
          "success")
    return redirect(url_for(".review_due"))
