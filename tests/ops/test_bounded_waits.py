"""Frozen dependencies cost one short wait, then nothing; the end of a request cannot fail it.

A "frozen" server here is a socket that listens and never answers: the kernel completes
the TCP handshake and takes the bytes, as with a SIGSTOPped PostgreSQL or Redis (the real
ones are frozen in test_freezes.py).
"""
import socket
import statistics
import time

import pytest
from flask import request
from sqlalchemy import text

from forum import create_app
from forum.extensions import db
from forum.platform import page_cache
from tests.conftest import BASE_CONFIG
from tests.factories import make_user


@pytest.fixture
def frozen_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def _timed(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_frozen_postgresql_costs_one_bounded_wait_then_503s_at_once(frozen_port, caplog):
    frozen = create_app({**BASE_CONFIG,
                         "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://rounds@127.0.0.1:{frozen_port}/rounds"})
    client = frozen.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # a logged-in visitor: the page needs the database

    first, first_wait = _timed(client, "/auth/login")
    assert first.status_code == 503 and first.headers["Retry-After"] == "30"
    assert first_wait < 5  # connect_timeout (2 s), not the freeze's length
    later = [_timed(client, "/auth/login") for _ in range(3)]
    assert all(response.status_code == 503 for response, _ in later)
    assert max(wait for _, wait in later) < 0.5, "each request waited again instead of failing at once"
    ready, ready_wait = _timed(client, "/readyz")
    assert ready.status_code == 503 and ready_wait < 1
    assert ready.json["checks"]["database"] == "unreachable: DatabaseUnavailable"
    assert "ConnectionTimeout" in caplog.text and "DatabaseUnavailable" in caplog.text


def test_a_frozen_redis_costs_one_short_timeout_then_nothing(app, frozen_port):
    url = f"redis://127.0.0.1:{frozen_port}/0"
    settings = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    # The first request of a new app also compiles its templates: compare like with like.
    normal_first = statistics.median(_timed(create_app(settings).test_client(), "/")[1] for _ in range(3))
    plain = create_app(settings).test_client()
    _timed(plain, "/")
    normal = statistics.median(_timed(plain, "/")[1] for _ in range(3))

    frozen = create_app({**settings, "REDIS_URL": url, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url,
                         "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": url})
    client = frozen.test_client()
    first, first_wait = _timed(client, "/")
    assert first.status_code == 200 and first.headers.get("X-Page-Cache") is None  # rendered fresh
    assert first_wait - normal_first < 0.5
    later = [_timed(client, "/")[1] for _ in range(3)]
    assert statistics.median(later) - normal < 0.1, "each request waited for Redis again"
    ready, ready_wait = _timed(client, "/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "degraded" and ready_wait < 1
    with frozen.app_context():
        started = time.monotonic()
        page_cache.bump_generation()  # what every content change does after its commit
        assert time.monotonic() - started < 0.1


def _another_app(app):
    """An app with its own app context per request (the fixture's app shares the test's)."""
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})


def test_a_connection_lost_after_the_response_is_logged_and_the_response_stands(app, caplog):
    caplog.set_level("INFO")
    other = _another_app(app)

    @other.get("/test/connection-lost")
    def connection_lost():
        db.session.execute(text("SELECT 1"))
        db.session.connection().connection.dbapi_connection.close()  # as a dropped connection
        return "finished"

    response = other.test_client().get("/test/connection-lost")
    assert response.status_code == 200 and response.text == "finished"
    assert "closing the request's session failed after the response" in caplog.text
    assert "GET /test/connection-lost 200" in caplog.text  # the access line says what was sent


def test_a_failure_after_the_commit_never_reports_the_change_as_failed(app, caplog):
    other = _another_app(app)

    @other.post("/test/after-commit")
    def after_commit():
        db.session.execute(text("SELECT 1"))
        db.session.commit()
        db.session.execute(text("SELECT * FROM no_such_table"))  # a read after the commit fails
        return "unreachable"

    response = other.test_client().post("/test/after-commit")
    assert response.status_code == 200
    assert "Your changes were saved" in response.text and "tel:911" in response.text
    assert "after this request's commit, which stands" in caplog.text


def test_the_503_log_line_names_the_cause(app, caplog):
    other = _another_app(app)

    @other.get("/test/database-error")
    def database_error():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return request.path

    response = other.test_client().get("/test/database-error")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "database unavailable: OperationalError (no such table: no_such_table)" in caplog.text


def test_a_write_failing_after_an_earlier_commit_is_reported_as_failed(app):
    other = _another_app(app)

    @other.post("/test/write-after-commit")
    def write_after_commit():
        db.session.execute(text("SELECT 1"))
        db.session.commit()  # e.g. a session refresh early in the request
        make_user("member")  # the user's write, flushed
        db.session.execute(text("SELECT * FROM no_such_table"))  # then the database fails
        return "unreachable"

    response = other.test_client().post("/test/write-after-commit")
    assert response.status_code == 503 and "Your changes were saved" not in response.text


def test_a_connection_lost_inside_a_savepoint_gives_a_503_not_a_500(app, caplog):
    """add_once() inserts in a savepoint; losing the connection there surfaces as another error."""
    other = _another_app(app)

    @other.post("/test/savepoint-lost")
    def savepoint_lost():
        db.session.execute(text("SELECT 1"))
        with db.session.begin_nested():
            db.session.connection().connection.dbapi_connection.close()  # dropped mid-request
            db.session.execute(text("SELECT 2"))
        return "unreachable"

    response = other.test_client().post("/test/savepoint-lost")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
