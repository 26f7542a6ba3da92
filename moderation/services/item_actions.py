"""Which actions a moderator may take on a review item: the one rule that the item page
(through the `available_actions` Jinja global), its forms (moderation/views/items.py) and
the services (`require_action`) all read, so none of them re-derives it from statuses.

An action is available when the moderator may work the item, the item is open, the
moderator holds a live claim on it (claiming aside), and the item's kind and post allow
it. A new kind of review item adds its actions to ITEM_RULES.
"""
from collections.abc import Callable

from forum.models.enums import AnswerStatus, ItemAction, ItemKind, ItemStatus, QuestionStatus, ReplyStatus
from forum.permissions import can_answer
from forum.services import DomainError
from moderation.models import ReviewItem
from moderation.services.claims import can_work_item, claim_is_live, claim_is_taken, require_claim

QUESTION_KINDS = (ItemKind.QUESTION, ItemKind.RESUBMISSION)


def _pending_question(user, item: ReviewItem) -> str | None:
    if item.kind in QUESTION_KINDS and item.question.status == QuestionStatus.PENDING:
        return None
    return "This action is for questions waiting for review."


def _answerable(user, item: ReviewItem) -> str | None:
    if not can_answer(user):
        return "Only verified clinicians write answers."
    if _pending_question(user, item) is not None:
        return "Answers are written on questions waiting for review."
    return None


def _pending_reply(user, item: ReviewItem) -> str | None:
    if item.kind == ItemKind.REPLY and item.reply is not None and item.reply.status == ReplyStatus.PENDING:
        return None
    return "Only pending replies can be approved."


def _hideable(user, item: ReviewItem) -> str | None:
    if item.kind not in (ItemKind.REPLY, ItemKind.FLAG, ItemKind.ESCALATION):
        return "Questions waiting for review are returned or rejected, not hidden."
    if item.post.status in (ReplyStatus.HIDDEN, QuestionStatus.HIDDEN):
        return "This post is already hidden."
    return None


def _flagged(user, item: ReviewItem) -> str | None:
    return None if item.kind == ItemKind.FLAG else "This item has no flags to dismiss."


def _signable(user, item: ReviewItem) -> str | None:
    answer = item.answer
    if not can_answer(user) or item.kind != ItemKind.SIGNOFF or answer is None \
            or answer.status != AnswerStatus.PENDING_SIGNOFF:
        return "This item has no answer waiting for sign-off."
    if answer.clinician_id == user.id:
        return "A different clinician must sign off your answer."
    return None


def _redactable(user, item: ReviewItem) -> str | None:
    return "An answer awaiting sign-off is edited by its author." if item.kind == ItemKind.SIGNOFF else None


def _escalatable(user, item: ReviewItem) -> str | None:
    return "This item is already with staff." if item.kind == ItemKind.ESCALATION else None


# For each action on a claimed item: None when the item's kind and post allow it, else
# the reason, fit for the moderator. In the order the item page offers them.
ITEM_RULES: dict[ItemAction, Callable[[object, ReviewItem], str | None]] = {
    ItemAction.ANSWER: _answerable,
    ItemAction.PUBLISH: _pending_question,
    ItemAction.RETURN_QUESTION: _pending_question,
    ItemAction.REJECT: _pending_question,
    ItemAction.APPROVE_REPLY: _pending_reply,
    ItemAction.HIDE: _hideable,
    ItemAction.DISMISS_FLAGS: _flagged,
    ItemAction.SIGNOFF: _signable,
    ItemAction.REDACT: _redactable,
    ItemAction.ESCALATE: _escalatable,
}


def available_actions(user, item: ReviewItem) -> tuple[ItemAction, ...]:
    """What `user` may do with `item` now: claim it (open, and nobody else holds it), or,
    holding the claim, release it and take every action its kind and post allow."""
    if not can_work_item(user, item) or item.status != ItemStatus.OPEN:
        return ()
    if not claim_is_live(item, user):
        return () if claim_is_taken(item) else (ItemAction.CLAIM,)
    return (ItemAction.RELEASE,
            *(action for action, refusal in ITEM_RULES.items() if refusal(user, item) is None))


def require_action(actor, item: ReviewItem, version, action: ItemAction) -> None:
    """Before an action's write: the claim holds on this version (PermissionDenied or
    ItemConflict, from require_claim), then the item allows `action` (DomainError)."""
    require_claim(actor, item, version)
    refusal = ITEM_RULES[action](actor, item)
    if refusal is not None:
        raise DomainError(refusal)
