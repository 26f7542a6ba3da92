"""Answer deadlines: the patient's expected wait, the queue's highlight, and the lead
clinician's email, sent once per review item."""
from datetime import timedelta

import pytest

from forum.models.base import utcnow
from forum.models.catalogue import describe_answer_target
from moderation.models import ReviewItem
from moderation.services.deadlines import deadline_for, notify_deadlines
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user, specialty


@pytest.fixture
def app_config(mail_config):
    return mail_config


def _waiting(hours: float, topics=("heart-failure",)) -> ReviewItem:
    item = queue_question(make_question(topics=topics))
    item.created_at = utcnow() - timedelta(hours=hours)
    return item


def test_describe_answer_target():
    assert describe_answer_target(48) == "a clinician usually answers within 2 days"
    assert describe_answer_target(24) == "a clinician usually answers within 1 day"
    assert describe_answer_target(6) == "a clinician usually answers within 6 hours"
    assert describe_answer_target(100) == "a clinician usually answers within 4 days"


def test_deadline_states(db):
    now = utcnow()
    assert deadline_for(_waiting(10), now) is None
    approaching = deadline_for(_waiting(43), now)  # 48 h target: 75% is 36 h
    assert (approaching.state, approaching.text) == ("approaching", "due in 5 h")
    overdue = deadline_for(_waiting(51), now)
    assert (overdue.state, overdue.text) == ("overdue", "overdue by 3 h")


def test_lead_clinician_is_emailed_once(app, db, smtp_server):
    lead = make_user("clinician", email="lead@example.test")
    specialty().lead_clinician_id = lead.id
    overdue, approaching, fresh = _waiting(60), _waiting(40), _waiting(1)
    _waiting(60, topics=("knee-replacement",))  # orthopaedics has no lead: nobody to tell
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["console", "deadlines"])
    assert result.exit_code == 0 and "about 2 question(s)" in result.output
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == "lead@example.test"
    body = message.get_payload()
    assert f"#{overdue.id}: overdue by 12 h" in body and f"#{approaching.id}: due in 8 h" in body
    assert f"#{fresh.id}" not in body
    db.session.expire_all()
    assert db.session.get(ReviewItem, overdue.id).deadline_notified_at is not None
    assert db.session.get(ReviewItem, fresh.id).deadline_notified_at is None
    result = runner.invoke(args=["console", "deadlines"])
    assert "about 0 question(s)" in result.output and len(smtp_server.messages) == 1  # sent once


def test_items_stay_unmarked_until_a_lead_exists(db):
    item = _waiting(60, topics=("knee-replacement",))
    assert notify_deadlines(utcnow()) == 0
    assert item.deadline_notified_at is None


def test_queue_marks_deadlines_in_words(db, client, login_as):
    _waiting(51)
    _waiting(43)
    login_as(make_user("staff"))
    html = client.get("/moderation/").get_data(as_text=True)
    assert "row-overdue" in html and "overdue by 3 h" in html
    assert "row-approaching" in html and "due in 5 h" in html


def test_patient_sees_the_expected_wait(db, client, login_as):
    member = make_user()
    question = make_question(member)
    specialty().answer_target_hours = 24
    login_as(member)
    html = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "a clinician usually answers within 1 day" in html
