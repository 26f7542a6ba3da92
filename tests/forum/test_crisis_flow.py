"""Crisis escalation: a post that may describe a crisis is saved pending and urgent, the
member sees the crisis page, on-call staff are emailed a link (no post text), and the
escalation is audited. The PHI confirm step cannot skip it."""
import pytest
from sqlalchemy import select

from forum.models import AuditEntry, OutboxEmail, Question, Reply
from forum.services.crisis import CRISIS_SUBJECT
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user, topic

EMERGENCY = "I want to kill myself tonight, I have the pills ready"
CONCERN = "I feel hopeless and keep thinking about ending it all"


@pytest.fixture
def app_config():
    return {"ONCALL_EMAILS": "oncall@example.test, nurse@example.test,, oncall@example.test",
            "BASE_URL": "https://forum.example.org/",
            "CRISIS_CONTACTS": "Emergency services|999;Samaritans|116 123"}


def ask_form(**changes):
    data = {"title": "I do not know what to do any more", "body": EMERGENCY, "primary_topic": str(topic().id),
            "second_topic": "", "third_topic": "", "asking_for": "self", "identity": "pseudonym",
            "client_token": "crisis-1"}
    data.update(changes)
    return data


def test_crisis_question_shows_the_crisis_page_queues_urgent_and_tells_on_call(client, db, login_as):
    member = login_as(make_user(email="patient@example.test"))
    response = client.post("/questions/ask", data=ask_form())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You are not alone" in page
    assert "If you or someone near you is in danger now, call Emergency services on" in page
    assert 'href="tel:999"' in page and 'href="tel:116 123"' in page and "Samaritans" in page
    assert "top of our moderators’ queue" in page

    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.status == "pending" and question.crisis_level == "emergency"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert item.urgent and item.crisis_level == "emergency"

    emails = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert [email.recipient for email in emails] == ["oncall@example.test", "nurse@example.test"]
    for email in emails:
        assert email.subject == CRISIS_SUBJECT
        assert f"https://forum.example.org/moderation/items/{item.id}" in email.body_text
        assert "pills" not in email.body_text and "kill" not in email.body_text
        assert "patient@example.test" not in email.body_text and member.pseudonym not in email.body_text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "crisis.escalate"))
    assert (entry.actor_id, entry.actor_role, entry.target_kind, entry.target_id) == (
        None, "system", "question", question.id)
    assert entry.to_status == "emergency"


def test_crisis_item_is_first_in_the_queue(client, db, login_as):
    older = make_question()
    queue_question(older)
    login_as("member")
    client.post("/questions/ask", data=ask_form(body=CONCERN))
    login_as("staff")
    page = client.get("/moderation/").get_data(as_text=True)
    question = db.session.scalar(select(Question).where(Question.crisis_level == "concern"))
    crisis_item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    first_link = page.index(f"/moderation/items/{crisis_item.id}")
    older_item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == older.id))
    assert first_link < page.index(f"/moderation/items/{older_item.id}")


def test_crisis_reply_from_an_established_member_waits_in_the_queue(client, db, login_as):
    question = make_question(status="published")
    member = login_as(make_user(approved_posts=10))
    response = client.post(f"/questions/{question.id}/reply", data={"body": CONCERN, "client_token": "c-r"})
    assert response.status_code == 200 and b"You are not alone" in response.data
    reply = db.session.scalar(select(Reply).where(Reply.author_id == member.id))
    assert reply.status == "pending" and reply.crisis_level == "concern"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.reply_id == reply.id))
    assert item.urgent and item.kind == "reply"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "crisis.escalate"))
    assert (entry.target_kind, entry.target_id) == ("reply", reply.id)
    assert db.session.scalar(select(OutboxEmail.body_text)).count(f"/moderation/items/{item.id}") == 1


def test_phi_in_a_crisis_post_does_not_delay_or_skip_the_crisis_page(client, db, login_as):
    member = login_as("member")
    body = EMERGENCY + ". My number is 07700 900123"
    response = client.post("/questions/ask", data=ask_form(body=body))
    assert response.status_code == 200 and b"You are not alone" in response.data
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.crisis_level == "emergency" and question.phi_flagged
    assert db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id)).phi_flagged


def test_confirming_personal_details_does_not_bypass_crisis_detection(client, db, login_as):
    """A member warned about details who then adds crisis text and ticks the box still escalates."""
    member = login_as("member")
    warned = client.post("/questions/ask", data=ask_form(body="Call me on 07700 900123 please"))
    assert warned.status_code == 422
    fingerprint = warned.get_data(as_text=True).split('name="phi_hash" type="hidden" value="')[1].split('"')[0]
    response = client.post("/questions/ask", data=ask_form(body="Call me on 07700 900123 please. " + EMERGENCY,
                                                           phi_hash=fingerprint, phi_confirm="y"))
    assert b"You are not alone" in response.data
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.crisis_level == "emergency"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "crisis.escalate")) is not None


def test_ordinary_posts_are_not_escalated(client, db, login_as):
    login_as("member")
    response = client.post("/questions/ask", data=ask_form(body="What should I expect after the operation?"))
    assert response.status_code == 302
    assert db.session.scalar(select(OutboxEmail)) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "crisis.escalate")) is None


def test_without_on_call_addresses_the_escalation_is_still_audited(app, db):
    app.config["ONCALL_EMAILS"] = ""
    question = make_question(status="published")
    reply = post_reply(make_user(), question, body=EMERGENCY)
    assert reply.status == "pending"
    assert db.session.scalar(select(OutboxEmail)) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "crisis.escalate")).target_id == reply.id
