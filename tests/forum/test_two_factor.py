"""TOTP two-factor authentication: enrolment, the login step, recovery codes, enforcement."""
import time

import pyotp
import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry, RecoveryCode
from forum.services.two_factor import enable_two_factor, new_secret
from forum.platform.sessions import PENDING_LOGIN
from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_config():
    return {"REQUIRE_2FA": True}


def _with_two_factor(db, user):
    """Enrol with the previous step's code (inside the drift window), so the current code
    is still unused for the login step (a code works once)."""
    secret = new_secret()
    codes = enable_two_factor(user, secret, pyotp.TOTP(secret).at(time.time() - 30))
    db.session.commit()
    return secret, codes


def _password_step(client, email, **query):
    return client.post("/auth/login", query_string=query, data={"email": email, "password": PASSWORD})


def _logged_in(client) -> bool:
    return client.get("/account/password").status_code == 200


def test_setup_shows_a_qr_code_and_a_correct_code_turns_it_on(client, db, login_as):
    user = login_as(make_user(email="kim@example.test"))
    page = client.get("/account/2fa/setup")
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.data
    with client.session_transaction() as session:
        secret = session["two_factor_setup_secret"]
    assert secret.encode() in page.data, "the key is also shown as text for manual entry"
    assert client.get("/account/2fa/setup").data.count(secret.encode()) == 1, "the secret is stable on reload"

    wrong = client.post("/account/2fa/setup", data={"code": "000000"})
    assert wrong.status_code == 400 and b"does not match" in wrong.data
    db.session.expire_all()
    assert not user.has_two_factor

    response = client.post("/account/2fa/setup", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200 and b"We will not show them again" in response.data
    db.session.expire_all()
    assert user.has_two_factor and user.totp_secret == secret
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10
    assert response.data.count(b"<li><code>") == 10
    assert all(code_hash.encode() not in response.data for code_hash in stored), "only hashes are stored"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "account.two_factor_enabled", AuditEntry.target_id == user.id)) == 1
    with client.session_transaction() as session:
        assert "two_factor_setup_secret" not in session
    assert client.get("/account/2fa/setup").status_code == 302, "already on: back to the status page"


def test_login_with_two_factor_needs_the_code(client, db):
    user = make_user(email="kim@example.test")
    secret, _ = _with_two_factor(db, user)
    token_before = user.session_token
    response = _password_step(client, "kim@example.test", next="/account/password")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/2fa"
    assert not _logged_in(client), "the password alone does not log in"
    db.session.expire_all()
    assert user.session_token == token_before, "password alone does not end other sessions"

    wrong = client.post("/auth/2fa", data={"code": "123456"})
    assert wrong.status_code == 400 and b"not correct" in wrong.data
    response = client.post("/auth/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    assert _logged_in(client)
    db.session.expire_all()
    assert user.session_token != token_before and user.failed_logins == 0
    with client.session_transaction() as session:
        assert PENDING_LOGIN not in session


def test_a_recovery_code_works_once(client, db):
    user = make_user(email="kim@example.test")
    _, codes = _with_two_factor(db, user)
    _password_step(client, "kim@example.test")
    response = client.post("/auth/2fa", data={"code": codes[0].upper().replace("-", " ")}, follow_redirects=True)
    assert b"9 are left" in response.data
    assert _logged_in(client)
    client.post("/auth/logout")
    _password_step(client, "kim@example.test")
    replay = client.post("/auth/2fa", data={"code": codes[0]})
    assert replay.status_code == 400
    assert not _logged_in(client)


def test_wrong_codes_count_towards_the_soft_lockout_but_a_valid_code_gets_through(client, db):
    user = make_user(email="kim@example.test")
    secret, _ = _with_two_factor(db, user)
    _password_step(client, "kim@example.test")
    for _ in range(5):
        client.post("/auth/2fa", data={"code": "000000"})
    db.session.expire_all()
    assert user.locked_until is not None
    response = client.post("/auth/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert _logged_in(client)


def test_the_pending_login_expires(client, db):
    user = make_user(email="kim@example.test")
    secret, _ = _with_two_factor(db, user)
    _password_step(client, "kim@example.test")
    with client.session_transaction() as session:
        session[PENDING_LOGIN] = {**session[PENDING_LOGIN], "at": int(time.time()) - 6 * 60}
    response = client.post("/auth/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert not _logged_in(client)


def test_two_factor_page_without_a_password_step_goes_to_login(client):
    response = client.get("/auth/2fa")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"


@pytest.mark.parametrize("role", ["clinician", "staff", "admin"])
def test_roles_that_require_it_are_sent_to_set_it_up_first(client, db, role):
    make_user(role, email=f"{role}@example.test")
    db.session.commit()
    response = _password_step(client, f"{role}@example.test")
    assert response.status_code == 302
    for url in ("/", "/account/password", "/account/2fa"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/account/2fa/setup", url
    assert client.get("/account/2fa/setup").status_code == 200
    static = client.get("/static/css/site.css")
    static.close()
    assert static.status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").status_code == 200, "logged out, the site is open again"


def test_members_are_not_forced_and_enrolled_staff_get_through(client, db, login_as):
    login_as(make_user("member"))
    assert client.get("/account/password").status_code == 200
    staff = make_user("staff")
    _with_two_factor(db, staff)
    login_as(staff)
    assert client.get("/account/password").status_code == 200


def test_enforcement_can_be_switched_off(app, client, login_as):
    app.config["REQUIRE_2FA"] = False
    login_as("staff")
    assert client.get("/account/password").status_code == 200


def test_members_may_turn_it_off_with_their_password(client, db, login_as):
    user = login_as(make_user("member"))
    _with_two_factor(db, user)
    page = client.get("/account/2fa")
    assert b"Turn off" in page.data
    wrong = client.post("/account/2fa/disable", data={"password": "not-my-password"})
    assert wrong.status_code == 400 and b"not correct" in wrong.data
    response = client.post("/account/2fa/disable", data={"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert not user.has_two_factor and user.totp_secret is None
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)
                             .where(RecoveryCode.user_id == user.id)) == 0


def test_roles_that_require_it_cannot_turn_it_off(client, db, login_as):
    user = make_user("clinician")
    _with_two_factor(db, user)
    login_as(user)
    page = client.get("/account/2fa")
    assert page.status_code == 200 and b"cannot be turned off" in page.data and b"Turn off" not in page.data
    assert client.post("/account/2fa/disable", data={"password": PASSWORD}).status_code == 403
    db.session.expire_all()
    assert user.has_two_factor
