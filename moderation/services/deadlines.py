"""Answer deadlines: each specialty's target hours to a first answer (Specialty.answer_target_hours).

Questions waiting in the queue are "approaching" once 75% of the target has gone and
"overdue" past it; the queue says so in words, and `flask console deadlines` emails the
specialty's lead clinician once per review item (ReviewItem.deadline_notified_at).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models.enums import AccountStatus, ItemKind, ItemStatus
from forum.platform.mail import queue_email
from moderation.models import ReviewItem

QUESTION_ITEM_KINDS = (ItemKind.QUESTION, ItemKind.RESUBMISSION)
APPROACHING_FRACTION = 0.75


@dataclass(frozen=True)
class Deadline:
    state: str  # "approaching" or "overdue"
    text: str   # "due in 5 h" / "overdue by 3 h"


def _span(delta: timedelta) -> str:
    hours = max(1, round(delta.total_seconds() / 3600))
    if hours < 48:
        return f"{hours} h"
    return f"{round(hours / 24)} days"


def deadline_for(item: ReviewItem, now: datetime) -> Deadline | None:
    """An open question's deadline state, or None while it is well within target (or not a question)."""
    if item.status != ItemStatus.OPEN or item.kind not in QUESTION_ITEM_KINDS:
        return None
    target = timedelta(hours=item.specialty.answer_target_hours)
    waited = now - item.created_at
    if waited >= target:
        return Deadline("overdue", f"overdue by {_span(waited - target)}")
    if waited >= target * APPROACHING_FRACTION:
        return Deadline("approaching", f"due in {_span(target - waited)}")
    return None


def notify_deadlines(now: datetime) -> int:
    """Email each specialty's lead clinician about open questions approaching or past the
    answer target that they have not been told about; mark those items so each is told
    once. Specialties without a lead (or a lead without an address) are skipped and stay
    unmarked, so a lead set later still hears. Flush only; emails go after commit.
    Returns the number of items notified."""
    items = db.session.scalars(
        select(ReviewItem).options(joinedload(ReviewItem.specialty))
        .where(ReviewItem.status == ItemStatus.OPEN, ReviewItem.kind.in_(QUESTION_ITEM_KINDS),
               ReviewItem.deadline_notified_at.is_(None))
        .order_by(ReviewItem.created_at, ReviewItem.id)).unique().all()
    by_lead: dict[int, list[tuple[ReviewItem, Deadline]]] = {}
    for item in items:
        deadline = deadline_for(item, now)
        lead = item.specialty.lead_clinician
        if deadline is None or lead is None or not lead.email or lead.status != AccountStatus.ACTIVE:
            continue
        by_lead.setdefault(lead.id, []).append((item, deadline))
    notified = 0
    for entries in by_lead.values():
        lead = entries[0][0].specialty.lead_clinician
        lines = [f"- {item.specialty.name}, review item #{item.id}: {deadline.text} "
                 f"({absolute_url('moderation.item', item_id=item.id)})" for item, deadline in entries]
        queue_email(lead.email, f"{len(entries)} question(s) near or past the answer target",
                    f"Hello {lead.pseudonym},\n\nThese questions in your specialty are close to or past "
                    "their target time for a first answer:\n\n" + "\n".join(lines) + "\n", user_id=lead.id)
        for item, _ in entries:
            item.deadline_notified_at = now
            notified += 1
    db.session.flush()
    return notified
