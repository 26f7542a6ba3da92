"""Fixtures: a freshly migrated database per test, on SQLite or on PostgreSQL.

The schema is built once per session by running the Alembic migrations (never
create_all); each test then gets a copy: a file copy on SQLite, a CREATE DATABASE
... TEMPLATE on PostgreSQL (DATABASE_URL=postgresql://...).
"""
import itertools
import os
import shutil
import uuid
from contextlib import contextmanager

import email_validator
import pytest
import sqlalchemy as sa

os.environ.setdefault("SECRET_KEY", "test-only-" + uuid.uuid4().hex)
os.environ["ROUNDS_ENV"] = "testing"
# Tests use the reserved .test domain, which email-validator refuses outside tests.
email_validator.TEST_ENVIRONMENT = True

from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from forum import create_app  # noqa: E402
from forum.extensions import db as _db  # noqa: E402
from tests import factories  # noqa: E402

# missing_parts: the end-of-run summary of tests skipped for a missing Chromium, Redis or
# PostgreSQL; browser: the one Chromium of the session; pytester: to test that summary.
pytest_plugins = ["tests.missing_parts", "tests.browser", "pytester"]

BASE_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "SERVER_NAME": "rounds.test",
    "MAIL_SERVER": "",
}
_counter = itertools.count()


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres")):
        return sa.engine.make_url(url.replace("postgres://", "postgresql://", 1)).set(
            drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return None


def _migrate(url: str) -> None:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        _db.engine.dispose()


class SqliteDatabases:
    def __init__(self, directory):
        self.directory = directory
        self.template = directory / "template.db"
        _migrate(f"sqlite:///{self.template}")

    def create(self) -> str:
        path = self.directory / f"test_{next(_counter)}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


class PostgresDatabases:
    """One migrated database for the session, emptied between tests.

    TRUNCATE is far faster than a CREATE DATABASE per test. The audit table's
    append-only trigger is switched off for the truncate only.
    """

    def __init__(self, url: str):
        self.url = sa.engine.make_url(url)
        self.name = f"rounds_test_{os.getpid()}"
        self.admin = sa.create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        self.test_url = self.url.set(database=self.name).render_as_string(hide_password=False)
        _migrate(self.test_url)
        self.engine = sa.create_engine(self.test_url, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as conn:
            self.tables = [row[0] for row in conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]

    def create(self) -> str:
        return self.test_url

    def drop(self, url: str) -> None:
        tables = ", ".join(f'"{name}"' for name in self.tables)
        with self.engine.connect() as conn:
            conn.execute(sa.text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
            conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            conn.execute(sa.text("ALTER TABLE audit_entries ENABLE TRIGGER USER"))

    def close(self) -> None:
        self.engine.dispose()
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Tests hold an app context open; without this, requests would share its `g`
    (Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    pg_url = _postgres_url()
    if pg_url:
        dbs = PostgresDatabases(pg_url)
        yield dbs
        dbs.close()
    else:
        yield SqliteDatabases(tmp_path_factory.mktemp("db"))


@pytest.fixture
def database_url(databases):
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture
def app_config():
    """Override in a test module to change configuration."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_config})
    app.test_client_class = FreshContextClient
    with app.app_context():
        factories.seed_basics()
        _db.session.commit()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(client, db):
    """login_as(user) or login_as("clinician"): the client is then logged in as that user."""

    def _login(user_or_role):
        user = factories.make_user(role=user_or_role) if isinstance(user_or_role, str) else user_or_role
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        return user

    return _login


@pytest.fixture
def count_queries(db):
    """with count_queries() as queries: ...; then len(queries) is the SQL statements run."""

    @contextmanager
    def _count():
        statements = []

        def _before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", _before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", _before)

    return _count


class _Inbox:
    """Messages the test SMTP server received, as email.message.Message objects."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email

        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port; .messages lists what arrived.

    Use it through app_config: {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port}.
    """
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def mail_config(smtp_server):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port}
