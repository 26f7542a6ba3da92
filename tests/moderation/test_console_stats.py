"""The numbers behind every console chart, against hand-computed fixtures."""
from datetime import date, datetime, timedelta, timezone

import pytest

from forum import extensions
from forum.models import Answer, AskDeflection, Flag
from forum.models.base import utcnow
from forum.services import DomainError
from moderation.models import ReviewItem
from moderation.services import console_stats as stats
from tests.factories import make_question, make_reply, make_user, specialty

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)
PERIOD = stats.Period(date(2026, 3, 9), date(2026, 3, 13))


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=timezone.utc)


def item(question, *, created, resolved=None, kind="question"):
    topic = question.primary_topic
    row = ReviewItem(kind=kind, question_id=question.id, topic_id=topic.id, specialty_id=topic.specialty_id,
                     created_at=created, resolved_at=resolved, status="done" if resolved else "open")
    extensions.db.session.add(row)
    extensions.db.session.flush()
    return row


def test_period_parsing():
    today = date(2026, 3, 15)
    assert stats.parse_period(None, None, today) == stats.Period(date(2026, 2, 14), today)
    assert stats.parse_period("2026-03-01", "2026-03-02", today).days == [date(2026, 3, 1), date(2026, 3, 2)]
    for raw_from, raw_to in (("yesterday", None), ("2026-03-05", "2026-03-01"), ("2024-01-01", "2026-01-01"),
                             (None, "2026-02-30")):
        with pytest.raises(DomainError):
            stats.parse_period(raw_from, raw_to, today)


def test_questions_per_day(db):
    for created in (at(10, 1), at(10, 23, 59), at(10, 12), at(12), at(1), at(14)):
        make_question().created_at = created
    db.session.flush()
    rows = stats.questions_per_day(PERIOD, NOW)
    assert [(row["day"].day, row["questions"]) for row in rows] == [(9, 0), (10, 3), (11, 0), (12, 1), (13, 0)]


def _answered(slug: str, hours: float, answered_day: int = 11):
    question = make_question(status="answered", topics=(slug,))
    question.answered_at = at(answered_day)
    question.created_at = question.answered_at - timedelta(hours=hours)
    return question


def test_median_and_p90_time_to_first_answer_by_specialty(db):
    for hours in (4, 1, 10, 3, 2):
        _answered("heart-failure", hours)
    _answered("atrial-fibrillation", 100, answered_day=14)  # answered after the period
    for hours in (8, 2, 6, 4):
        _answered("knee-replacement", hours)
    db.session.flush()
    rows = {row["specialty"]: row for row in stats.answer_times_by_specialty(PERIOD, NOW)}
    # Cardiology 1, 2, 3, 4, 10: median 3; p90 nearest rank ceil(0.9 * 5) = 5th value = 10.
    assert (rows["Cardiology"]["answered"], rows["Cardiology"]["median_hours"], rows["Cardiology"]["p90_hours"]) \
        == (5, 3, 10)
    # Orthopaedics 2, 4, 6, 8: median (4 + 6) / 2 = 5; p90 ceil(3.6) = 4th value = 8.
    assert (rows["Orthopaedics"]["median_hours"], rows["Orthopaedics"]["p90_hours"]) == (5, 8)
    assert rows["Endocrinology and diabetes"] == {"specialty": "Endocrinology and diabetes", "answered": 0,
                                                  "median_hours": None, "p90_hours": None}


def test_queue_size_over_time_and_oldest_waiting(db):
    question = make_question()
    item(question, created=at(9, 10), resolved=at(11, 9))   # open at the end of the 9th and 10th
    item(question, created=at(10, 12))                        # open from the 10th on
    item(question, created=at(12, 1), resolved=at(12, 5))    # never open at a day's end
    item(make_question(topics=("knee-replacement",)), created=at(14))  # after the period
    rows = stats.queue_size_per_day(PERIOD, NOW)
    assert [row["open_items"] for row in rows] == [1, 2, 1, 1, 1]
    oldest = {row["specialty"]: row for row in stats.oldest_waiting_by_specialty(PERIOD, NOW)}
    assert oldest["Cardiology"]["open_items"] == 1 and oldest["Cardiology"]["oldest_hours"] == 120
    assert oldest["Orthopaedics"]["oldest_hours"] == 24
    assert oldest["Endocrinology and diabetes"] == {"specialty": "Endocrinology and diabetes", "open_items": 0,
                                                   "oldest_hours": None}


