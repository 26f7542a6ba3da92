"""One review item: its page, claiming it, and the actions on it (one POST each)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, Flag, Question
from forum.models.base import utcnow
from forum.models.enums import CrisisLevel, ItemKind
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
    "article_sign_off": ItemActionForm, "article_approve": ItemActionForm, "article_return": ArticleReturnForm,
}
# The actions that apply to every kind of item, and those only to an article's.
SHARED_ACTIONS = ("claim", "release")
ARTICLE_ACTIONS = ("article_sign_off", "article_approve", "article_return")


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
    if item.is_article:
        return render_template("moderation/article_item.html", item=item, article=item.article, forms=forms,
                               allowed=article_review.article_actions(current_user, item),
                               mine=claim_is_live(item, current_user), now=utcnow()), status
    flags = db.session.scalars(select(Flag).where(
        Flag.target == item.flag_target)
        .order_by(Flag.id)).all() if item.kind in (ItemKind.FLAG, ItemKind.ESCALATION) else []
    answers = db.session.scalars(select(Answer).where(Answer.question_id == item.question_id)
                                 .order_by(Answer.created_at)).all()
    return render_template("moderation/item.html", item=item, forms=forms, flags=flags, answers=answers,
                           mine=claim_is_live(item, current_user), now=utcnow(), phi_review=_phi_review(item),
                           crisis_review=_crisis_review(item)), status


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


def action_form(item: ReviewItem, name: str):
    """The submitted, validated form of one item action. An invalid form shows the item page
    again (400); a DomainError from the service does too, with the form's message (400), or
    flashed for a conflict over the claim, a handled item or a stale page (409)."""
    if name not in SHARED_ACTIONS and item.is_article != (name in ARTICLE_ACTIONS):
        abort(404)  # a question's action on an article's item, or the other way round
    form = ACTION_FORMS[name](prefix=name)
    require_valid_form(form, lambda: render_item(item, failed=(name, form)))
    # A conflict is not about this form: the page is shown with fresh forms.
    on_domain_error(form, page=lambda error: render_item(
        item, failed=None if isinstance(error, ItemConflict) else (name, form)))
    return form


def action_done(item: ReviewItem, name: str, message: str):
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
    action_form(review_item, "claim")
    claim_item(current_user, review_item)
    return action_done(review_item, "claim", "You have claimed this item.")


@bp.post("/items/<int:item_id>/release")
def release(item_id: int):
    """The moderator holding the claim releases it."""
    review_item = load_item(item_id)
    action_form(review_item, "release")
    release_item(current_user, review_item)
    return action_done(review_item, "release", "You have released this item.")


@bp.post("/items/<int:item_id>/publish")
def publish(item_id: int):
    """The claim holder publishes a pending question without an answer."""
    review_item = load_item(item_id)
    form = action_form(review_item, "publish")
    actions.publish_question(current_user, review_item, form.version.data)
    return action_done(review_item, "publish", "The question is published.")


@bp.post("/items/<int:item_id>/return")
def return_question(item_id: int):
    """The claim holder returns a pending question to its author with a reason."""
    review_item = load_item(item_id)
    form = action_form(review_item, "return_question")
    actions.return_question(current_user, review_item, form.version.data, reason=actions.compose_reason(
        form.template.data, actions.RETURN_REASONS, form.reason.data))
    return action_done(review_item, "return_question", "The question was returned to its author.")


@bp.post("/items/<int:item_id>/reject")
def reject(item_id: int):
    """The claim holder rejects a pending question with a reason."""
    review_item = load_item(item_id)
    form = action_form(review_item, "reject")
    actions.reject_question(current_user, review_item, form.version.data, reason=actions.cite_clause(
        form.clause.data, actions.compose_reason(form.template.data, actions.REJECT_REASONS, form.reason.data)))
    return action_done(review_item, "reject", "The question was rejected.")


@bp.post("/items/<int:item_id>/escalate")
def escalate(item_id: int):
    """The claim holder hands the item to staff with a note."""
    review_item = load_item(item_id)
    form = action_form(review_item, "escalate")
    actions.escalate_item(current_user, review_item, form.version.data, reason=(form.reason.data or "").strip())
    return action_done(review_item, "escalate", "The item was escalated to staff.")


@bp.post("/items/<int:item_id>/redact")
def redact(item_id: int):
    """The claim holder removes exact text from the post (replaced with [removed])."""
    review_item = load_item(item_id)
    form = action_form(review_item, "redact")
    actions.redact_post(current_user, review_item, form.version.data, text=form.text.data or "")
    return action_done(review_item, "redact", "The text was removed.")


@bp.post("/items/<int:item_id>/approve")
def approve_reply(item_id: int):
    """The claim holder approves a pending reply."""
    review_item = load_item(item_id)
    form = action_form(review_item, "approve_reply")
    actions.approve_reply(current_user, review_item, form.version.data)
    return action_done(review_item, "approve_reply", "The reply is published.")


@bp.post("/items/<int:item_id>/hide")
def hide(item_id: int):
    """The claim holder hides the post with a reason its author sees."""
    review_item = load_item(item_id)
    form = action_form(review_item, "hide")
    actions.hide_post(current_user, review_item, form.version.data,
                      reason=actions.cite_clause(form.clause.data, (form.reason.data or "").strip()))
    return action_done(review_item, "hide", "The post is hidden.")


@bp.post("/items/<int:item_id>/dismiss")
def dismiss_flags(item_id: int):
    """The claim holder dismisses the flags on a post."""
    review_item = load_item(item_id)
    form = action_form(review_item, "dismiss_flags")
    actions.dismiss_flags(current_user, review_item, form.version.data)
    return action_done(review_item, "dismiss_flags", "The flags were dismissed.")


@bp.post("/items/<int:item_id>/signoff")
def signoff(item_id: int):
    """A second verified clinician holding the claim signs off a high-risk answer."""
    review_item = load_item(item_id)
    form = action_form(review_item, "signoff")
    signoff_answer(current_user, review_item, form.version.data)
    return action_done(review_item, "signoff", "The answer is signed off and published.")


@bp.post("/items/<int:item_id>/article/sign-off")
def article_sign_off(item_id: int):
    """A second verified clinician of the article's specialty, holding the claim, signs it off."""
    review_item = load_item(item_id)
    form = action_form(review_item, "article_sign_off")
    article_review.sign_off_article(current_user, review_item, form.version.data)
    return action_done(review_item, "article_sign_off", "The article is signed off; staff will publish it.")


@bp.post("/items/<int:item_id>/article/approve")
def article_approve(item_id: int):
    """Staff holding the claim publish a signed-off article."""
    review_item = load_item(item_id)
    form = action_form(review_item, "article_approve")
    article_review.approve_article(current_user, review_item, form.version.data)
    return action_done(review_item, "article_approve", "The article is published.")


@bp.post("/items/<int:item_id>/article/return")
def article_return(item_id: int):
    """The reviewer holding the claim (clinician at sign-off, staff at approval) returns the article."""
    review_item = load_item(item_id)
    form = action_form(review_item, "article_return")
    article_review.return_article(current_user, review_item, form.version.data, reason=form.reason.data)
    return action_done(review_item, "article_return", "The article was returned to its author.")
