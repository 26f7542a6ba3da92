"""Queue health numbers against hand-computed fixtures."""
from datetime import timedelta

from forum.models.base import utcnow
from moderation.services.health import median, percentile, queue_health
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user


def _answered(created_days_ago: float, hours_to_answer: float, now):
    question = make_question(status="answered")
    question.created_at = now - timedelta(days=created_days_ago)
    question.answered_at = question.created_at + timedelta(hours=hours_to_answer)
    return question


def test_percentiles_by_hand():
    assert median([3, 1, 2, 10]) == 2.5
    assert percentile([1, 2, 3, 10], 0.9) == 10
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert median([]) is None and percentile([], 0.9) is None


def test_queue_health_numbers(db):
    now = utcnow()
    for hours in (1, 2, 3, 10):
        _answered(2, hours, now)
    _answered(20, 20, now)
    _answered(40, 5, now)  # outside both windows
    old = queue_question(make_question())
    old.created_at = now - timedelta(hours=6)
    queue_question(make_question(topics=("knee-replacement",)))
    db.session.flush()
    health = queue_health(now)
    week, month = health["answer_times"]
    assert (week["count"], week["median"], week["p90"]) == (4, 2.5, 10)
    assert (month["count"], month["median"], month["p90"]) == (5, 3, 20)
    assert dict(health["by_kind"])["New question"] == 2 and health["total"] == 2
    assert dict(health["by_specialty"]) == {"Cardiology": 1, "Orthopaedics": 1}
    assert abs((health["oldest"] - old.created_at).total_seconds()) < 1


def test_staff_page(db, client, login_as):
    queue_question(make_question())
    login_as(make_user("staff"))
    page = client.get("/moderation/health")
    assert page.status_code == 200 and b"1 item waiting" in page.data and b"Cardiology" in page.data
    login_as("clinician")
    assert client.get("/moderation/health").status_code == 403
