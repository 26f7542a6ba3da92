"""The numbers behind the staff console's charts: plain functions returning lists of rows.

Every function takes a Period (whole UTC days, both ends included) and returns one dict
per row, in display order, with the keys named in its chart's `columns`. Times are in
hours. Medians average the two middle values; the 90th percentile is the nearest-rank
percentile (the smallest value with at least 90% of values at or below it): both come
from moderation.services.health, the one place they are defined.
"""
from flask_babel import gettext as _
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Answer, AskDeflection, Flag, Question, Reply, Specialty, Topic, User
from forum.models.enums import CrisisLevel, ItemStatus
from forum.models.posts import FLAG_REASONS
from forum.platform.numbers import parse_date
from forum.services import DomainError
from moderation.models import ReviewItem
from moderation.services.deadlines import QUESTION_ITEM_KINDS, APPROACHING_FRACTION
from moderation.services.health import median, percentile

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Whole UTC days from `first` to `last`, both included."""
    first: date
    last: date

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=timezone.utc)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=timezone.utc)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def parse_period(raw_from: str | None, raw_to: str | None, today: date) -> Period:
    """The period from GET parameters `from`/`to` (YYYY-MM-DD); the last 30 days by default.
    Raises DomainError for an unreadable date, `from` after `to`, or more than 366 days."""
    def _parse(raw: str | None, label: str) -> date | None:
        if not raw:
            return None
        try:
            return parse_date(raw)
        except ValueError:
            raise DomainError(f"The {label} date must look like 2026-01-31.") from None

    last = _parse(raw_to, "“to”") or today
    first = _parse(raw_from, "“from”") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise DomainError(_("The “from” date must be on or before the “to” date."))
    if (last - first).days + 1 > MAX_DAYS:
        raise DomainError(f"Choose a period of at most {MAX_DAYS} days.")
    return Period(first, last)


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)


def _per_day(period: Period, moments) -> Counter:
    return Counter(moment.astimezone(timezone.utc).date() for moment in moments)


def questions_per_day(period: Period, now: datetime) -> list[dict]:
    """Questions asked (created, whatever became of them) on each day."""
    counts = _per_day(period, db.session.scalars(
        select(Question.created_at).where(Question.created_at >= period.starts_at,
                                          Question.created_at < period.ends_at)))
    return [{"day": day, "questions": counts[day]} for day in period.days]


def answer_times_by_specialty(period: Period, now: datetime) -> list[dict]:
    """Per specialty (of the question's primary topic): questions first answered in the
    period, and the median and 90th percentile hours from asking to that first answer."""
    rows = db.session.execute(
        select(Topic.specialty_id, Question.created_at, Question.answered_at)
        .join(Topic, Topic.id == Question.primary_topic_id)
        .where(Question.answered_at >= period.starts_at, Question.answered_at < period.ends_at)
    ).all()
    hours = defaultdict(list)
    for specialty_id, created_at, answered_at in rows:
        hours[specialty_id].append(_hours(answered_at - created_at))
    return [{"specialty": specialty.name, "answered": len(hours[specialty.id]),
             "median_hours": median(hours[specialty.id]), "p90_hours": percentile(hours[specialty.id], 0.9)}
            for specialty in _specialties()]


def queue_size_per_day(period: Period, now: datetime) -> list[dict]:
    """Review items open at the end of each day (created before it ended, not yet resolved)."""
    rows = db.session.execute(
        select(ReviewItem.created_at, ReviewItem.resolved_at)
        .where(ReviewItem.created_at < period.ends_at,
               (ReviewItem.resolved_at.is_(None)) | (ReviewItem.resolved_at >= period.starts_at))
    ).all()
    result = []
    for day in period.days:
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.utc)
        if end > now:
            end = now  # today: open right now
        result.append({"day": day, "open_items": sum(
            1 for created_at, resolved_at in rows if created_at < end and (resolved_at is None or resolved_at >= end))})
    return result


def oldest_waiting_by_specialty(period: Period, now: datetime) -> list[dict]:
    """Right now: open review items per specialty and how long the oldest has waited."""
    rows = dict((specialty_id, (count, oldest)) for specialty_id, count, oldest in db.session.execute(
        select(ReviewItem.specialty_id, func.count(ReviewItem.id), func.min(ReviewItem.created_at))
        .where(ReviewItem.status == ItemStatus.OPEN).group_by(ReviewItem.specialty_id)))
    result = []
    for specialty in _specialties():
        count, oldest = rows.get(specialty.id, (0, None))
        result.append({"specialty": specialty.name, "open_items": count,
                       "oldest_hours": _hours(now - oldest) if oldest is not None else None})
    return result


def items_past_due(period: Period, now: datetime) -> list[dict]:
    """Right now: open questions per specialty approaching (at least 75% of the specialty's
    answer target gone) or past that target."""
    rows = db.session.execute(
        select(ReviewItem.specialty_id, ReviewItem.created_at)
        .where(ReviewItem.status == ItemStatus.OPEN, ReviewItem.kind.in_(QUESTION_ITEM_KINDS))).all()
    result = []
    for specialty in _specialties():
        target = timedelta(hours=specialty.answer_target_hours)
        waits = [now - created_at for specialty_id, created_at in rows if specialty_id == specialty.id]
        result.append({"specialty": specialty.name, "target_hours": specialty.answer_target_hours,
                       "approaching": sum(1 for wait in waits if target * APPROACHING_FRACTION <= wait < target),
                       "overdue": sum(1 for wait in waits if wait >= target)})
    return result


def flags_by_reason(period: Period, now: datetime) -> list[dict]:
    """Flags raised in the period, by reason (every reason listed, zeros included)."""
    counts = dict(db.session.execute(
        select(Flag.reason, func.count(Flag.id))
        .where(Flag.created_at >= period.starts_at, Flag.created_at < period.ends_at).group_by(Flag.reason)).all())
    return [{"reason": label, "flags": counts.get(reason, 0)} for reason, label in FLAG_REASONS.items()]


def crisis_per_day(period: Period, now: datetime) -> list[dict]:
    """Questions and replies the crisis detector marked (crisis_level not "none"), per day."""
    def _counts(model):
        return _per_day(period, db.session.scalars(
            select(model.created_at).where(model.crisis_level != CrisisLevel.NONE, model.created_at >= period.starts_at,
                                           model.created_at < period.ends_at)))

    questions, replies = _counts(Question), _counts(Reply)
    return [{"day": day, "questions": questions[day], "replies": replies[day]} for day in period.days]


def deflection_per_day(period: Period, now: datetime) -> list[dict]:
    """"Already answered?": askers shown similar answered questions each day, how many left
    without posting, and that share in percent (None on days nobody was shown any)."""
    rows = db.session.execute(
        select(AskDeflection.created_at, AskDeflection.outcome)
        .where(AskDeflection.shown_count > 0, AskDeflection.created_at >= period.starts_at,
               AskDeflection.created_at < period.ends_at)).all()
    shown, left = Counter(), Counter()
    for created_at, outcome in rows:
        day = created_at.astimezone(timezone.utc).date()
        shown[day] += 1
        left[day] += outcome == "left"
    return [{"day": day, "shown": shown[day], "left": left[day],
             "left_percent": round(100 * left[day] / shown[day], 1) if shown[day] else None}
            for day in period.days]


def answers_per_clinician(period: Period, now: datetime) -> list[dict]:
    """Answers written in the period (any status), per clinician, most first."""
    rows = db.session.execute(
        select(User.pseudonym, func.count(Answer.id).label("answers"))
        .join(User, User.id == Answer.clinician_id)
        .where(Answer.created_at >= period.starts_at, Answer.created_at < period.ends_at)
        .group_by(User.id, User.pseudonym).order_by(func.count(Answer.id).desc(), User.pseudonym)).all()
    return [{"clinician": pseudonym, "answers": count} for pseudonym, count in rows]


def _specialties() -> list[Specialty]:
    return list(db.session.scalars(select(Specialty).order_by(Specialty.name)))


@dataclass(frozen=True)
class Chart:
    """One console chart: how its rows are computed and shown."""
    slug: str
    title: str
    description: str
    compute: object
    columns: tuple[tuple[str, str], ...]  # (row key, column heading)
    label: str  # the row key naming each bar or point
    series: tuple[str, ...]  # the row keys drawn
    kind: str = "bar"  # "bar" or "line"
    current: bool = False  # shows the state now, whatever the period


CHARTS = (
    Chart("questions", "Questions asked per day", "How many questions patients asked each day.",
          questions_per_day, (("day", "Day"), ("questions", "Questions")), "day", ("questions",), "line"),
    Chart("answer-times", "Time to first answer by specialty",
          "Median and 90th percentile hours from asking to the first clinician answer, for questions "
          "first answered in the period.", answer_times_by_specialty,
          (("specialty", "Specialty"), ("answered", "Questions answered"), ("median_hours", "Median (hours)"),
           ("p90_hours", "90th percentile (hours)")), "specialty", ("median_hours", "p90_hours")),
    Chart("queue-size", "Queue size over time", "Review items open at the end of each day.",
          queue_size_per_day, (("day", "Day"), ("open_items", "Open items")), "day", ("open_items",), "line"),
    Chart("oldest-waiting", "Oldest waiting item by specialty",
          "Hours the oldest open review item in each specialty has been waiting, now.",
          oldest_waiting_by_specialty, (("specialty", "Specialty"), ("open_items", "Open items"),
                                        ("oldest_hours", "Oldest waiting (hours)")),
          "specialty", ("oldest_hours",), current=True),
    Chart("past-due", "Questions near or past their answer target",
          "Open questions per specialty with at least 75% of the answer target gone, and past it, now.",
          items_past_due, (("specialty", "Specialty"), ("target_hours", "Target (hours)"),
                           ("approaching", "Approaching"), ("overdue", "Overdue")),
          "specialty", ("approaching", "overdue"), current=True),
    Chart("flags", "Flags by reason", "Flags members raised in the period, by reason.", flags_by_reason,
          (("reason", "Reason"), ("flags", "Flags")), "reason", ("flags",)),
    Chart("crisis", "Crisis escalations per day",
          "Questions and replies the crisis detector marked as a concern or an emergency, each day.",
          crisis_per_day, (("day", "Day"), ("questions", "Questions"), ("replies", "Replies")),
          "day", ("questions", "replies"), "line"),  # days run along an axis; bars are for categories
    Chart("deflection", "“Already answered?” deflection",
          "Askers shown similar answered questions each day, and how many left without posting.",
          deflection_per_day, (("day", "Day"), ("shown", "Shown suggestions"), ("left", "Left without posting"),
                               ("left_percent", "Left (%)")), "day", ("shown", "left"), "line"),
    Chart("answers-per-clinician", "Answers per clinician", "Answers each clinician wrote in the period.",
          answers_per_clinician, (("clinician", "Clinician"), ("answers", "Answers")), "clinician", ("answers",)),
)
CHARTS_BY_SLUG = {chart.slug: chart for chart in CHARTS}
