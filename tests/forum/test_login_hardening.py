"""Issue 23 items 2, 8 and 9 (login): TOTP codes work once, the lockout decays and cannot be
kept up against a two-factor user, and a lock is never shown to someone without the password."""
import time
from datetime import timedelta

import pyotp
import pytest

from forum.models.base import utcnow
from forum.services import DomainError
from forum.services.accounts import FREE_FAILURES, MAX_LOCK, authenticate, record_failed_login
from forum.services.two_factor import enable_two_factor, new_secret, verify_second_factor
from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_config():
    return {"REQUIRE_2FA": True}


def _enrolled(db):
    user = make_user("clinician", email="doc@example.test")
    secret = new_secret()
    enable_two_factor(user, secret, pyotp.TOTP(secret).at(time.time() - 30))
    db.session.commit()
    return user, secret


def _login(client, code):
    client.post("/auth/login", data={"email": "doc@example.test", "password": PASSWORD})
    return client.post("/auth/2fa", data={"code": code})


def test_the_same_totp_code_cannot_complete_two_logins(app, db):
    user, secret = _enrolled(db)
    code = pyotp.TOTP(secret).now()
    first, second = app.test_client(), app.test_client()
    assert _login(first, code).status_code == 302
    replay = _login(second, code)
    assert replay.status_code == 400 and b"not correct" in replay.data
    assert second.get("/account/password").status_code == 302


def test_earlier_codes_are_refused_after_a_later_one(db):
    user, secret = _enrolled(db)
    totp = pyotp.TOTP(secret)
    verify_second_factor(user, totp.at(time.time() + 30))  # the next step, inside the window
    with pytest.raises(DomainError):
        verify_second_factor(user, totp.now())


def test_the_enrolment_code_cannot_log_in(db):
    user = make_user("staff")
    secret = new_secret()
    code = pyotp.TOTP(secret).now()
    enable_two_factor(user, secret, code)
    with pytest.raises(DomainError):
        verify_second_factor(user, code)


def test_failures_decay_and_failures_during_a_lock_do_not_extend_it(db):
    user = make_user(email="kim@example.test")
    for _ in range(FREE_FAILURES):
        record_failed_login(user)
    locked_until = user.locked_until
    assert locked_until is not None
    record_failed_login(user)  # during the lock: not counted
    assert user.locked_until == locked_until and user.failed_logins == FREE_FAILURES
    # An hour later with no failures, one wrong password starts from a clean count.
    user.locked_until = utcnow() - timedelta(seconds=1)
    user.last_failed_login_at = utcnow() - timedelta(hours=1)
    record_failed_login(user)
    assert user.failed_logins == 1


def test_one_failure_after_each_expiry_never_locks_for_longer_than_the_cap(db):
    user = make_user(email="kim@example.test")
    for _ in range(40):
        user.locked_until = None
        record_failed_login(user)
        assert user.locked_until is None or user.locked_until - utcnow() <= MAX_LOCK
    assert MAX_LOCK <= timedelta(minutes=5)


def test_a_correct_password_and_code_get_through_a_lock(client, db):
    user, secret = _enrolled(db)
    for _ in range(FREE_FAILURES + 3):
        client.post("/auth/login", data={"email": "doc@example.test", "password": "wrong-password-9"})
    db.session.expire_all()
    assert user.locked_until is not None and user.locked_until > utcnow()
    assert _login(client, pyotp.TOTP(secret).now()).status_code == 302
    assert client.get("/account/password").status_code == 200


def test_a_locked_account_looks_like_an_unknown_one_to_a_wrong_password(client, db):
    user = make_user(email="kim@example.test")
    user.locked_until = utcnow() + timedelta(minutes=3)
    db.session.commit()
    wrong = client.post("/auth/login", data={"email": "kim@example.test", "password": "wrong-password-1"})
    unknown = client.post("/auth/login", data={"email": "nobody@example.test", "password": "wrong-password-1"})
    assert wrong.status_code == unknown.status_code == 400
    assert b"Too many failed attempts" not in wrong.data and b"do not match an account" in wrong.data
    with pytest.raises(DomainError, match="Too many failed attempts"):
        authenticate("kim@example.test", PASSWORD)


def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(client, db, count_queries):
    """The lookup and the email happen after the response, so the request itself runs the
    same statements (and takes the same time) whether or not the address is registered."""
    make_user(email="kim@example.test")
    db.session.commit()
    answers, statements = [], []
    for email in ("kim@example.test", "nobody@example.test"):
        with count_queries() as queries:
            response = client.post("/auth/forgot", data={"email": email})
            answers.append((response.status_code, response.headers["Location"]))
        statements.append([sql.split()[0] for sql in queries])
        response.close()
    assert answers[0] == answers[1] and statements[0] == statements[1]
