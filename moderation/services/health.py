"""Queue health numbers for staff: what is waiting, for how long, and how quickly
questions get their first answer."""
import math
from datetime import timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Question, Specialty
from forum.models.base import utcnow
from forum.models.enums import ItemStatus
from moderation.models import ITEM_KINDS, ReviewItem


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (fraction 0.5 = median by nearest rank, 0.9 = p90)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def answer_times(days: int, now=None) -> dict:
    """Hours from question to first answer for questions first answered in the last `days`."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Question.created_at, Question.answered_at)
        .where(Question.answered_at.is_not(None), Question.answered_at >= now - timedelta(days=days))
    ).all()
    hours = [(answered - created).total_seconds() / 3600 for created, answered in rows]
    return {"days": days, "count": len(hours), "median": median(hours), "p90": percentile(hours, 0.9)}


def queue_health(now=None) -> dict:
    """Open items by kind and by specialty, the oldest open item, answer-time statistics."""
    now = now or utcnow()
    by_kind = dict(db.session.execute(
        select(ReviewItem.kind, func.count()).where(ReviewItem.status == ItemStatus.OPEN).group_by(ReviewItem.kind)
    ).all())
    by_specialty = db.session.execute(
        select(Specialty.name, func.count(ReviewItem.id))
        .join(ReviewItem, ReviewItem.specialty_id == Specialty.id)
        .where(ReviewItem.status == ItemStatus.OPEN).group_by(Specialty.name).order_by(Specialty.name)
    ).all()
    oldest = db.session.scalar(select(func.min(ReviewItem.created_at)).where(ReviewItem.status == ItemStatus.OPEN))
    return {
        "by_kind": [(label, by_kind.get(kind, 0)) for kind, label in ITEM_KINDS.items()],
        "by_specialty": [(name, count) for name, count in by_specialty],
        "total": sum(by_kind.values()),
        "oldest": oldest,
        "answer_times": [answer_times(7, now), answer_times(30, now)],
    }
