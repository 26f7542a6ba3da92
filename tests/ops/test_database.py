"""SQLite transactions: BEGIN IMMEDIATE for requests that write and for CLI commands."""
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from forum.platform.database import transaction_begin_statement


@pytest.fixture
def sqlite_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite transaction modes; this run uses PostgreSQL")
    return app


def test_the_begin_statement_follows_the_request_method(sqlite_app):
    for method, expected in (("GET", "BEGIN"), ("HEAD", "BEGIN"), ("POST", "BEGIN IMMEDIATE"),
                             ("DELETE", "BEGIN IMMEDIATE")):
        with sqlite_app.test_request_context("/", method=method):
            assert transaction_begin_statement() == expected
    assert transaction_begin_statement() is None  # CLI, worker, tests: the driver's mode


def test_a_cli_command_leaves_no_write_lock_behind(sqlite_app, db, client):
    """A command that reads after its commit must not block the site's writers."""
    runner = sqlite_app.test_cli_runner()
    assert runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"]).exit_code == 0
    response = client.post("/auth/login", data={"email": "nobody@example.test", "password": "wrong password"})
    assert response.status_code == 400


@pytest.fixture
def statements(sqlite_app, db):
    seen = []

    def _before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", _before)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", _before)


def test_a_post_takes_the_write_lock_up_front_and_a_get_does_not(client, login_as, statements):
    login_as("member")
    statements.clear()
    assert client.get("/account/password").status_code == 200
    assert statements[0] == "BEGIN" and "BEGIN IMMEDIATE" not in statements
    statements.clear()
    client.post("/auth/logout")
    assert statements[0] == "BEGIN IMMEDIATE"


def test_a_write_waits_for_another_writer_instead_of_failing(sqlite_app, client, db):
    """Another process holds the write lock for a second; the POST waits, then succeeds."""
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET failed_logins = failed_logins")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    response = client.post("/auth/login", data={"email": "nobody@example.test", "password": "wrong password"})
    waited = time.monotonic() - started
    release.join()
    other.close()
    assert response.status_code == 400 and b"database is locked" not in response.data
    assert waited >= 0.9


def test_reads_outside_requests_see_what_requests_committed(client, db, login_as):
    """Tests (no request, no CLI) keep the driver's mode: no stale snapshot after a request."""
    from forum.models import User

    user = login_as("member")
    first_token = user.session_token
    client.post("/auth/logout")
    db.session.expire_all()
    token = db.session.get(User, user.id).session_token  # a read, and no commit after it
    assert token != first_token
    with client.session_transaction() as session:
        session["_user_id"] = token
    client.post("/auth/logout")
    db.session.expire_all()
    assert db.session.get(User, user.id).session_token != token
