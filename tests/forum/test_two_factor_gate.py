"""Issue 23 item 6: the two-factor enrolment gate exempts an exact list of endpoints."""
import pytest

from forum.platform.sessions import TWO_FACTOR_EXEMPT


@pytest.fixture
def app_config():
    return {"REQUIRE_2FA": True}


def test_moderation_health_needs_two_factor_like_every_other_page(client, login_as):
    login_as("staff")
    response = client.get("/moderation/health")
    assert response.status_code == 302 and response.headers["Location"] == "/account/2fa/setup"


def test_only_the_listed_endpoints_are_exempt(app, client, login_as):
    login_as("admin")
    assert TWO_FACTOR_EXEMPT == {"account.two_factor_setup", "auth.logout", "static", "health.healthz",
                                 "health.readyz"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in TWO_FACTOR_EXEMPT or "GET" not in rule.methods or rule.arguments:
            continue
        response = client.get(rule.rule)
        assert response.status_code == 302 and response.headers["Location"] == "/account/2fa/setup", rule.rule
    assert client.get("/healthz").status_code == 200
