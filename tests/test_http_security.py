"""Site-wide protections: CSRF on every POST, size limits, headers, error pages."""
import pytest

from tests.factories import make_user
from tests.test_access import ROUTES, _url

# POSTs that another proof authenticates instead of a CSRF token: the provider's server-to-server
# back-channel logout carries a signed logout token (tests/sso/ checks it is refused without one).
CSRF_EXEMPT = {"sso.backchannel_logout": "forum.views.sso.backchannel_logout"}
POST_ROUTES = [(endpoint, arguments) for endpoint, _, method, arguments in ROUTES
               if method == "POST" and endpoint not in CSRF_EXEMPT]


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("endpoint, arguments", POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_every_post_without_a_csrf_token_is_refused(app, client, login_as, endpoint, arguments):
    login_as(make_user("staff"))
    response = client.post(_url(app, endpoint, arguments), data={})
    assert response.status_code == 400
    assert b"form has expired" in response.data


def test_only_the_listed_views_are_exempt_from_csrf(app):
    from forum.extensions import csrf

    assert csrf._exempt_views == set(CSRF_EXEMPT.values())
    assert not csrf._exempt_blueprints


def test_a_form_with_its_csrf_token_is_accepted(client, db):
    page = client.get("/auth/login")
    token = page.data.split(b'name="csrf_token" type="hidden" value="')[1].split(b'"')[0]
    make_user(email="kim@example.test")
    db.session.commit()
    response = client.post("/auth/login", data={"csrf_token": token.decode(), "email": "kim@example.test",
                                                 "password": "correct horse battery staple"})
    assert response.status_code == 302


def test_oversized_bodies_get_413(app, client):
    response = client.post("/auth/login", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert response.status_code == 413
    assert b"too large" in response.data.lower()


def test_security_headers_on_every_response(client):
    for url in ("/", "/auth/login", "/does-not-exist"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_logged_in_pages_are_never_cached(client, login_as):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login_as(make_user())
    assert "no-store" in client.get("/").headers["Cache-Control"]


def test_error_pages_use_the_site_layout(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert b"Page not found" in response.data and b"Skip to main content" in response.data


def test_no_inline_script_in_pages(client):
    page = client.get("/auth/register").data
    assert b"<script>" not in page and b"onclick=" not in page
