"""Writing, editing and reviewing clinician answers."""
from flask_babel import gettext as _
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.extensions import db
from forum.models import Answer, Question
from forum.models.enums import AnswerStatus, QuestionStatus, Role
from forum.permissions import role_required
from forum.platform.drafts import draft_key, forget_draft
from forum.platform.unit_of_work import on_domain_error
from forum.services.policies import missing_policies
from forum.views.questions import policies_gate
from moderation import bp
from moderation.forms.queue import AnswerForm, EditAnswerForm
from moderation.services.answer_aid import answer_templates, template_body
from moderation.services.answers import (
    answer_question,
    answer_revisions,
    can_edit_answer,
    edit_answer,
)
from moderation.services.claims import claim_is_live
from moderation.services.resources import attachable_resources
from moderation.views.items import load_item


def _answer_page(question, form, *, item=None, status=200, readability=None):
    search = (request.args.get("q") or "").strip()[:100]
    resources = attachable_resources([topic.id for topic in question.topics], search or None)
    if not form.is_submitted() and not form.body.data:
        form.body.data = template_body(request.args.get("template", ""))  # ?template= without JS
    return render_template("moderation/answer.html", question=question, item=item, form=form,
                           resources=resources, search=search, readability=readability,
                           answer_templates=answer_templates(), policies_missing=bool(missing_policies(current_user)),
                           mine=item is not None and claim_is_live(item, current_user)), status


def _post_answer(question, form, item=None):
    """Both answer pages: call the service, then to the queue. A DomainError shows the page
    again (the form's message, 400; a conflict over the item's claim is flashed, 409)."""
    on_domain_error(form, page=lambda _error: _answer_page(question, form, item=item))
    answer = answer_question(current_user, question, body=form.body.data, resource_ids=form.resources.data,
                             item=item, version=form.version.data if item is not None else None)
    forget_draft(draft_key("answer", question.id))
    flash("Your answer is waiting for a second clinician's sign-off." if answer.status == AnswerStatus.PENDING_SIGNOFF
          else "Your answer is published.", "success")
    return redirect(url_for(".queue"))


@bp.route("/items/<int:item_id>/answer", methods=["GET", "POST"])
@role_required(Role.CLINICIAN)
def answer(item_id: int):
    """A verified clinician holding the item's claim answers the question."""
    item = load_item(item_id)
    if request.method == "GET" and (gate := policies_gate(request.full_path)) is not None:
        return gate  # before the form: an answer typed now would be refused
    form = AnswerForm(version=item.version)
    if form.validate_on_submit():
        return _post_answer(item.question, form, item)
    return _answer_page(item.question, form, item=item, status=400 if form.is_submitted() else 200)


@bp.route("/questions/<int:question_id>/answer", methods=["GET", "POST"])
@role_required(Role.CLINICIAN)
def answer_published(question_id: int):
    """A verified clinician answers a published question (one more answer is welcome)."""
    question = db.session.get(Question, question_id)
    if question is None or question.status not in (QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED):
        abort(404)
    if request.method == "GET" and (gate := policies_gate(request.full_path)) is not None:
        return gate
    form = AnswerForm()
    if form.validate_on_submit():
        return _post_answer(question, form)
    return _answer_page(question, form, status=400 if form.is_submitted() else 200)


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"], endpoint="edit_answer")
@role_required(Role.CLINICIAN)
def edit_answer_page(answer_id: int):
    """The clinician who wrote an answer edits it; the old text is kept in its history."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or not can_edit_answer(current_user, answer):
        abort(404)
    form = EditAnswerForm(obj=None, body=answer.body_md)

    def page(_error=None):
        return render_template("moderation/edit_answer.html", answer=answer, form=form)

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        edit_answer(current_user, answer, body=form.body.data)
        flash(_("Your answer is updated."), "success")
        return redirect(url_for(".queue"))
    return page(), 400 if form.is_submitted() else 200


@bp.get("/answers/<int:answer_id>/history")
@role_required(Role.STAFF, Role.ADMIN)
def answer_history(answer_id: int):
    """Staff read an answer's edit history."""
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        abort(404)
    return render_template("moderation/answer_history.html", answer=answer, revisions=answer_revisions(answer))
