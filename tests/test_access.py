"""The authorization matrix: every endpoint, every role, against tests/access_table.py."""
import pytest

from flask import url_for

from forum import create_app
from forum.extensions import db
from tests.access_table import ACCESS, ALLOWED, ROLES, SAMPLE_ARGS
from tests.factories import make_user


def _routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, rule.rule, method, tuple(sorted(rule.arguments))))
    return routes


ROUTES = _routes()


def test_every_endpoint_has_a_row_in_the_access_table():
    missing = sorted({endpoint for endpoint, *_ in ROUTES} - ACCESS.keys())
    assert missing == [], f"add these endpoints to tests/access_table.py: {missing}"


def _login(client, role):
    if role == "anonymous":
        return
    if role == "unverified_clinician":
        user = make_user("clinician", verified=False)
    else:
        user = make_user(role)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def _url(app, endpoint, arguments):
    values = {name: SAMPLE_ARGS.get(name, 1) for name in arguments}
    with app.test_request_context():
        return url_for(endpoint, **values)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint, rule, method, arguments", ROUTES,
                         ids=[f"{m} {r}" for _, r, m, _ in ROUTES])
def test_role_access(app, client, role, endpoint, rule, method, arguments):
    _login(client, role)
    url = _url(app, endpoint, arguments)
    response = client.open(url, method=method, data={})
    response.close()
    allowed = role in ALLOWED[ACCESS[endpoint]]
    assert response.status_code < 500, f"{method} {url} as {role} gave {response.status_code}"
    if allowed:
        assert response.status_code != 403, f"{method} {url} refused {role}"
        if role != "anonymous":
            assert "/auth/login" not in response.headers.get("Location", ""), f"{role} sent to log in"
    elif role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404), f"{method} {url} let {role} in ({response.status_code})"
