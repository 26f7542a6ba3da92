"""Issue 23 item 1: notifications, /following and digests show a question's text only through
the one visibility rule, at read time: a redacted title or a hidden question does not live on."""
from datetime import timedelta

from forum.models.base import utcnow
from forum.services.digests import newly_answered_for
from forum.services.notifications import notify
from forum.services.subscriptions import follow_question
from tests.factories import make_question, make_user


def test_a_notification_shows_the_current_title_or_none(db, client, login_as):
    follower = make_user("member")
    question = make_question(status="answered", title="My neighbour Jane Example has heart failure")
    notify(follower.id, "followed_answered", "A question you follow has been answered", question_id=question.id)
    db.session.commit()
    login_as(follower)
    assert "Jane Example" in client.get("/my/notifications").get_data(as_text=True)
    question.title = "My neighbour [removed] has heart failure"  # a redaction
    db.session.commit()
    page = client.get("/my/notifications").get_data(as_text=True)
    assert "Jane Example" not in page and "[removed]" in page
    question.status = "hidden"
    db.session.commit()
    page = client.get("/my/notifications").get_data(as_text=True)
    assert "has heart failure" not in page and "A question you follow has been answered" in page
    assert f"/questions/{question.id}" not in page


def test_answer_notifications_do_not_copy_the_title(db):
    from moderation.services.answers import answer_question
    from forum.models import Notification

    question = make_question(status="published", title="A title that may be redacted later")
    answer_question(make_user("clinician"), question, body="Rest and drink water.")
    messages = db.session.scalars(db.select(Notification.message)).all()
    assert messages and not any("redacted later" in message for message in messages)


def test_following_and_digests_drop_questions_that_are_hidden(db, client, login_as):
    member = make_user("member")
    question = make_question(status="answered", title="Followed then hidden question")
    follow_question(member, question)
    question.answered_at = utcnow()
    db.session.commit()
    login_as(member)
    assert "Followed then hidden question" in client.get("/following").get_data(as_text=True)
    question.status = "hidden"
    db.session.commit()
    assert "Followed then hidden question" not in client.get("/following").get_data(as_text=True)
    members_only = make_question(status="answered", visibility="members", title="Members only one")
    follow_question(member, members_only)
    members_only.answered_at = utcnow()
    db.session.flush()
    found = newly_answered_for(member, utcnow() - timedelta(days=1), utcnow() + timedelta(minutes=1))
    assert question not in found and members_only in found


def test_a_queued_digest_carries_the_titles_as_they_are_when_it_is_sent(app, db, smtp_server):
    """A digest waits in the outbox (after commit, or on retry); a title redacted or a
    question hidden meanwhile must not go out in it."""
    from forum.models import DigestSetting, OutboxEmail
    from forum.services.digests import send_digest

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    member = make_user("member")
    redacted = make_question(status="answered", title="My neighbour Jane Example and her knee")
    hidden = make_question(status="answered", title="A question staff hide before sending")
    kept = make_question(status="answered", title="Exercise after heart failure")
    for question in (redacted, hidden, kept):
        follow_question(member, question)
        question.answered_at = utcnow()
    setting = DigestSetting(user_id=member.id, period="daily")
    db.session.add(setting)
    db.session.flush()
    assert send_digest(setting, member, "daily", utcnow() + timedelta(minutes=1))
    redacted.title = "My neighbour [removed] and her knee"
    hidden.status = "hidden"
    db.session.commit()  # the digest is delivered after this commit

    [message] = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    assert "My neighbour [removed] and her knee" in body and "Exercise after heart failure" in body
    assert "Jane Example" not in body and "staff hide" not in body
    assert "(a question that is no longer available)" in body
    stored = db.session.scalar(db.select(OutboxEmail.body_text))
    assert "Jane Example" not in stored and "Exercise after heart failure" not in stored, "no title at rest"
