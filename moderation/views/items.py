"""One review item: its page, claiming it, and the actions on it (one POST each)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, Flag
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from forum.platform.jobs import after_response
from forum.safety.highlight import review_phi
from forum.services.post_safety import phi_context
from forum.services.privacy import record_view
from forum.services import DomainError
from forum.views.forms_support import show_domain_error
from moderation import bp
from moderation.forms.queue import (
    EscalateForm,
    HideForm,
    ItemActionForm,
    RedactForm,
    RejectForm,
    ReturnForm,
)
from moderation.models import ReviewItem
from moderation.services import actions
from moderation.services.answers import signoff_answer
from moderation.services.claims import (
    ItemConflict,
    can_work_item,
    claim_is_live,
    claim_item,
    release_item,
)
from moderation.services.queue import item_view_to_record

ACTION_FORMS = {
    "publish": ItemActionForm, "return_question": ReturnForm, "reject": RejectForm,
    "escalate": EscalateForm, "redact": RedactForm, "approve_reply": ItemActionForm,
    "hide": HideForm, "dismiss_flags": ItemActionForm, "signoff": ItemActionForm,
    "claim": ItemActionForm, "release": ItemActionForm,
}


def load_item(item_id: int) -> ReviewItem:
    """404 for items that do not exist or that this moderator may not know about."""
    item = db.session.get(ReviewItem, item_id)
    if item is None or not can_work_item(current_user, item):
        abort(404)
    return item


def render_item(item: ReviewItem, status: int = 200, failed: tuple[str, object] | None = None):
    forms = {name: form_class(formdata=None, version=item.version, prefix=name)
             for name, form_class in ACTION_FORMS.items()}
    if failed is not None:
        forms[failed[0]] = failed[1]
        failed[1].version.data = item.version
    flags = db.session.scalars(select(Flag).where(
        Flag.target == (f"reply:{item.reply_id}" if item.reply_id else f"question:{item.question_id}"))
        .order_by(Flag.id)).all() if item.kind in ("flag", "escalation") else []
    answers = db.session.scalars(select(Answer).where(Answer.question_id == item.question_id)
                                 .order_by(Answer.created_at)).all()
    return render_template("moderation/item.html", item=item, forms=forms, flags=flags, answers=answers,
                           mine=claim_is_live(item, current_user), now=utcnow(), phi_review=_phi_review(item)), status


def _phi_review(item: ReviewItem):
    """Personal details in the item's post (the reply, else the question's title and body),
    highlighted, each with a one-click "Remove this" (the redact action with that exact text)."""
    if item.kind == "signoff":
        return None
    if item.reply is not None:
        return review_phi(item.reply.body_md, phi_context())
    return review_phi(f"{item.question.title}\n\n{item.question.body_md}", phi_context())


def run_action(item: ReviewItem, name: str, action, message: str):
    """Validate the action's form, run the service, commit; on a problem re-render the item
    page: 400 for bad input, 409 for a claim, handled or stale conflict."""
    form = ACTION_FORMS[name](prefix=name)
    if not form.validate_on_submit():
        return render_item(item, 400, (name, form))
    try:
        action(form)
    except ItemConflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return render_item(item, 409)
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return render_item(item, 400, (name, form))
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("moderation.item", item_id=item.id) if name in ("claim", "redact")
                    else url_for("moderation.queue"))


@bp.get("/items/<int:item_id>")
def item(item_id: int):
    """Moderators who may work the item see it; opening a pending or hidden post is audited."""
    review_item = load_item(item_id)
    access = item_view_to_record(current_user, review_item)
    if access is not None:
        after_response(record_view, *access)
    return render_item(review_item)


@bp.post("/items/<int:item_id>/claim")
def claim(item_id: int):
    """A moderator claims an open item (409 naming the holder if someone else has it)."""
    review_item = load_item(item_id)
    return run_action(review_item, "claim", lambda form: claim_item(current_user, review_item),
                      "You have claimed this item.")


@bp.post("/items/<int:item_id>/release")
def release(item_id: int):
    """The moderator holding the claim releases it."""
    review_item = load_item(item_id)
    return run_action(review_item, "release", lambda form: release_item(current_user, review_item),
                      "You have released this item.")


@bp.post("/items/<int:item_id>/publish")
def publish(item_id: int):
    """The claim holder publishes a pending question without an answer."""
    review_item = load_item(item_id)
    return run_action(review_item, "publish", lambda form: actions.publish_question(
        current_user, review_item, form.version.data), "The question is published.")


@bp.post("/items/<int:item_id>/return")
def return_question(item_id: int):
    """The claim holder returns a pending question to its author with a reason."""
    review_item = load_item(item_id)
    return run_action(review_item, "return_question", lambda form: actions.return_question(
        current_user, review_item, form.version.data,
        reason=actions.compose_reason(form.template.data, actions.RETURN_REASONS, form.reason.data)),
        "The question was returned to its author.")


@bp.post("/items/<int:item_id>/reject")
def reject(item_id: int):
    """The claim holder rejects a pending question with a reason."""
    review_item = load_item(item_id)
    return run_action(review_item, "reject", lambda form: actions.reject_question(
        current_user, review_item, form.version.data,
        reason=actions.cite_clause(form.clause.data, actions.compose_reason(
            form.template.data, actions.REJECT_REASONS, form.reason.data))),
        "The question was rejected.")


@bp.post("/items/<int:item_id>/escalate")
def escalate(item_id: int):
    """The claim holder hands the item to staff with a note."""
    review_item = load_item(item_id)
    return run_action(review_item, "escalate", lambda form: actions.escalate_item(
        current_user, review_item, form.version.data, reason=(form.reason.data or "").strip()),
        "The item was escalated to staff.")


@bp.post("/items/<int:item_id>/redact")
def redact(item_id: int):
    """The claim holder removes exact text from the post (replaced with [removed])."""
    review_item = load_item(item_id)
    return run_action(review_item, "redact", lambda form: actions.redact_post(
        current_user, review_item, form.version.data, text=form.text.data or ""),
        "The text was removed.")


@bp.post("/items/<int:item_id>/approve")
def approve_reply(item_id: int):
    """The claim holder approves a pending reply."""
    review_item = load_item(item_id)
    return run_action(review_item, "approve_reply", lambda form: actions.approve_reply(
        current_user, review_item, form.version.data), "The reply is published.")


@bp.post("/items/<int:item_id>/hide")
def hide(item_id: int):
    """The claim holder hides the post with a reason its author sees."""
    review_item = load_item(item_id)
    return run_action(review_item, "hide", lambda form: actions.hide_post(
        current_user, review_item, form.version.data,
        reason=actions.cite_clause(form.clause.data, (form.reason.data or "").strip())),
        "The post is hidden.")


@bp.post("/items/<int:item_id>/dismiss")
def dismiss_flags(item_id: int):
    """The claim holder dismisses the flags on a post."""
    review_item = load_item(item_id)
    return run_action(review_item, "dismiss_flags", lambda form: actions.dismiss_flags(
        current_user, review_item, form.version.data), "The flags were dismissed.")


@bp.post("/items/<int:item_id>/signoff")
def signoff(item_id: int):
    """A second verified clinician holding the claim signs off a high-risk answer."""
    review_item = load_item(item_id)
    return run_action(review_item, "signoff", lambda form: signoff_answer(
        current_user, review_item, form.version.data), "The answer is signed off and published.")
