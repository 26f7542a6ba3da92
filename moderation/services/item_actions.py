"""Which actions a moderator may take on a review item: the one rule that the item page
(through the `available_actions` Jinja global), its forms (moderation/views/items.py) and
the services (`require_action`) all read, so none of them re-derives it from statuses.

An action is available when the moderator may work the item, the item is open, the
moderator holds a live claim on it (claiming aside), and the item's kind and post allow
it. A new kind of review item adds its actions to QUESTION_RULES or ARTICLE_RULES (or a
family of its own in rules_for).
"""
from collections.abc import Callable

from forum.models.enums import (
    AnswerStatus,
    ArticleStatus,
    ItemAction,
    ItemKind,
    ItemStatus,
    QuestionStatus,
    ReplyStatus,
)
from forum.permissions import PermissionDenied, can_answer, can_sign_off_article, is_staff
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


# An article's reviewing clinician who may not sign it off is refused outright (403).
NOT_YOURS = PermissionDenied
ARTICLE_STEP = "This article is not waiting for that step."


def _article_sign_off(user, item: ReviewItem) -> str | type[PermissionDenied] | None:
    if item.kind != ItemKind.ARTICLE_SIGNOFF or item.article.status != ArticleStatus.IN_REVIEW:
        return ARTICLE_STEP
    return None if can_sign_off_article(user, item.article) else NOT_YOURS


def _article_approval(user, item: ReviewItem) -> str | type[PermissionDenied] | None:
    if item.kind != ItemKind.ARTICLE_APPROVAL or item.article.status != ArticleStatus.SIGNED_OFF:
        return ARTICLE_STEP
    return None if is_staff(user) else NOT_YOURS


def _article_return(user, item: ReviewItem) -> str | type[PermissionDenied] | None:
    return (_article_sign_off if item.kind == ItemKind.ARTICLE_SIGNOFF else _article_approval)(user, item)


# For each action on a claimed item: None when the item's kind and post allow it, else
# the reason, fit for the moderator (or NOT_YOURS). In the order the item page offers them.
# Article actions apply to article items only, the others to question items only.
ARTICLE_RULES: dict[ItemAction, Callable[[object, ReviewItem], object]] = {
    ItemAction.ARTICLE_SIGN_OFF: _article_sign_off,
    ItemAction.ARTICLE_APPROVE: _article_approval,
    ItemAction.ARTICLE_RETURN: _article_return,
}
QUESTION_RULES: dict[ItemAction, Callable[[object, ReviewItem], object]] = {
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


def rules_for(item: ReviewItem) -> dict[ItemAction, Callable[[object, ReviewItem], object]]:
    """The actions that exist for this kind of item (claiming aside)."""
    return ARTICLE_RULES if item.is_article else QUESTION_RULES


def decisions(user, item: ReviewItem) -> tuple[ItemAction, ...]:
    """What the item's kind and state let `user` do once they hold the claim (open items only)."""
    if item.status != ItemStatus.OPEN:
        return ()
    return tuple(action for action, rule in rules_for(item).items() if rule(user, item) is None)


def available_actions(user, item: ReviewItem) -> tuple[ItemAction, ...]:
    """What `user` may do with `item` now: claim it (open, and nobody else holds it), or,
    holding the claim, release it and take every action its kind and state allow."""
    if not can_work_item(user, item) or item.status != ItemStatus.OPEN:
        return ()
    if not claim_is_live(item, user):
        return () if claim_is_taken(item) else (ItemAction.CLAIM,)
    return (ItemAction.RELEASE, *decisions(user, item))


def require_action(actor, item: ReviewItem, version, action: ItemAction) -> None:
    """Before an action's write: the claim holds on this version (PermissionDenied or
    ItemConflict, from require_claim), then the item allows `action` (DomainError, or
    PermissionDenied for a reviewer the step is not for)."""
    require_claim(actor, item, version)
    rule = rules_for(item).get(action)
    refusal = "That action is not for this kind of item." if rule is None else rule(actor, item)
    if refusal is NOT_YOURS:
        raise PermissionDenied()
    if refusal is not None:
        raise DomainError(refusal)
