"""Questions: asking, reading, editing and withdrawing, and the author's own list.

Replies and flags add their routes to this blueprint from forum/views/replies.py.
"""
from flask_babel import gettext as _
from uuid import uuid4

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db, limiter
from forum.forms.fields import topic_choices
from forum.forms.posts import QuestionForm, ReplyForm
from forum.models import (
    Answer,
    ClinicianProfile,
    Question,
    QuestionTopic,
    Reply,
    Topic,
    User,
)
from forum.models.enums import AnswerStatus, CrisisLevel
from forum.permissions import (
    ASKER_ROLES,
    can_edit_question,
    can_reply,
    can_view_question,
    needs_email_verification,
    role_required,
)
from forum.platform import rate_limits
from forum.platform.drafts import draft_key, forget_draft
from forum.platform.jobs import after_response
from forum.platform.numbers import parse_id, parse_int
from forum.platform.page_cache import cached_page
from forum.platform.pagination import decode_id_cursor, split_page
from forum.platform.i18n import current_language
from forum.platform.templating import crisis_contacts
from forum.safety.highlight import highlight_spans, phi_kind_labels
from forum.services.account_status import account_status
from forum.services.crisis import oncall_recipients
from forum.services.deflection import ask_after_suggestions, suggest_similar
from forum.services.policies import missing_policies
from forum.services.post_safety import PhiWarning
from forum.services.privacy import access_to_record, record_view
from forum.services.questions import edit_question, withdraw_question
from forum.sharing import question_sharing
from forum.platform.unit_of_work import on_domain_error

bp = Blueprint("questions", __name__)


def load_question(question_id: int) -> Question:
    """The question with its topics and author, or 404 if the current user may not see it."""
    # One query: a question has at most three topics, so joining them costs less than a second query.
    question = db.session.execute(
        select(Question).where(Question.id == question_id).options(
            joinedload(Question.author),
            joinedload(Question.primary_topic),
            joinedload(Question.topic_links).joinedload(QuestionTopic.topic),
        )
    ).unique().scalar_one_or_none()
    if question is None or not can_view_question(current_user, question):
        abort(404)
    return question


def policies_gate(next_url: str):
    """A redirect to the policies page (coming back to `next_url`) while the current user
    has documents to accept; None when they may post. GET and POST alike."""
    if not missing_policies(current_user):
        return None
    flash(_("Please read and accept the current community documents before you post."),
          "error" if request.method == "POST" else "info")
    return redirect(url_for("account.policies", next=next_url))


def posting_gate(user) -> str | None:
    """What `user` must do before a form that posts is shown: "policies" (accept the current
    documents) or "email" (confirm the address); None when they may post. Checked before the
    form, so that nobody types text the services will then refuse."""
    if account_status(user).policies_behind:
        return "policies"
    if needs_email_verification(user):
        return "email"
    return None


def confirmed_phi_hash(form) -> str | None:
    """The text fingerprint the member confirmed, if they ticked "post it anyway"."""
    return form.phi_hash.data if form.phi_confirm.data else None


def phi_warning_context(form, warning: PhiWarning) -> dict:
    """Template context for the personal-details warning; the confirmation box starts unticked
    and is bound to exactly this text."""
    form.phi_hash.data = warning.fingerprint
    form.phi_confirm.data = False
    return {"phi_warning": warning.message, "phi_kinds": phi_kind_labels(warning.spans),
            "phi_highlight": highlight_spans(warning.text, warning.spans)}


def phi_form_context(form, error, **when_warned) -> dict:
    """Extra context for a post form shown again: the PHI warning's (and `when_warned`), or none."""
    if isinstance(error, PhiWarning):
        return {**when_warned, **phi_warning_context(form, error)}
    return {}


