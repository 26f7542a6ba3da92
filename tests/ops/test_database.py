"""SQLite transactions: BEGIN IMMEDIATE for a request's writes (taken at its first write), the
driver's mode for CLI commands."""
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from forum.platform.database import locks_at_first_write, transaction_begin_statement


@pytest.fixture
def sqlite_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite transaction modes; this run uses PostgreSQL")
    return app


def test_the_begin_statement_follows_the_request_method(sqlite_app):
    for method, late_lock in (("GET", False), ("HEAD", False), ("POST", True), ("DELETE", True)):
        with sqlite_app.test_request_context("/", method=method):
            assert transaction_begin_statement() == "BEGIN"
            assert locks_at_first_write() is late_lock
    assert transaction_begin_statement() is None  # CLI, worker, tests: the driver's mode
    assert locks_at_first_write() is False


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


def _writes_from(statements: list[str]) -> int:
    return next(index for index, sql in enumerate(statements)
                if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "SAVEPOINT")))


def test_a_post_takes_the_write_lock_at_its_first_write_and_a_get_never(client, login_as, statements):
    login_as("member")
    statements.clear()
    assert client.get("/account/password").status_code == 200
    assert statements[0] == "BEGIN" and "BEGIN IMMEDIATE" not in statements
    statements.clear()
    client.post("/auth/logout")
    first_write = _writes_from(statements)
    assert statements[0] == "BEGIN" and statements[1].startswith("SELECT")  # the user, read without the lock
    assert statements[first_write - 2:first_write] == ["ROLLBACK", "BEGIN IMMEDIATE"]
    assert statements.count("BEGIN IMMEDIATE") == 1


def _ask_form(topic_id: int) -> dict:
    return {"client_token": "lock-late-1", "title": "How long is recovery after a knee replacement?",
            "body": "I am booked in next month and would like to plan time off work.",
            "primary_topic": str(topic_id), "second_topic": "", "third_topic": "",
            "asking_for": "self", "identity": "pseudonym", "similar_seen": "1"}


def test_the_ask_post_screens_and_searches_before_it_takes_the_write_lock(client, db, login_as, statements):
    """Issue 21: the policies, topics, detectors and Markdown run in the read transaction; the
    write lock is held from the question's insert to the commit."""
    from forum.models import Topic

    login_as("member")
    topic_id = db.session.scalar(sa.select(Topic.id).limit(1))
    statements.clear()
    response = client.post("/questions/ask", data=_ask_form(topic_id))
    assert response.status_code == 302
    locked = statements.index("BEGIN IMMEDIATE")
    assert statements[locked + 1].startswith("SAVEPOINT")  # add_once(): the question's insert
    before = " ".join(statements[:locked])
    assert "FROM policy_versions" in before and "FROM topics" in before and "FROM users" in before
    assert statements.count("BEGIN IMMEDIATE") == 1


def test_a_read_to_write_back_takes_the_lock_first(sqlite_app, client, db, statements):
    """SELECT ... FOR UPDATE (a no-op in SQLite's SQL) still takes the write lock: a wrong
    password re-reads the failure count under the lock, so concurrent failures all count."""
    from tests.factories import make_user

    user = make_user("member")
    db.session.commit()
    statements.clear()
    assert client.post("/auth/login", data={"email": user.email, "password": "wrong password"}).status_code == 400
    update = next(index for index, sql in enumerate(statements) if sql.startswith("UPDATE users"))
    locked = max(index for index, sql in enumerate(statements[:update]) if sql == "BEGIN IMMEDIATE")
    assert statements[locked + 1:update] and all(
        sql.startswith("SELECT") and "FROM users" in sql for sql in statements[locked + 1:update])


def _hold_write_lock(sqlite_app, seconds: float):
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET failed_logins = failed_logins")
    release = threading.Timer(seconds, lambda: other.execute("COMMIT"))
    release.start()
    return release, other


def test_a_write_waits_for_another_writer_instead_of_failing(sqlite_app, client, db):
    """Another process holds the write lock for a second; the POST waits, then succeeds."""
    from tests.factories import make_user

    user = make_user("member")
    db.session.commit()
    release, other = _hold_write_lock(sqlite_app, 1.0)
    started = time.monotonic()
    response = client.post("/auth/login", data={"email": user.email, "password": "wrong password"})
    waited = time.monotonic() - started
    release.join()
    other.close()
    assert response.status_code == 400 and b"database is locked" not in response.data
    assert waited >= 0.9
    db.session.expire_all()
    assert user.failed_logins == 1  # counted once the lock was free


def test_a_post_that_writes_nothing_does_not_wait_for_the_write_lock(sqlite_app, client, db):
    """A login for an unknown address only reads: it answers while another writer holds the lock."""
    release, other = _hold_write_lock(sqlite_app, 3.0)
    started = time.monotonic()
    response = client.post("/auth/login", data={"email": "nobody@example.test", "password": "wrong password"})
    waited = time.monotonic() - started
    release.join()
    other.close()
    assert response.status_code == 400
    assert waited < 2.5


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


@pytest.fixture
def postgres_modes(app, db):
    """(statement, autocommit) for each statement, as psycopg ran it."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL round trips; this run uses SQLite")
    seen = []

    def _before(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, conn.connection.driver_connection.autocommit))

    sa.event.listen(db.engine, "before_cursor_execute", _before)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", _before)


def test_postgresql_reads_of_a_request_run_without_a_transaction(client, login_as, postgres_modes):
    """Issue 24: no BEGIN before a page's reads and no ROLLBACK after them; the first write of
    a POST opens the transaction (psycopg sends BEGIN before it) and the rest stays in it."""
    login_as("member")
    postgres_modes.clear()
    assert client.get("/account/password").status_code == 200
    assert postgres_modes and all(autocommit for _, autocommit in postgres_modes)
    postgres_modes.clear()
    client.post("/auth/logout")
    statements = [statement for statement, _ in postgres_modes]
    first_write = _writes_from(statements)
    assert first_write > 0 and all(autocommit for _, autocommit in postgres_modes[:first_write])
    assert not any(autocommit for _, autocommit in postgres_modes[first_write:])


def test_postgresql_audit_chain_lock_is_held_in_the_transaction(app, db, postgres_modes):
    """pg_advisory_xact_lock in autocommit would be released at once: when an audit entry is a
    request's first write, the chain's lock still runs inside the request's transaction."""
    from forum.services.audit import record_audit

    db.session.commit()
    with app.test_request_context("/", method="POST"):
        assert db.session.scalar(sa.select(sa.literal(1))) == 1  # a read: autocommit
        record_audit(None, "test.first_write", "question")
        db.session.rollback()
    locks = [autocommit for statement, autocommit in postgres_modes if "pg_advisory_xact_lock" in statement]
    assert postgres_modes[0][1] is True
    assert locks == [False]


@pytest.mark.parametrize("raw, threshold", [("", 5), ("off", None), ("2", 2)])
def test_postgresql_prepared_statements_follow_the_setting(app, monkeypatch, raw, threshold):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("psycopg's prepared statements; this run uses SQLite")
    from forum import create_app
    from forum.extensions import db
    from tests.conftest import BASE_CONFIG

    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", raw)
    other = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with other.app_context():
        connection = db.engine.raw_connection()
        try:
            assert connection.driver_connection.prepare_threshold == threshold
        finally:
            connection.close()
            db.engine.dispose()
