"""Rate limits on the account routes, with limits read from named config settings."""
import pytest

from forum.platform import rate_limits
from tests.factories import make_user


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute",
            "RATELIMIT_PASSWORD_RESET": "2 per minute"}


def test_login_gets_a_429_page_after_the_limit(client, db):
    make_user(email="kim@example.test")
    db.session.commit()
    for _ in range(3):
        response = client.post("/auth/login", data={"email": "kim@example.test", "password": "wrong-password-1"})
        assert response.status_code == 400
    response = client.post("/auth/login", data={"email": "kim@example.test", "password": "wrong-password-1"})
    assert response.status_code == 429
    assert b"Too many requests" in response.data and b"Skip to main content" in response.data
    assert client.get("/auth/login").status_code == 200, "only POSTs are limited"


def test_password_reset_requests_are_limited(client):
    for _ in range(2):
        assert client.post("/auth/forgot", data={"email": "nobody@example.test"}).status_code == 302
    assert client.post("/auth/forgot", data={"email": "nobody@example.test"}).status_code == 429


def test_named_limits_read_the_configuration(app):
    app.config["RATELIMIT_POST"] = "7 per hour"
    assert rate_limits.POST() == "7 per hour"
    assert rate_limits.SEARCH() == app.config["RATELIMIT_SEARCH"] == "60 per minute"
