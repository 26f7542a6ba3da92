"""One review item: its page, claiming it, and the actions on it (one POST each)."""
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, Flag, Question
from forum.models.enums import CrisisLevel, ItemAction, ItemKind
from forum.platform.jobs import after_response
from forum.safety.crisis import explain_crisis
from forum.safety.highlight import review_phi
from forum.platform.unit_of_work import on_domain_error, require_valid_form
from forum.services.post_safety import phi_context
from forum.services.privacy import record_view
from moderation import bp
from moderation.forms.queue import (
    ArticleReturnForm,
    EscalateForm,
    HideForm,
    ItemActionForm,
    RedactForm,
    RejectForm,
    ReturnForm,
)
from moderation.models import ReviewItem
from moderation.services import actions
from moderation.services import articles as article_review
from moderation.services.answers import signoff_answer
from moderation.services.claims import (
    ItemConflict,
    can_work_item,
    claim_item,
    release_item,
)
from moderation.services.author_context import author_context
from moderation.services.item_actions import available_actions, decisions, rules_for
from moderation.services.queue import item_view_to_record


@dataclass(frozen=True)
class ActionControl:
    """How the item page offers one action: its form, heading, fields and button."""

    form: type[ItemActionForm]
    heading: str
    label: str
    fields: tuple[str, ...] = ()
    button_class: str = "button"


# One form for each action that available_actions() may offer (the answer is a page of its
# own); the page shows a control only when available_actions() lists its action.
ACTION_FORMS = {
    ItemAction.CLAIM: ActionControl(ItemActionForm, "Claim", "Claim"),
    ItemAction.RELEASE: ActionControl(ItemActionForm, "Claim", "Release claim", button_class="button button-secondary"),
    ItemAction.PUBLISH: ActionControl(ItemActionForm, "Publish without an answer", "Publish question"),
    ItemAction.RETURN_QUESTION: ActionControl(ReturnForm, "Return to the author", "Return for editing",
                                              ("template", "reason")),
    ItemAction.REJECT: ActionControl(RejectForm, "Reject", "Reject question", ("template", "clause", "reason"),
                                     "button button-danger"),
    ItemAction.APPROVE_REPLY: ActionControl(ItemActionForm, "Approve", "Approve reply"),
    ItemAction.HIDE: ActionControl(HideForm, "Hide", "Hide post", ("clause", "reason"), "button button-danger"),
    ItemAction.DISMISS_FLAGS: ActionControl(ItemActionForm, "Dismiss the flags", "Dismiss flags",
                                            button_class="button button-secondary"),
    ItemAction.SIGNOFF: ActionControl(ItemActionForm, "Sign off", "Sign off and publish answer"),
    ItemAction.REDACT: ActionControl(RedactForm, "Remove text", "Remove text", ("text",), "button button-secondary"),
    ItemAction.ESCALATE: ActionControl(EscalateForm, "Escalate to staff", "Escalate", ("reason",),
                                       "button button-secondary"),
    ItemAction.ARTICLE_SIGN_OFF: ActionControl(ItemActionForm, "Sign off", "Sign off the medical content"),
    ItemAction.ARTICLE_APPROVE: ActionControl(ItemActionForm, "Approve", "Approve and publish"),
    ItemAction.ARTICLE_RETURN: ActionControl(ArticleReturnForm, "Return", "Return for edits", ("reason",),
                                             "button button-secondary"),
}
# Shown in the claim box, not the list of actions.
CLAIM_ACTIONS = (ItemAction.CLAIM, ItemAction.RELEASE)


def load_item(item_id: int) -> ReviewItem:
    """404 for items that do not exist or that this moderator may not know about."""
    item = db.session.get(ReviewItem, item_id)
    if item is None or not can_work_item(current_user, item):
        abort(404)
    return item


