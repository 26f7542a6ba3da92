"""The clinician's answering aid: checking a draft's readability without saving it."""
from flask import abort, jsonify, request

from forum.extensions import db
from forum.models import Question
from forum.models.enums import QuestionStatus, Role
from forum.permissions import role_required
from moderation import bp
from moderation.forms.queue import AnswerForm
from moderation.services.answer_aid import readability
from moderation.views.answers import _answer_page
from moderation.views.items import load_item

MAX_DRAFT = 20_000


@bp.post("/items/<int:item_id>/answer/check")
@role_required(Role.CLINICIAN)
def answer_check(item_id: int):
    """A verified clinician checks a draft answer's readability; nothing is saved."""
    item = load_item(item_id)
    form = AnswerForm(version=item.version)
    return _answer_page(item.question, form, item=item, readability=readability(form.body.data or ""))


@bp.post("/questions/<int:question_id>/answer/check")
@role_required(Role.CLINICIAN)
def answer_published_check(question_id: int):
    """A verified clinician checks a draft answer to a published question; nothing is saved."""
    question = db.session.get(Question, question_id)
    if question is None or question.status not in (QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED):
        abort(404)
    form = AnswerForm()
    return _answer_page(question, form, readability=readability(form.body.data or ""))


@bp.post("/readability")
@role_required(Role.CLINICIAN)
def readability_check():
    """A verified clinician's page asks for a draft's grade level (JSON, for readability.js)."""
    text = request.form.get("body", "")
    if len(text) > MAX_DRAFT:
        return jsonify(error=f"Drafts over {MAX_DRAFT:,} characters are not checked."), 413
    return jsonify(readability(text))
