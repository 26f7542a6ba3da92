"""Issue 23 item 9: registering never tells whether an address already has an account.

The same answer, page and work (one password hash, one email) for a new address and a
registered one; nobody is logged in by registering (a password chosen by whoever typed
the address proves nothing); the owner of a registered address is told someone tried,
the new person gets the confirmation link, and that link finishes joining."""
import re
import statistics
import time

import pytest
from sqlalchemy import func, select

from forum.models import IpEvent, User
from tests.factories import PASSWORD, make_user

FORM = {"pseudonym": "NewPerson", "password": "lilac-harbour-91", "role": "member", "accept_guidelines": "y"}


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, "BASE_URL": "https://rounds.example.org", "RATELIMIT_ENABLED": False}


def _register(client, email, pseudonym="NewPerson"):
    with client.session_transaction() as session:
        session.clear()
    return client.post("/auth/register", data={**FORM, "email": email, "pseudonym": pseudonym})


def _logged_in(client) -> bool:
    return b"Log out" in client.get("/").data


def _page(client, response) -> str:
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.sub(r'name="csrf_token"[^>]*', "", page)


def test_a_registered_address_gets_the_same_answer_page_and_no_login(client, db, smtp_server):
    owner = make_user(email="owner@example.test", pseudonym="Owner1")
    db.session.commit()
    new = _register(client, "fresh@example.test", "FreshOne")
    new_page, new_logged_in = _page(client, new), _logged_in(client)
    known = _register(client, "OWNER@example.test", "SomeoneElse")
    known_page, known_logged_in = _page(client, known), _logged_in(client)

    assert (new.status_code, new.headers["Location"]) == (known.status_code, known.headers["Location"]) \
        == (302, "/auth/registered")
    assert new_page == known_page and "Check your email" in new_page and "already exists" not in known_page
    assert not new_logged_in and not known_logged_in
    assert db.session.scalar(select(func.count(User.id)).where(User.pseudonym_key == "someoneelse")) == 0

    by_recipient = {m["X-Envelope-To"]: m.get_payload(decode=True).decode() for m in smtp_server.messages}
    assert set(by_recipient) == {"fresh@example.test", "owner@example.test"}
    assert "/auth/verify/" in by_recipient["fresh@example.test"]
    notice = by_recipient["owner@example.test"]
    assert "tried to create a new Rounds account" in notice and "https://rounds.example.org/auth/login" in notice
    assert "/auth/verify/" not in notice and owner.pseudonym in notice
    # Both registrations are counted for abuse control, neither naming the owner's account.
    assert [event.user_id for event in db.session.scalars(select(IpEvent).where(IpEvent.action == "register"))] \
        == [db.session.scalar(User.by_email("fresh@example.test")).id, None]


def test_both_cases_hash_the_password_once_and_take_the_same_time(client, db, monkeypatch):
    make_user(email="owner@example.test", pseudonym="Owner1")
    db.session.commit()
    hashed = []
    real = User.set_password
    monkeypatch.setattr(User, "set_password", lambda self, password: (hashed.append(password), real(self, password)))
    timings = {"new": [], "known": []}
    for n in range(3):
        for case, email in (("new", f"fresh{n}@example.test"), ("known", "owner@example.test")):
            hashed.clear()
            started = time.perf_counter()
            assert _register(client, email, f"Fresh{n}{case}").status_code == 302
            timings[case].append(time.perf_counter() - started)
            assert hashed == [FORM["password"]], case
    # The password hash (scrypt) is most of the work in both; before, a registered address
    # answered at once, without hashing.
    assert statistics.median(timings["known"]) > 0.5 * statistics.median(timings["new"])


def test_an_unconfirmed_owner_gets_a_fresh_confirmation_link_instead(client, db, smtp_server):
    owner = make_user(email="owner@example.test", pseudonym="Owner1")
    owner.email_verified_at = None
    db.session.commit()
    assert _register(client, "owner@example.test").status_code == 302
    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == "owner@example.test" and "/auth/verify/" in message.get_payload(decode=True).decode()


def test_the_new_person_finishes_joining_with_the_emailed_link(client, db, smtp_server):
    _register(client, "fresh@example.test")
    # Until the link is opened the chosen password does not log in, with the answer a wrong
    # password gets (otherwise logging in would say the address had no account before).
    refused = client.post("/auth/login", data={"email": "fresh@example.test", "password": FORM["password"]})
    assert refused.status_code == 400 and b"do not match an account" in refused.data
    link = re.search(r"https://rounds\.example\.org(/auth/verify/\S+)",
                     smtp_server.messages[0].get_payload(decode=True).decode()).group(1)
    response = client.post(link)
    assert response.status_code == 302
    welcome = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Welcome to the community, NewPerson" in welcome, response.headers["Location"]
    assert _logged_in(client)
    client.post("/auth/logout")
    assert client.post(link).status_code == 302 and not _logged_in(client), "a second use logs nobody in"
    assert client.post("/auth/login", data={"email": "fresh@example.test", "password": FORM["password"]}).status_code == 302


def test_a_taken_pseudonym_is_said_whatever_the_address(client, db):
    make_user(email="owner@example.test", pseudonym="Taken")
    db.session.commit()
    for email in ("owner@example.test", "fresh@example.test"):
        response = _register(client, email, "taken")
        assert response.status_code == 400 and b"pseudonym is taken" in response.data
        assert b'value="' + email.encode() + b'"' in response.data, "what was typed is kept"


def test_existing_members_still_log_in(client, db):
    make_user(email="kim@example.test")
    db.session.commit()
    assert client.post("/auth/login", data={"email": "kim@example.test", "password": PASSWORD}).status_code == 302


def test_joining_from_the_ask_link_comes_back_to_the_ask_form(client, db, smtp_server):
    response = client.post("/auth/register?next=/questions/ask", data={**FORM, "email": "fresh@example.test"})
    assert response.headers["Location"] == "/auth/registered"
    link = re.search(r"https://rounds\.example\.org(/auth/verify/\S+)",
                     smtp_server.messages[0].get_payload(decode=True).decode()).group(1)
    assert client.post(link).headers["Location"] == "/questions/ask"
