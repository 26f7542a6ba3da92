"""The outbox: email is sent after commit, never before, and failures are kept for retry."""
import pytest
from sqlalchemy import select

from forum.platform.mail import queue_email, retry_due_emails
from forum.models import OutboxEmail


@pytest.fixture
def app_config(mail_config):
    return mail_config


def test_email_is_sent_only_after_commit(db, smtp_server):
    queue_email("kim@example.test", "Your question was answered", "Hello Kim")
    db.session.flush()
    assert smtp_server.messages == []
    db.session.commit()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"] == "Your question was answered"
    assert message["X-Envelope-To"] == "kim@example.test"
    assert "Hello Kim" in message.get_payload()
    assert db.session.scalar(select(OutboxEmail.status)) == "sent"


def test_rolled_back_email_is_never_sent(db, smtp_server):
    queue_email("kim@example.test", "Never", "Never")
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == []


def test_failed_send_is_kept_and_retried(app, db, smtp_server):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    queue_email("kim@example.test", "Retry me", "Body")
    db.session.commit()
    email = db.session.scalar(select(OutboxEmail))
    assert email.status == "queued" and email.attempts == 1 and email.last_error
    assert smtp_server.messages == []
    app.config["MAIL_PORT"] = smtp_server.port
    email.next_attempt_at = email.created_at
    db.session.commit()
    assert retry_due_emails() == (1, 0)
    assert [m["Subject"] for m in smtp_server.messages] == ["Retry me"]


def test_no_address_no_email(db):
    assert queue_email(None, "x", "y") is None