def render_item(item: ReviewItem, status: int = 200, failed: tuple[str, object] | None = None):
    allowed = available_actions(current_user, item)
    forms = {action: ACTION_FORMS[action].form(formdata=None, version=item.version, prefix=action)
             for action in allowed if action in ACTION_FORMS}
    if failed is not None:  # its errors are shown even if the action is no longer offered
        forms[failed[0]] = failed[1]
        failed[1].version.data = item.version
    if item.is_article:
        return render_template("moderation/article_item.html", item=item, article=item.article, forms=forms,
                               controls=ACTION_FORMS, claim_actions=CLAIM_ACTIONS,
                               can_decide=bool(decisions(current_user, item))), status
    flags = db.session.scalars(select(Flag).where(
        Flag.target == item.flag_target)
        .order_by(Flag.id)).all() if item.kind in (ItemKind.FLAG, ItemKind.ESCALATION) else []
    answers = db.session.scalars(select(Answer).where(Answer.question_id == item.question_id)
                                 .order_by(Answer.created_at)).all()
    return render_template("moderation/item.html", item=item, forms=forms, controls=ACTION_FORMS,
                           claim_actions=CLAIM_ACTIONS, flags=flags, answers=answers,
                           phi_review=_phi_review(item), crisis_review=_crisis_review(item),
                           author=author_context(item)), status


def _phi_review(item: ReviewItem):
    """Personal details in the item's post (the reply, else the question's title and body),
    highlighted, each with a one-click "Remove this" (the redact action with that exact text)."""
    if item.kind == ItemKind.SIGNOFF:
        return None
    post = item.post
    return review_phi(f"{post.title}\n\n{post.body_md}" if isinstance(post, Question) else post.body_md,
                      phi_context())


def _crisis_review(item: ReviewItem):
    """Why the crisis triage marked the item's post: the rule's sentence, the model's words."""
    if item.crisis_level == CrisisLevel.NONE or item.kind == ItemKind.SIGNOFF:
        return None
    post = item.post
    return explain_crisis(f"{post.title}\n\n{post.body_md}" if isinstance(post, Question) else post.body_md)


def action_form(item: ReviewItem, name: ItemAction):
    """The submitted, validated form of one item action. An invalid form shows the item page
    again (400); a DomainError from the service does too, with the form's message (400), or
    flashed for a conflict over the claim, a handled item or a stale page (409)."""
    if name not in CLAIM_ACTIONS and name not in rules_for(item):
        abort(404)  # a question's action on an article's item, or the other way round
    form = ACTION_FORMS[name].form(prefix=name)
    require_valid_form(form, lambda: render_item(item, failed=(name, form)))
    # A conflict is not about this form: the page is shown with fresh forms.
    on_domain_error(form, page=lambda error: render_item(
        item, failed=None if isinstance(error, ItemConflict) else (name, form)))
    return form


