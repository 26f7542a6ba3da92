"""/healthz, /readyz and the 503 page when the database is down."""
import socket
import time

import pytest

from forum import create_app
from forum.extensions import db
from tests.conftest import BASE_CONFIG


def test_healthz_answers_without_the_database(client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert queries == []


def test_readyz_reports_the_database_and_redis(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "redis": "not configured"},
                             "degraded": []}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_app():
    """An app whose PostgreSQL and Redis are not running: nothing listens on their ports."""
    app = create_app({**BASE_CONFIG,
                      "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://rounds@127.0.0.1:{_closed_port()}/rounds",
                      "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    return app


def test_readyz_is_503_with_detail_when_database_and_redis_are_down(unreachable_app):
    started = time.monotonic()
    response = unreachable_app.test_client().get("/readyz")
    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"].startswith("unreachable: OperationalError")
    assert response.json["checks"]["redis"].startswith("unreachable: ConnectionError")
    assert unreachable_app.test_client().get("/healthz").status_code == 200


def test_pages_give_a_clear_503_when_the_database_is_down(unreachable_app, caplog):
    client = unreachable_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # a logged-in visitor: the user lookup fails too
    response = client.get("/auth/login")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert b"Rounds is temporarily unavailable" in response.data
    assert "database unavailable: OperationalError" in caplog.text


def test_readyz_stays_200_and_says_degraded_when_only_redis_is_down(app):
    """Losing Redis must not take every server out of rotation: the site still serves."""
    degraded = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                           "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    response = degraded.test_client().get("/readyz")
    with degraded.app_context():
        db.engine.dispose()  # this second app's pooled connection, closed now rather than at exit
    assert response.status_code == 200
    assert response.json["status"] == "degraded" and response.json["degraded"] == ["redis"]
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["redis"].startswith("unreachable: ConnectionError")


def test_postgres_waits_are_bounded(unreachable_app):
    options = unreachable_app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 2
    assert options["connect_args"]["keepalives"] == 1 and options["connect_args"]["tcp_user_timeout"] == 10_000
    assert options["pool_timeout"] == 5 and options["pool_pre_ping"] is True


def test_probes_never_look_up_the_user(client, login_as, count_queries):
    login_as("member")
    with count_queries() as queries:
        assert client.get("/healthz").status_code == 200
    assert queries == []
    with count_queries() as queries:
        assert client.get("/readyz").status_code == 200
    assert [statement for statement in queries if statement != "BEGIN"] == ["SELECT 1"]
