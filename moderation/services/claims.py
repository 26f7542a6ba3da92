"""Claims: one clinician at a time acts on a review item, and never on a stale form.

A claim is taken with ONE conditional UPDATE, so two requests racing for the same item
cannot both win, whatever the database. Claims expire after CLAIM_MINUTES so nothing is
stuck behind someone who went home.
"""
from flask_babel import gettext as _
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, update

from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.models.enums import ItemKind, ItemStatus
from forum.permissions import PermissionDenied, can_sign_off_article, is_moderator, is_staff
from forum.services import DomainError
from forum.services.audit import record_audit
from moderation.models import ReviewItem

STALE_MESSAGE = "This item changed while you were looking at it; reload to see the latest."
HANDLED_MESSAGE = "This item has already been handled."


class ItemConflict(DomainError):
    """The item is held by someone else, already handled, or changed (HTTP 409)."""

    status = 409


def can_work_item(user, item: ReviewItem) -> bool:
    """Escalations and article publication are for staff; everything else for every moderator who may read the
    question (so a withdrawn question's items are staff-only, as the question is)."""
    if item.kind in (ItemKind.ESCALATION, ItemKind.ARTICLE_APPROVAL):
        return is_staff(user)
    if item.kind == ItemKind.ARTICLE_SIGNOFF:
        # Only those who could sign it off (and staff, who oversee) may hold it.
        return is_staff(user) or can_sign_off_article(user, item.article)
    return is_moderator(user) and item.question.is_visible_to(user)


def holder_message(item: ReviewItem) -> str:
    holder = db.session.get(User, item.claimed_by_id) if item.claimed_by_id else None
    name = holder.pseudonym if holder is not None else "another moderator"
    return f"{name} is working on this item (claimed until {item.claimed_until:%H:%M} UTC)."


def claim_is_live(item: ReviewItem, user) -> bool:
    return (item.claimed_by_id == user.id and item.claimed_until is not None
            and item.claimed_until > utcnow())


def claim_is_taken(item: ReviewItem) -> bool:
    """Someone holds a claim on the item that has not run out (the actor, or another)."""
    return bool(item.claimed_by_id and item.claimed_until is not None and item.claimed_until > utcnow())


def claim_item(actor, item: ReviewItem) -> ReviewItem:
    """A moderator who may work the item claims it for CLAIM_MINUTES (or renews their claim).

    Audit "item.claim". Raises PermissionDenied, or ItemConflict naming who holds it or
    saying it is already handled.
    """
    if not can_work_item(actor, item):
        raise PermissionDenied()
    now = utcnow()
    until = now + timedelta(minutes=current_app.config["CLAIM_MINUTES"])
    result = db.session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item.id, ReviewItem.status == ItemStatus.OPEN,
               or_(ReviewItem.claimed_by_id.is_(None), ReviewItem.claimed_until < now,
                   ReviewItem.claimed_by_id == actor.id))
        .values(claimed_by_id=actor.id, claimed_until=until, version=ReviewItem.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    if result.rowcount != 1:
        raise ItemConflict(HANDLED_MESSAGE if item.status != ItemStatus.OPEN else holder_message(item))
    record_audit(actor, "item.claim", "review_item", item.id)
    return item


def release_item(actor, item: ReviewItem) -> ReviewItem:
    """The holder of a claim releases it. Audit "item.release". Raises ItemConflict if
    the actor does not hold a claim on the item."""
    if not can_work_item(actor, item):
        raise PermissionDenied()
    result = db.session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item.id, ReviewItem.claimed_by_id == actor.id)
        .values(claimed_by_id=None, claimed_until=None, version=ReviewItem.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    if result.rowcount != 1:
        raise ItemConflict(_("You do not hold a claim on this item."))
    record_audit(actor, "item.release", "review_item", item.id)
    return item


def require_claim(actor, item: ReviewItem, version) -> None:
    """Before any action: the item is open, unchanged since the form, and claimed by the
    actor (claim not expired). Raises PermissionDenied or ItemConflict."""
    if not can_work_item(actor, item):
        raise PermissionDenied()
    if item.status != ItemStatus.OPEN:
        raise ItemConflict(HANDLED_MESSAGE)
    if not claim_is_live(item, actor):
        if claim_is_taken(item):
            raise ItemConflict(holder_message(item))
        raise ItemConflict(_("Claim this item before acting on it."))
    if version is None or int(version) != item.version:
        raise ItemConflict(STALE_MESSAGE)


def touch_item(actor, item: ReviewItem, version) -> None:
    """Record a change to an item that stays open (e.g. a redaction): bumps its version
    with a conditional UPDATE so a concurrent action on the old version fails."""
    _guarded_update(actor, item, version, {})


def resolve_item(actor, item: ReviewItem, version, resolution: str) -> None:
    """Close an item the actor holds, exactly once (conditional UPDATE on its version)."""
    _guarded_update(actor, item, version, {
        "status": ItemStatus.DONE, "resolution": resolution, "resolved_at": utcnow(),
        "resolved_by_id": actor.id, "claimed_by_id": None, "claimed_until": None,
    })


def _guarded_update(actor, item: ReviewItem, version, values: dict) -> None:
    require_claim(actor, item, version)
    result = db.session.execute(
        update(ReviewItem)
        .where(and_(ReviewItem.id == item.id, ReviewItem.version == int(version),
                    ReviewItem.status == ItemStatus.OPEN, ReviewItem.claimed_by_id == actor.id))
        .values(version=ReviewItem.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ItemConflict(STALE_MESSAGE)
    db.session.refresh(item)
