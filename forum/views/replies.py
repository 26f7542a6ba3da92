"""Replying to and flagging posts: routes on the questions blueprint."""
from flask_babel import gettext as _
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db, limiter
from forum.forms.posts import FlagForm, ReplyForm
from forum.models import Reply
from forum.models.enums import CrisisLevel, ReplyStatus
from forum.permissions import is_moderator
from forum.platform import rate_limits
from forum.platform.drafts import draft_key, forget_draft
from forum.services.flags import flag_post, has_flagged
from forum.services.replies import post_reply
from forum.platform.unit_of_work import on_domain_error
from forum.views.questions import (
    bp,
    confirmed_phi_hash,
    load_question,
    phi_form_context,
    policies_gate,
    render_crisis,
    render_show,
)


@bp.post("/questions/<int:question_id>/reply")
@login_required
@limiter.shared_limit(rate_limits.POST, scope="post", methods=["POST"])
def reply(question_id: int):
    """Any logged-in user who can see the question; it must be published and unlocked."""
    # Personal details found: 422 with the confirm box; a possible crisis: the crisis page.
    question = load_question(question_id)
    gate = policies_gate(url_for("questions.show", question_id=question.id, _anchor="reply-heading"))
    if gate is not None:
        return gate
    form = ReplyForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: render_show(question, form, **phi_form_context(form, error)))
        new_reply = post_reply(current_user, question, body=form.body.data,
                               client_token=form.client_token.data, phi_confirmed=confirmed_phi_hash(form))
        forget_draft(draft_key("reply", question.id))
        if new_reply.crisis_level != CrisisLevel.NONE:
            return render_crisis("reply", question)
        flash(_("Your reply is published.") if new_reply.status == ReplyStatus.PUBLISHED else
              _("Thank you. Your reply will appear once a moderator has approved it."), "success")
        return redirect(url_for("questions.show", question_id=question.id, _anchor=f"reply-{new_reply.id}"))
    return render_show(question, form, status=400)


@bp.route("/questions/<int:question_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(rate_limits.FLAG, scope="flag", methods=["POST"])
def flag(question_id: int):
    """Any logged-in user who can see the question flags it, once."""
    question = load_question(question_id)
    return _flag_page(question, None)


@bp.route("/replies/<int:reply_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(rate_limits.FLAG, scope="flag", methods=["POST"])
def flag_reply(reply_id: int):
    """Any logged-in user who can see the reply flags it, once."""
    target = db.session.scalar(select(Reply).where(Reply.id == reply_id).options(joinedload(Reply.author)))
    if target is None:
        abort(404)
    question = load_question(target.question_id)
    if target.status != ReplyStatus.PUBLISHED and not (is_moderator(current_user) or target.author_id == current_user.id):
        abort(404)
    return _flag_page(question, target)


def _flag_page(question, target_reply):
    gate = policies_gate(request.path)
    if gate is not None:
        return gate
    form = FlagForm()
    def page(_error=None):
        return render_template("questions/flag.html", form=form, question=question, reply=target_reply,
                               already=has_flagged(current_user, question, target_reply))

    if form.validate_on_submit():
        on_domain_error(form, page=page)
        flag_post(current_user, question, target_reply, reason=form.reason.data, note=form.note.data)
        flash(_("Thank you. A moderator will look at this."), "success")
        anchor = f"reply-{target_reply.id}" if target_reply is not None else None
        return redirect(url_for("questions.show", question_id=question.id, _anchor=anchor))
    return page(), 400 if form.is_submitted() else 200
