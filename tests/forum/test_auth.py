import pytest
from sqlalchemy import func, select

from forum.models import PolicyAcceptance, User
from forum.services.tokens import EMAIL_VERIFICATION, make_token
from tests.factories import PASSWORD, make_user

GOOD = {"email": "rosa@example.test", "pseudonym": "RosaR", "password": "lilac-harbour-91",
        "role": "member", "accept_guidelines": "y"}


def register(client, **changes):
    return client.post("/auth/register", data={**GOOD, **changes})


def user_count(db):
    return db.session.scalar(select(func.count(User.id)))


def test_register_creates_account_records_guidelines_and_the_emailed_link_logs_in(client, db):
    before = user_count(db)
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/registered"
    user = db.session.scalar(User.by_email("rosa@example.test"))
    assert user.pseudonym == "RosaR" and user.role == "member"
    assert user.password_hash.startswith("scrypt:")
    assert db.session.scalar(select(func.count()).select_from(PolicyAcceptance)
                             .where(PolicyAcceptance.user_id == user.id)) == 1
    assert user_count(db) == before + 1
    assert b"RosaR" not in client.get("/").data, "registering logs nobody in (issue 23 item 9)"
    client.post(f"/auth/verify/{make_token(user, EMAIL_VERIFICATION)}")
    home = client.get("/")
    assert b"RosaR" in home.data and b"rosa@example.test" not in home.data


def test_register_as_caregiver(client, db):
    register(client, role="caregiver")
    assert db.session.scalar(User.by_email("rosa@example.test")).role == "caregiver"


@pytest.mark.parametrize("changes, message", [
    ({"password": "short1"}, b"at least 10 characters"),
    ({"password": "password123"}, b"too common"),
    ({"password": "aaaaaaaaaaaa"}, b"too common"),
    ({"password": "RosaR-is-me-2026"}, b"must not contain"),
    ({"email": "not-an-email"}, b"Invalid email"),
    ({"accept_guidelines": ""}, b"accept the community guidelines"),
    ({"pseudonym": "x"}, b"between 3 and 30 characters"),
    ({"pseudonym": "<script>x"}, b"Pseudonyms are 3"),
    ({"email": "a" * 250 + "@example.test"}, b"Email address"),
    ({"role": "admin"}, b"Not a valid choice"),
])
def test_register_rejects_bad_input_with_a_clear_message(client, db, changes, message):
    before = user_count(db)
    response = register(client, **changes)
    assert response.status_code == 400
    assert message in response.data
    assert b'role="alert"' in response.data
    assert user_count(db) == before


def test_register_makes_no_second_account_for_an_address_and_rejects_a_taken_pseudonym(client, db):
    make_user(email="rosa@example.test", pseudonym="Someone")
    db.session.commit()
    before = user_count(db)
    response = register(client, email="ROSA@example.test")
    assert response.status_code == 302 and user_count(db) == before  # the same answer as a new address
    make_user(pseudonym="Taken")
    db.session.commit()
    response = register(client, email="new@example.test", pseudonym="taken")
    assert response.status_code == 400 and b"pseudonym is taken" in response.data


def test_login_and_logout(client, db):
    user = make_user(email="kim@example.test")
    db.session.commit()
    old_token = user.session_token
    response = client.post("/auth/login", data={"email": "KIM@example.test", "password": PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.session_token != old_token, "login rotates the session token"
    assert user.pseudonym.encode() in client.get("/").data
    client.post("/auth/logout")
    assert b"Log in" in client.get("/").data
    db.session.refresh(user)
    assert user.session_token != old_token


def test_login_failure_does_not_reveal_whether_the_email_exists(client, db):
    make_user(email="kim@example.test")
    db.session.commit()
    wrong_password = client.post("/auth/login", data={"email": "kim@example.test", "password": "nope-nope-nope"})
    unknown = client.post("/auth/login", data={"email": "nobody@example.test", "password": "nope-nope-nope"})
    assert wrong_password.status_code == unknown.status_code == 400
    assert b"do not match an account" in wrong_password.data
    assert b"do not match an account" in unknown.data


def test_repeated_failures_slow_down_but_do_not_lock_forever(client, db):
    user = make_user(email="kim@example.test")
    db.session.commit()
    for _ in range(6):
        client.post("/auth/login", data={"email": "kim@example.test", "password": "wrong-password-1"})
    response = client.post("/auth/login", data={"email": "kim@example.test", "password": PASSWORD})
    assert b"Too many failed attempts" in response.data
    db.session.refresh(user)
    wait = (user.locked_until - user.created_at).total_seconds()
    assert 0 < wait < 16 * 60


@pytest.mark.parametrize("target", [
    "https://evil.test/", "//evil.test/", "/\\evil.test", "javascript:alert(1)", "http:/evil.test",
    "/\n//evil.test", "\\\\evil.test", " //evil.test",
])
def test_login_next_never_leaves_the_site(client, db, target):
    make_user(email="kim@example.test")
    db.session.commit()
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_follows_local_paths(client, db):
    make_user(email="kim@example.test")
    db.session.commit()
    response = client.post("/auth/login", query_string={"next": "/account/password?x=1"},
                           data={"email": "kim@example.test", "password": PASSWORD})
    assert response.headers["Location"] == "/account/password?x=1"


def test_change_password_ends_other_sessions(app, client, db, login_as):
    user = login_as(make_user())
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.session_token
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                       "new_password": "a-much-better-one-42"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("a-much-better-one-42")
    assert client.get("/account/password").status_code == 200, "this session continues"
    assert other.get("/account/password").status_code == 302, "the other session is logged out"


def test_change_password_rejects_wrong_current_and_weak_new(client, db, login_as):
    user = login_as(make_user())
    response = client.post("/account/password", data={"current_password": "wrong-one-123",
                                                       "new_password": "a-much-better-one-42"})
    assert response.status_code == 400 and b"current password is not correct" in response.data
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                       "new_password": "qwertyuiop"})
    assert response.status_code == 400 and b"too common" in response.data
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_suspended_user_cannot_log_in(client, db):
    user = make_user(email="kim@example.test")
    user.status, user.status_reason = "suspended", "Repeated spam"
    db.session.commit()
    response = client.post("/auth/login", data={"email": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 400 and b"suspended" in response.data and b"Repeated spam" in response.data
