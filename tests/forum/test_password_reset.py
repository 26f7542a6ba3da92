"""Password reset: emailed single-use links that expire and are built from BASE_URL."""
import re
import time

import pytest
from sqlalchemy import select

from forum.models import AuditEntry, User
from forum.services.tokens import PASSWORD_RESET, make_token
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "a-fresh-start-for-spring-77"
SAME_ANSWER = b"If an account exists for that address"


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, "BASE_URL": "https://rounds.example.org"}


def _reset_link(smtp_server) -> str:
    assert smtp_server.messages, "no email was sent"
    body = _body(smtp_server.messages[-1])
    return re.search(r"(https?://\S+/auth/reset/\S+)", body).group(1)


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _path(link: str) -> str:
    return link.removeprefix("https://rounds.example.org")


def test_reset_request_emails_a_base_url_link_and_the_link_sets_a_new_password(client, db, smtp_server):
    user = make_user(email="kim@example.test")
    db.session.commit()
    old_token = user.session_token
    response = client.post("/auth/forgot", data={"email": "KIM@example.test"}, follow_redirects=True)
    assert SAME_ANSWER in response.data
    assert smtp_server.messages[0]["X-Envelope-To"] == "kim@example.test"
    link = _reset_link(smtp_server)
    assert link.startswith("https://rounds.example.org/auth/reset/")
    assert client.get(_path(link)).status_code == 200
    response = client.post(_path(link), data={"new_password": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)
    assert user.session_token != old_token, "other sessions end"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == user.id)
                             .order_by(AuditEntry.id.desc()).limit(1)) == "account.password_reset"
    login = client.post("/auth/login", data={"email": "kim@example.test", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_the_same_answer_whether_or_not_the_address_exists(client, db, smtp_server):
    make_user(email="kim@example.test")
    db.session.commit()
    known = client.post("/auth/forgot", data={"email": "kim@example.test"}, follow_redirects=True)
    unknown = client.post("/auth/forgot", data={"email": "nobody@example.test"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert SAME_ANSWER in known.data and SAME_ANSWER in unknown.data
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["kim@example.test"]


def test_forged_host_header_does_not_change_the_link(client, db, smtp_server):
    make_user(email="kim@example.test")
    db.session.commit()
    client.post("/auth/forgot", data={"email": "kim@example.test"}, headers={"Host": "evil.test"}).close()
    link = _reset_link(smtp_server)
    assert link.startswith("https://rounds.example.org/auth/reset/")
    assert "evil.test" not in _body(smtp_server.messages[-1])


def test_a_used_link_cannot_be_replayed(client, db, smtp_server):
    user = make_user(email="kim@example.test")
    db.session.commit()
    client.post("/auth/forgot", data={"email": "kim@example.test"}).close()  # the email goes after the response
    link = _path(_reset_link(smtp_server))
    assert client.post(link, data={"new_password": NEW_PASSWORD}).status_code == 302
    replay = client.post(link, data={"new_password": "someone-elses-choice-42"})
    assert replay.status_code == 400 and b"not valid" in replay.data
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(app, client, db, monkeypatch):
    user = make_user(email="kim@example.test")
    db.session.commit()
    real_time = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real_time() - (app.config["PASSWORD_RESET_MINUTES"] + 1) * 60)
        token = make_token(user, PASSWORD_RESET)
    response = client.post(f"/auth/reset/{token}", data={"new_password": NEW_PASSWORD})
    assert response.status_code == 400 and b"expired" in response.data
    db.session.expire_all()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("change", ["password", "email"])
def test_link_dies_when_password_or_email_changes(client, db, change):
    user = make_user(email="kim@example.test")
    db.session.commit()
    token = make_token(user, PASSWORD_RESET)
    if change == "password":
        user.set_password("changed-in-the-meantime-9")
    else:
        user.email = "kim.new@example.test"
    db.session.commit()
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code == 400 and b"not valid" in response.data


def test_forged_or_other_purpose_tokens_are_refused(client, db):
    from forum.services.tokens import EMAIL_VERIFICATION

    user = make_user(email="kim@example.test")
    db.session.commit()
    verification = make_token(user, EMAIL_VERIFICATION)
    assert client.get(f"/auth/reset/{verification}").status_code == 400
    assert client.get("/auth/reset/garbage.token.here").status_code == 400


def test_weak_new_password_is_refused_and_link_still_works(client, db):
    user = make_user(email="kim@example.test")
    db.session.commit()
    token = make_token(user, PASSWORD_RESET)
    response = client.post(f"/auth/reset/{token}", data={"new_password": "password123"})
    assert response.status_code == 400 and b"too common" in response.data and b'role="alert"' in response.data
    assert client.post(f"/auth/reset/{token}", data={"new_password": NEW_PASSWORD}).status_code == 302


def test_reset_ends_the_users_other_sessions(app, client, db, login_as):
    user = login_as(make_user(email="kim@example.test"))
    token = make_token(user, PASSWORD_RESET)
    other = app.test_client()
    assert client.get("/account/password").status_code == 200
    other.post(f"/auth/reset/{token}", data={"new_password": NEW_PASSWORD})
    assert client.get("/account/password").status_code == 302, "the old session was revoked"


def test_suspended_accounts_get_no_reset_email(client, db, smtp_server):
    user = make_user(email="kim@example.test")
    user.status = "suspended"
    db.session.commit()
    response = client.post("/auth/forgot", data={"email": "kim@example.test"}, follow_redirects=True)
    assert SAME_ANSWER in response.data
    assert smtp_server.messages == []
    assert db.session.get(User, user.id).status == "suspended"