def render_crisis(post_kind: str, question: Question):
    """The calm page a member sees after posting something that may describe a crisis."""
    contacts = crisis_contacts()
    # "Emergency services", "Servicios de emergencia": the number to call now.
    emergency = next((contact for contact in contacts if "emergenc" in contact[0].lower()),
                     contacts[0] if contacts else None)
    return render_template("questions/crisis.html", post_kind=post_kind, question=question,
                           contacts=contacts, emergency=emergency, oncall_told=bool(oncall_recipients()))


def _prepare_question_form(form: QuestionForm) -> None:
    topics = db.session.scalars(Topic.active().order_by(Topic.kind, Topic.name)).all()
    form.primary_topic.choices = topic_choices(topics, blank="Choose…")
    form.second_topic.choices = topic_choices(topics, blank="None")
    form.third_topic.choices = topic_choices(topics, blank="None")
    if not current_app.config["ALLOW_MEMBERS_ONLY_QUESTIONS"]:
        del form.visibility  # every question gets QUESTION_VISIBILITY_DEFAULT
    elif form.visibility.data is None:
        form.visibility.data = current_app.config["QUESTION_VISIBILITY_DEFAULT"]


def _question_fields(form: QuestionForm) -> dict:
    return {"title": form.title.data, "body": form.body.data,
            "topic_ids": [form.primary_topic.data, form.second_topic.data, form.third_topic.data],
            "asking_for": form.asking_for.data, "anonymous": form.identity.data == "anonymous",
            "visibility": form.visibility.data if form.visibility else None,
            "language": form.language.data or None}


@bp.route("/questions/ask", methods=["GET", "POST"])
@role_required(*ASKER_ROLES)
@limiter.shared_limit(rate_limits.POST, scope="post", methods=["POST"])
def ask():
    """Members and caregivers (can_ask) ask a question; it waits for review."""
    gate = policies_gate(url_for("questions.ask"))
    if gate is not None:
        return gate
    if request.method == "GET" and needs_email_verification(current_user):
        # Before the form, so nobody types a question that will be refused.
        return render_template("questions/ask.html", gate="email", form=None)
    form = QuestionForm()
    _prepare_question_form(form)
    if not form.is_submitted():
        form.client_token.data = uuid4().hex
        form.primary_topic.data = request.args.get("topic", type=parse_id)
        form.language.data = current_language()
    if form.validate_on_submit():
        return _submit_question(form)
    return render_template("questions/ask.html", form=form), 400 if form.is_submitted() else 200


def _submit_question(form: QuestionForm):
    """A valid ask form: first "already answered?" (unless similar.js showed it), then the
    question. Personal details found: 422 with them highlighted and a confirm box; a
    possible crisis: the crisis page (200) instead of the redirect."""
    deflection_id = request.form.get("deflection", type=parse_id)
    shown_by_script = request.form.get("similar_seen", 0, type=parse_int)
    if deflection_id is None and not shown_by_script:
        similar, deflection = suggest_similar(current_user, form.title.data)
        if deflection is not None:
            return render_template("questions/ask.html", form=form, similar=similar, deflection=deflection)
    on_domain_error(form, page=lambda error: render_template("questions/ask.html", form=form, **phi_form_context(
        form, error, deflection_id=deflection_id, similar_seen=shown_by_script)))
    question = ask_after_suggestions(current_user, deflection_id=deflection_id, shown_by_script=shown_by_script,
                                     client_token=form.client_token.data,
                                     phi_confirmed=confirmed_phi_hash(form), **_question_fields(form))
    if question.crisis_level != CrisisLevel.NONE:
        return render_crisis("question", question)
    forget_draft(draft_key("ask"))
    flash(_("Thank you. Your question is waiting for review; we will let you know when it is published."), "success")
    return redirect(url_for("questions.show", question_id=question.id))


@bp.get("/questions/<int:question_id>")
@cached_page
def show(question_id: int):
    """Anyone who may see the question (can_view_question); everyone else gets 404."""
    question = load_question(question_id)
    form = ReplyForm(client_token=uuid4().hex) if can_reply(current_user, question) else None
    access = access_to_record(current_user, question)  # moderators opening content that is not public
    if access is not None:
        after_response(record_view, *access)
    return render_show(question, form, reply_gate=posting_gate(current_user) if form is not None else None)


