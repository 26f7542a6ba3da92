"""Email verification: a link emailed at registration, confirmed with a button press."""
import re

import pytest
from sqlalchemy import select

from forum.models import User
from forum.permissions import needs_email_verification
from forum.services.tokens import EMAIL_VERIFICATION, PASSWORD_RESET, make_token
from tests.factories import make_user

REGISTRATION = {"email": "rosa@example.test", "pseudonym": "RosaR", "password": "lilac-harbour-91",
                "role": "member", "accept_guidelines": "y"}


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, "BASE_URL": "https://rounds.example.org"}


def _verify_path(message) -> str:
    body = message.get_payload(decode=True).decode()
    link = re.search(r"(https?://\S+/auth/verify/\S+)", body).group(1)
    assert link.startswith("https://rounds.example.org/auth/verify/")
    return link.removeprefix("https://rounds.example.org")


def test_registration_emails_a_link_that_confirms_the_address(client, db, smtp_server):
    response = client.post("/auth/register", data=REGISTRATION, headers={"Host": "evil.test"})
    assert response.status_code == 302
    user = db.session.scalar(User.by_email("rosa@example.test"))
    assert user.email_verified_at is None
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["rosa@example.test"]
    path = _verify_path(smtp_server.messages[0])

    page = client.get(path)
    assert page.status_code == 200 and b"Confirm my email address" in page.data
    db.session.expire_all()
    assert user.email_verified_at is None, "opening the link alone (a mail scanner) confirms nothing"

    response = client.post(path)
    assert response.status_code == 302
    db.session.expire_all()
    assert user.email_verified_at is not None
    assert b"RosaR" in client.get("/").data, "the link finishes joining: it logs the new member in"
    assert client.post(path).status_code == 302, "confirming twice is harmless"


def test_link_dies_when_the_email_changes(client, db):
    user = make_user(email="kim@example.test")
    user.email_verified_at = None
    db.session.commit()
    token = make_token(user, EMAIL_VERIFICATION)
    user.email = "kim.other@example.test"
    db.session.commit()
    response = client.post(f"/auth/verify/{token}")
    assert response.status_code == 400 and b"not valid" in response.data
    db.session.expire_all()
    assert user.email_verified_at is None


def test_a_reset_token_is_not_a_verification_token(client, db):
    user = make_user(email="kim@example.test")
    user.email_verified_at = None
    db.session.commit()
    assert client.post(f"/auth/verify/{make_token(user, PASSWORD_RESET)}").status_code == 400
    db.session.expire_all()
    assert user.email_verified_at is None


def test_resend_sends_a_new_link_only_while_unconfirmed(client, db, login_as, smtp_server):
    user = make_user(email="kim@example.test")
    user.email_verified_at = None
    login_as(user)
    page = client.get("/account/email")
    assert b"not confirmed yet" in page.data and b"Send a new confirmation link" in page.data
    response = client.post("/account/email/resend", follow_redirects=True)
    assert b"We have sent a new confirmation link" in response.data
    assert len(smtp_server.messages) == 1
    client.post(_verify_path(smtp_server.messages[0]))
    response = client.post("/account/email/resend", follow_redirects=True)
    assert b"already confirmed" in response.data
    assert len(smtp_server.messages) == 1


def test_needs_email_verification_follows_the_setting(app, db):
    user = make_user()
    user.email_verified_at = None
    db.session.flush()
    assert needs_email_verification(user)
    app.config["REQUIRE_EMAIL_VERIFICATION"] = False
    assert not needs_email_verification(user)
    app.config["REQUIRE_EMAIL_VERIFICATION"] = True
    assert not needs_email_verification(make_user()), "factories make confirmed users"
    assert db.session.scalar(select(User.email_verified_at).where(User.id == user.id)) is None


def _unconfirmed_member(db):
    user = make_user("member")
    user.email_verified_at = None
    db.session.flush()
    return user


def test_unconfirmed_members_cannot_ask_or_reply(client, db, login_as):
    from forum.services import DomainError
    from forum.services.replies import post_reply
    from tests.factories import make_question, topic

    user = _unconfirmed_member(db)
    question = make_question(status="published")
    login_as(user)
    response = client.post("/questions/ask", data={
        "title": "What does recovery feel like?", "body": "Weeks one to six, roughly.",
        "primary_topic": str(topic().id), "asking_for": "self", "identity": "pseudonym"})
    assert response.status_code == 400 and b"confirm your email address before posting" in response.data
    with pytest.raises(DomainError, match="confirm your email"):
        post_reply(user, question, body="Same here, it gets better.")


def test_confirmed_members_and_a_switched_off_requirement_may_post(app, db):
    from forum.services.replies import post_reply
    from tests.factories import make_question

    question = make_question(status="published")
    assert post_reply(make_user("member"), question, body="Same here, it gets better.").id
    app.config["REQUIRE_EMAIL_VERIFICATION"] = False
    assert post_reply(_unconfirmed_member(db), question, body="And for me too.").id