def take_action(item_id: int, name: ItemAction, message: str, run):
    """Every item action: load the item (404), validate the action's form, `run(item, form)`
    (the one service call), then flash and go on: to the item again after a claim or a
    redaction, else back to the queue."""
    review_item = load_item(item_id)
    form = action_form(review_item, name)
    run(review_item, form)
    flash(message, "success")
    return redirect(url_for("moderation.item", item_id=review_item.id) if name in (ItemAction.CLAIM, ItemAction.REDACT)
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
    return take_action(item_id, ItemAction.CLAIM, "You have claimed this item.",
                       lambda item, form: claim_item(current_user, item))


@bp.post("/items/<int:item_id>/release")
def release(item_id: int):
    """The moderator holding the claim releases it."""
    return take_action(item_id, ItemAction.RELEASE, "You have released this item.",
                       lambda item, form: release_item(current_user, item))


@bp.post("/items/<int:item_id>/publish")
def publish(item_id: int):
    """The claim holder publishes a pending question without an answer."""
    return take_action(item_id, ItemAction.PUBLISH, "The question is published.",
                       lambda item, form: actions.publish_question(current_user, item, form.version.data))


@bp.post("/items/<int:item_id>/return")
def return_question(item_id: int):
    """The claim holder returns a pending question to its author with a reason."""
    return take_action(item_id, ItemAction.RETURN_QUESTION, "The question was returned to its author.",
                       lambda item, form: actions.return_question(current_user, item, form.version.data, reason=(
                           actions.compose_reason(form.template.data, actions.RETURN_REASONS, form.reason.data))))


@bp.post("/items/<int:item_id>/reject")
def reject(item_id: int):
    """The claim holder rejects a pending question with a reason."""
    return take_action(item_id, ItemAction.REJECT, "The question was rejected.",
                       lambda item, form: actions.reject_question(current_user, item, form.version.data, reason=(
                           actions.cite_clause(form.clause.data, actions.compose_reason(
                               form.template.data, actions.REJECT_REASONS, form.reason.data)))))


@bp.post("/items/<int:item_id>/escalate")
def escalate(item_id: int):
    """The claim holder hands the item to staff with a note."""
    return take_action(item_id, ItemAction.ESCALATE, "The item was escalated to staff.",
                       lambda item, form: actions.escalate_item(current_user, item, form.version.data,
                                                                reason=(form.reason.data or "").strip()))


@bp.post("/items/<int:item_id>/redact")
def redact(item_id: int):
    """The claim holder removes exact text from the post (replaced with [removed])."""
    return take_action(item_id, ItemAction.REDACT, "The text was removed.",
                       lambda item, form: actions.redact_post(current_user, item, form.version.data,
                                                              text=form.text.data or ""))


@bp.post("/items/<int:item_id>/approve")
def approve_reply(item_id: int):
    """The claim holder approves a pending reply."""
    return take_action(item_id, ItemAction.APPROVE_REPLY, "The reply is published.",
                       lambda item, form: actions.approve_reply(current_user, item, form.version.data))


@bp.post("/items/<int:item_id>/hide")
def hide(item_id: int):
    """The claim holder hides the post with a reason its author sees."""
    return take_action(item_id, ItemAction.HIDE, "The post is hidden.",
                       lambda item, form: actions.hide_post(current_user, item, form.version.data, reason=(
                           actions.cite_clause(form.clause.data, (form.reason.data or "").strip()))))


@bp.post("/items/<int:item_id>/dismiss")
def dismiss_flags(item_id: int):
    """The claim holder dismisses the flags on a post."""
    return take_action(item_id, ItemAction.DISMISS_FLAGS, "The flags were dismissed.",
                       lambda item, form: actions.dismiss_flags(current_user, item, form.version.data))


@bp.post("/items/<int:item_id>/signoff")
def signoff(item_id: int):
    """A second verified clinician holding the claim signs off a high-risk answer."""
    return take_action(item_id, ItemAction.SIGNOFF, "The answer is signed off and published.",
                       lambda item, form: signoff_answer(current_user, item, form.version.data))


@bp.post("/items/<int:item_id>/article/sign-off")
def article_sign_off(item_id: int):
    """A second verified clinician of the article's specialty, holding the claim, signs it off."""
    return take_action(item_id, ItemAction.ARTICLE_SIGN_OFF, "The article is signed off; staff will publish it.",
                       lambda item, form: article_review.sign_off_article(current_user, item,
                                                                          form.version.data))


@bp.post("/items/<int:item_id>/article/approve")
def article_approve(item_id: int):
    """Staff holding the claim publish a signed-off article."""
    return take_action(item_id, ItemAction.ARTICLE_APPROVE, "The article is published.",
                       lambda item, form: article_review.approve_article(current_user, item, form.version.data))


@bp.post("/items/<int:item_id>/article/return")
def article_return(item_id: int):
    """The reviewer holding the claim (clinician at sign-off, staff at approval) returns the article."""
    return take_action(item_id, ItemAction.ARTICLE_RETURN, "The article was returned to its author.",
                       lambda item, form: article_review.return_article(current_user, item, form.version.data,
                                                                        reason=form.reason.data))
