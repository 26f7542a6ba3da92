"""Issue 23 item 16: working token links are not kept at rest once sent, and never logged."""
import logging
import re

import pytest
from sqlalchemy import select

from forum.models import OutboxEmail
from forum.platform.mail import REDACTED_LINK, redact_token_links
from tests.factories import make_user


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, "BASE_URL": "https://rounds.example.org"}


def test_a_sent_reset_email_keeps_no_working_link(client, db, smtp_server):
    make_user(email="kim@example.test")
    db.session.commit()
    client.post("/auth/forgot", data={"email": "kim@example.test"}).close()  # the email goes after the response
    sent = smtp_server.messages[-1].get_payload(decode=True).decode()
    link = re.search(r"https://\S+/auth/reset/\S+", sent).group(0)
    db.session.expire_all()
    stored = db.session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()))
    assert stored.status == "sent"
    assert link not in stored.body_text and REDACTED_LINK in stored.body_text
    assert "/auth/reset/" not in stored.body_text
    assert client.get(link.removeprefix("https://rounds.example.org")).status_code == 200, "the emailed link works"


def test_redaction_keeps_ordinary_links(app):
    with app.test_request_context():
        text = ("See https://rounds.example.org/questions/12 and reset at "
                "https://rounds.example.org/auth/reset/abc.def.ghi or stop: https://rounds.example.org/unsubscribe/x.y")
        redacted = redact_token_links(text)
    assert "https://rounds.example.org/questions/12" in redacted
    assert "abc.def.ghi" not in redacted and "x.y" not in redacted and redacted.count(REDACTED_LINK) == 2


@pytest.mark.parametrize("mail_dev_dir", [False, True], ids=["log only", "development mail folder"])
def test_development_log_and_access_log_never_show_a_token(app, client, db, caplog, tmp_path, mail_dev_dir):
    app.config["MAIL_SERVER"] = ""
    app.config["MAIL_DEV_DIR"] = str(tmp_path / "mail") if mail_dev_dir else ""
    make_user(email="kim@example.test")
    db.session.commit()
    with caplog.at_level(logging.INFO):
        client.post("/auth/forgot", data={"email": "kim@example.test"}).close()
        client.get("/auth/reset/some.secret-token.value")
    text = "\n".join(record.getMessage() + " " + str(getattr(record, "path", "")) for record in caplog.records)
    assert "email (development, not sent" in text
    assert "/auth/reset/" not in text.replace("/auth/reset/[token]", "")
    assert "some.secret-token.value" not in text


def test_development_mail_folder_holds_the_working_link(app, client, db, tmp_path):
    """Outside production a developer confirms an account from instance/mail/, not the log."""
    app.config.update(MAIL_SERVER="", MAIL_DEV_DIR=str(tmp_path / "mail"))
    make_user(email="kim@example.test")
    db.session.commit()
    client.post("/auth/forgot", data={"email": "kim@example.test"}).close()
    (written,) = (tmp_path / "mail").iterdir()
    assert written.stat().st_mode & 0o077 == 0, "readable by its owner only"
    link = re.search(r"https://rounds.example.org(/auth/reset/\S+)", written.read_text()).group(1)
    assert client.get(link).status_code == 200


def test_production_writes_no_development_mail_folder(monkeypatch, tmp_path):
    from forum.config import load_config

    monkeypatch.setenv("ROUNDS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert load_config(str(tmp_path))["MAIL_DEV_DIR"] == ""