def render_show(question: Question, reply_form: ReplyForm | None, status: int = 200, **extra):
    """The question page: answers first, then one keyset page of replies; constant queries."""
    answers = db.session.scalars(
        select(Answer).where(Answer.question_id == question.id, Answer.status == AnswerStatus.PUBLISHED)
        .order_by(Answer.created_at, Answer.id)
        .options(selectinload(Answer.clinician).selectinload(User.clinician_profile)
                 .selectinload(ClinicianProfile.specialties),
                 selectinload(Answer.resources))
    ).all()
    replies, has_more = _reply_page(question, decode_id_cursor(request.args.get("after")))
    next_url = (url_for("questions.show", question_id=question.id, after=replies[-1].id, _anchor="replies")
                if has_more else None)
    return render_template("questions/show.html", question=question, answers=answers, replies=replies,
                           next_url=next_url, reply_form=reply_form, **question_sharing(question, answers),
                           **extra), status


def _reply_page(question: Question, after: int | None):
    page_size = current_app.config["PAGE_SIZE"]
    query = (select(Reply).where(Reply.question_id == question.id)
             .options(joinedload(Reply.author)).order_by(Reply.id).limit(page_size + 1))
    query = query.where(Reply.visible_to(current_user))
    if after is not None:
        query = query.where(Reply.id > after)
    return split_page(db.session.scalars(query).all(), page_size)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit(question_id: int):
    """The author, while the question is pending or returned (can_edit_question)."""
    question = load_question(question_id)
    if not can_edit_question(current_user, question):
        abort(403)
    form = _edit_form(question)
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: render_template("questions/edit.html", form=form, question=question,
                                                                 **phi_form_context(form, error)))
        edit_question(current_user, question, phi_confirmed=confirmed_phi_hash(form), **_question_fields(form))
        if question.crisis_level != CrisisLevel.NONE:
            return render_crisis("question", question)
        flash(_("Your changes are saved. Moderators will review the updated question."), "success")
        return redirect(url_for("questions.show", question_id=question.id))
    status = 400 if form.is_submitted() else 200
    return render_template("questions/edit.html", form=form, question=question), status


def _edit_form(question: Question) -> QuestionForm:
    """The ask form, filled from the question on GET, from the request on POST."""
    form = QuestionForm(obj=question if request.method == "GET" else None)
    _prepare_question_form(form)
    if request.method == "GET":
        links = [link.topic_id for link in question.topic_links] + [None, None]
        form.primary_topic.data, form.second_topic.data, form.third_topic.data = links[:3]
        form.identity.data = "anonymous" if question.anonymous else "pseudonym"
        form.body.data = question.body_md
    return form


@bp.post("/questions/<int:question_id>/withdraw")
@login_required
def withdraw(question_id: int):
    """The author, while the question is pending or returned (can_edit_question)."""
    question = load_question(question_id)
    if not can_edit_question(current_user, question):
        abort(403)
    withdraw_question(current_user, question)
    flash(_("Your question has been withdrawn. Only the community staff can still open it, and each time "
          "they do is recorded."), "success")
    return redirect(url_for("questions.mine"))


@bp.get("/my/questions")
@login_required
def mine():
    """Any logged-in user: their own questions with their status."""
    page_size = current_app.config["PAGE_SIZE"]
    question_query = (Question.by_author(current_user.id)
                      .options(joinedload(Question.primary_topic).joinedload(Topic.specialty))
                      .order_by(Question.id.desc()).limit(page_size + 1))
    before = decode_id_cursor(request.args.get("before"))
    if before is not None:
        question_query = question_query.where(Question.id < before)
    questions, more_questions = split_page(db.session.scalars(question_query).all(), page_size)
    return render_template(
        "account/questions.html", questions=questions,
        next_questions=url_for("questions.mine", before=questions[-1].id) if more_questions else None,
    )