def test_items_past_due(db):
    specialty("orthopaedics").answer_target_hours = 100
    for hours_ago in (40, 50, 10, 36):
        item(make_question(), created=NOW - timedelta(hours=hours_ago))
    item(make_question(), created=NOW - timedelta(hours=99), kind="reply")  # not a question: no deadline
    item(make_question(topics=("knee-replacement",)), created=NOW - timedelta(hours=50))
    rows = {row["specialty"]: row for row in stats.items_past_due(PERIOD, NOW)}
    # Cardiology target 48 h: 36 and 40 h are at >= 75% (36 h), 50 h is past it.
    assert (rows["Cardiology"]["approaching"], rows["Cardiology"]["overdue"]) == (2, 1)
    assert (rows["Orthopaedics"]["target_hours"], rows["Orthopaedics"]["approaching"],
            rows["Orthopaedics"]["overdue"]) == (100, 0, 0)


def test_flags_by_reason(db):
    question = make_question(status="published")
    for n, (reason, created) in enumerate((("spam", at(10)), ("spam", at(11)), ("at_risk", at(13, 23)),
                                           ("harassment", at(1)))):
        db.session.add(Flag(user_id=make_user().id, target=f"question:{question.id}:{n}",
                            question_id=question.id, reason=reason, created_at=created))
    db.session.flush()
    rows = {row["reason"]: row["flags"] for row in stats.flags_by_reason(PERIOD, NOW)}
    assert rows == {"Incorrect medical information": 0, "Personal information shared": 0, "Harassment": 0,
                    "Spam": 2, "Someone may be at risk": 1}


def test_crisis_per_day(db):
    concern = make_question()
    concern.crisis_level, concern.created_at = "concern", at(10)
    calm = make_question()
    calm.created_at = at(10)
    reply = make_reply(calm)
    reply.crisis_level, reply.created_at = "emergency", at(10, 20)
    make_reply(calm).created_at = at(11)
    db.session.flush()
    rows = [(row["day"].day, row["questions"], row["replies"]) for row in stats.crisis_per_day(PERIOD, NOW)]
    assert rows == [(9, 0, 0), (10, 1, 1), (11, 0, 0), (12, 0, 0), (13, 0, 0)]


def test_deflection_per_day(db):
    for outcome, shown, created in (("left", 3, at(10)), ("left", 1, at(10)), ("posted", 2, at(10)),
                                    ("left", 0, at(10)), ("posted", 1, at(12))):
        db.session.add(AskDeflection(shown_count=shown, outcome=outcome, created_at=created))
    db.session.flush()
    rows = {row["day"].day: row for row in stats.deflection_per_day(PERIOD, NOW)}
    assert (rows[10]["shown"], rows[10]["left"], rows[10]["left_percent"]) == (3, 2, 66.7)
    assert (rows[12]["shown"], rows[12]["left"], rows[12]["left_percent"]) == (1, 0, 0)
    assert rows[9]["left_percent"] is None


def test_answers_per_clinician(db):
    ada, bo = make_user("clinician", pseudonym="Ada"), make_user("clinician", pseudonym="Bo")
    question = make_question(status="answered")
    for clinician, created in ((bo, at(10)), (ada, at(10)), (ada, at(13)), (ada, at(1))):
        db.session.add(Answer(question_id=question.id, clinician_id=clinician.id, body_md="x", body_html="x",
                              created_at=created))
    db.session.flush()
    assert stats.answers_per_clinician(PERIOD, NOW) == [{"clinician": "Ada", "answers": 2},
                                                        {"clinician": "Bo", "answers": 1}]


def test_every_chart_runs_on_an_empty_database(db):
    period = stats.parse_period(None, None, utcnow().date())
    for chart in stats.CHARTS:
        rows = chart.compute(period, utcnow())
        assert all(set(row) == {key for key, _ in chart.columns} for row in rows), chart.slug
