"""Following topics and questions, notifications when answered, digests, unsubscribe links."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.models import DigestSetting, Notification, Subscription
from forum.models.base import utcnow
from forum.services import DomainError
from forum.services.subscriptions import (follow_question, follow_topic, set_digest, unsubscribe_token,
                                          user_for_unsubscribe_token)
from tests.factories import make_question, make_user, topic


def _followers_of(kind, target_id, db):
    column = Subscription.topic_id if kind == "topic" else Subscription.question_id
    return db.session.scalars(select(Subscription.user_id).where(column == target_id)).all()


def test_follow_and_unfollow_buttons(client, db, login_as):
    member = login_as(make_user())
    question = make_question(status="published")
    db.session.commit()
    assert "Follow Heart failure" in client.get("/topics/heart-failure").get_data(as_text=True)
    assert client.post("/topics/heart-failure/follow").status_code == 302
    client.post("/topics/heart-failure/follow")  # twice changes nothing
    assert _followers_of("topic", topic().id, db) == [member.id]
    assert "Unfollow Heart failure" in client.get("/topics/heart-failure").get_data(as_text=True)
    client.post(f"/questions/{question.id}/follow")
    assert _followers_of("question", question.id, db) == [member.id]
    assert "Unfollow this question" in client.get(f"/questions/{question.id}").get_data(as_text=True)
    following = client.get("/following").get_data(as_text=True)
    assert "Heart failure" in following and question.title in following
    client.post("/topics/heart-failure/unfollow")
    client.post(f"/questions/{question.id}/unfollow")
    db.session.expire_all()
    assert _followers_of("topic", topic().id, db) == [] and _followers_of("question", question.id, db) == []


def test_cannot_follow_what_you_cannot_see(client, db, login_as):
    login_as(make_user())
    pending = make_question(status="pending")
    db.session.commit()
    assert client.post(f"/questions/{pending.id}/follow").status_code == 404
    assert client.post("/topics/no-such-topic/follow").status_code == 404
    with pytest.raises(DomainError):
        follow_question(pending.author, pending)


def test_followers_are_notified_when_a_question_is_answered(db):
    from moderation.services.answers import answer_question

    question = make_question(status="published", topics=("heart-failure", "atrial-fibrillation"))
    by_question, by_topic, both, elsewhere = (make_user() for _ in range(4))
    follow_question(by_question, question)
    follow_topic(by_topic, topic("atrial-fibrillation"))
    follow_question(both, question)
    follow_topic(both, topic("heart-failure"))
    follow_topic(elsewhere, topic("knee-replacement"))
    follow_topic(question.author, topic("heart-failure"))  # the author is told separately
    db.session.commit()
    answer_question(make_user("clinician"), question, body="Here is what to expect.")
    db.session.commit()
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "followed_answered")).all()
    assert sorted(told) == sorted([by_question.id, by_topic.id, both.id])


@pytest.fixture
def app_config(mail_config):
    return mail_config


def _run_digest(app, period="daily"):
    result = app.test_cli_runner().invoke(args=["notify", "digest", "--period", period])
    assert result.exit_code == 0, result.output
    return result.output


def test_digest_emails_newly_answered_questions_once(app, db, smtp_server):
    daily, weekly, nobody = make_user(), make_user(), make_user()
    for user, period in ((daily, "daily"), (weekly, "weekly"), (nobody, "none")):
        follow_topic(user, topic("heart-failure"))
        set_digest(user, period)
    make_question(status="answered", title="Answered yesterday evening")
    old = make_question(status="answered", title="Answered long ago")
    old.answered_at = utcnow() - timedelta(days=30)
    make_question(status="published", title="Not answered yet")
    make_question(status="answered", title="Other topic", topics=("knee-replacement",))
    db.session.commit()

    output = _run_digest(app)
    assert "1 email(s) sent to 1 subscriber(s)" in output
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == daily.email
    body = message.get_payload(decode=True).decode()
    assert "Answered yesterday evening" in body
    assert "Answered long ago" not in body and "Not answered yet" not in body and "Other topic" not in body
    assert f"{app.config['BASE_URL']}/unsubscribe/" in body

    assert "0 email(s) sent" in _run_digest(app)  # nothing new since last time
    assert len(smtp_server.messages) == 1
    db.session.expire_all()
    assert db.session.get(DigestSetting, daily.id).last_digest_at is not None


def test_unsubscribe_link_works_without_login(app, client, db, smtp_server):
    user = make_user()
    follow_topic(user, topic("heart-failure"))
    set_digest(user, "weekly")
    make_question(status="answered", title="Answered this week")
    db.session.commit()
    _run_digest(app, "weekly")
    body = smtp_server.messages[0].get_payload(decode=True).decode()
    link = next(line for line in body.splitlines() if "/unsubscribe/" in line).split(": ", 1)[1]
    path = link.removeprefix(app.config["BASE_URL"])
    page = client.get(path)
    assert page.status_code == 200 and b"Stop digest emails" in page.data
    assert client.post(path).status_code == 200
    db.session.expire_all()
    assert db.session.get(DigestSetting, user.id).period == "none"
    assert _followers_of("topic", topic().id, db) == [user.id]  # follows stay


def test_tampered_unsubscribe_tokens_are_refused(client, db):
    user = make_user()
    set_digest(user, "daily")
    db.session.commit()
    token = unsubscribe_token(user.id)
    assert user_for_unsubscribe_token(token).id == user.id
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "not-a-token", token + "x"):
        assert client.get(f"/unsubscribe/{bad}").status_code == 400
        assert client.post(f"/unsubscribe/{bad}").status_code == 400
    db.session.expire_all()
    assert db.session.get(DigestSetting, user.id).period == "daily"


def test_digest_preference_form(client, db, login_as):
    user = login_as(make_user())
    assert client.post("/following/digest", data={"period": "weekly"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(DigestSetting, user.id).period == "weekly"
    assert client.post("/following/digest", data={"period": "hourly"}).status_code == 400
