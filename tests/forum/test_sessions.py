"""Sessions: fresh at login, idle and absolute lifetimes, hardened cookies."""
import time

import pytest

from forum import create_app
from forum.platform.sessions import LOGIN_AT, SEEN_AT
from tests.conftest import BASE_CONFIG, FreshContextClient
from tests.factories import PASSWORD, make_user


def _log_in(client, db):
    make_user(email="kim@example.test")
    db.session.commit()
    response = client.post("/auth/login", data={"email": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 302


def _logged_in(client) -> bool:
    return client.get("/account/password").status_code == 200


def _shift(client, **ages_in_seconds):
    now = int(time.time())
    with client.session_transaction() as session:
        for key, age in ages_in_seconds.items():
            session[key] = now - age


def test_login_starts_a_fresh_stamped_session(client, db):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before login"
    _log_in(client, db)
    with client.session_transaction() as session:
        assert "planted" not in session, "the pre-login session is discarded"
        assert abs(session[LOGIN_AT] - time.time()) < 5 and session[SEEN_AT] == session[LOGIN_AT]


def test_idle_sessions_end(app, client, db):
    _log_in(client, db)
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    _shift(client, **{SEEN_AT: idle - 60})
    assert _logged_in(client), "still within the idle limit"
    _shift(client, **{SEEN_AT: idle + 60})
    response = client.get("/account/password", follow_redirects=True)
    assert b"without activity" in response.data and b"Log in" in response.data
    assert not _logged_in(client)


def test_last_seen_refreshes_at_most_once_a_minute(app, client, db):
    _log_in(client, db)
    _shift(client, **{SEEN_AT: 20})
    with client.session_transaction() as session:
        stamped = session[SEEN_AT]
    client.get("/")
    with client.session_transaction() as session:
        assert session[SEEN_AT] == stamped
    _shift(client, **{SEEN_AT: 20 * 60})
    client.get("/")
    with client.session_transaction() as session:
        assert session[SEEN_AT] >= int(time.time()) - 5
    _shift(client, **{SEEN_AT: 20 * 60})
    client.get("/")
    _shift(client, **{SEEN_AT: 20 * 60})
    assert _logged_in(client), "activity keeps a session alive past the idle limit"


def test_sessions_end_after_their_absolute_lifetime_even_when_active(app, client, db):
    _log_in(client, db)
    lifetime = app.config["SESSION_LIFETIME_HOURS"] * 3600
    _shift(client, **{LOGIN_AT: lifetime - 60, SEEN_AT: 0})
    assert _logged_in(client)
    _shift(client, **{LOGIN_AT: lifetime + 60, SEEN_AT: 0})
    response = client.get("/account/password", follow_redirects=True)
    assert b"sessions end after" in response.data
    assert not _logged_in(client)


def test_logout_clears_the_session(client, db):
    _log_in(client, db)
    client.post("/auth/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session and LOGIN_AT not in session


@pytest.fixture
def secure_client(database_url):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "SESSION_COOKIE_SECURE": True,
                      "WTF_CSRF_ENABLED": True})  # the form's CSRF token writes the session
    app.test_client_class = FreshContextClient
    yield app.test_client()


def test_cookies_are_host_prefixed_secure_httponly_and_lax(secure_client):
    response = secure_client.get("/auth/login", base_url="https://rounds.test")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "secure" in attributes and "httponly" in attributes and "samesite=lax" in attributes
    assert "path=/" in attributes
    assert not any(part.startswith("domain=") for part in attributes)


def test_remember_me_is_not_offered(client, db):
    page = client.get("/auth/login")
    assert b"remember" not in page.data.lower().replace(b"does not keep you logged in", b"")
    _log_in(client, db)
    assert client.get_cookie("remember_token") is None
