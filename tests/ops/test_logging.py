"""Structured logs: one JSON object per line, with request fields, without patient data."""
import io
import json
import logging

import pytest

from forum.platform.logs import _RoundsHandler
from tests.factories import make_user


@pytest.fixture
def app_config():
    return {"LOG_FORMAT": "json", "LOG_FORCE_HANDLER": True}


@pytest.fixture
def log_lines(app):
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, _RoundsHandler))
    stream = io.StringIO()
    handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def test_each_request_logs_one_json_line_without_the_query_string(client, log_lines):
    response = client.get("/auth/login?next=/questions/ask&email=kim@example.test",
                          headers={"X-Request-ID": "req-12345678"})
    assert response.headers["X-Request-ID"] == "req-12345678"
    access = [line for line in log_lines() if line["logger"] == "rounds.access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["method"] == "GET" and entry["path"] == "/auth/login" and entry["status"] == 200
    assert entry["request_id"] == "req-12345678" and entry["duration_ms"] >= 0
    assert {"time", "level", "message"} <= entry.keys()
    assert "?" not in json.dumps(log_lines()) and "kim@" not in json.dumps(log_lines())


def test_post_bodies_and_emails_never_reach_the_log(client, db, log_lines):
    user = make_user(email="lee@example.test")
    db.session.commit()
    client.post("/auth/login", data={"email": "lee@example.test", "password": "a secret passphrase"})
    client.post("/auth/login", data={"email": "lee@example.test", "password": "correct horse battery staple"})
    written = json.dumps(log_lines())
    assert "lee@example.test" not in written and "secret passphrase" not in written
    assert "correct horse" not in written
    logged_in = [line for line in log_lines() if line.get("user_id") == user.id]
    assert logged_in and logged_in[-1]["status"] == 302


def test_an_unsafe_request_id_is_replaced(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert response.headers["X-Request-ID"] != "bad id <script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_logs_during_a_request_carry_its_fields(app, client, log_lines):
    @app.get("/_log_probe")
    def _probe():
        logging.getLogger("forum.probe").warning("probe message")
        return "ok"

    client.get("/_log_probe?token=abc")
    probe = next(line for line in log_lines() if line["logger"] == "forum.probe")
    assert probe["level"] == "WARNING" and probe["message"] == "probe message"
    assert probe["path"] == "/_log_probe" and probe["request_id"]


def test_plain_logs_outside_production_json_by_default_in_production(monkeypatch, tmp_path):
    from forum.config import load_config

    assert load_config(str(tmp_path))["LOG_FORMAT"] == "plain"
    monkeypatch.setenv("ROUNDS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    assert load_config(str(tmp_path))["LOG_FORMAT"] == "json"
    monkeypatch.setenv("LOG_FORMAT", "plain")
    assert load_config(str(tmp_path))["LOG_FORMAT"] == "plain"


def test_logging_never_queries_the_database(app, client, login_as, log_lines, count_queries):
    """A log line written while the database fails must not need the database."""
    @app.get("/_log_after_commit")
    def _probe():
        from flask_login import current_user

        from forum.extensions import db

        assert current_user.is_authenticated
        db.session.commit()  # expires the loaded user
        with count_queries() as queries:
            logging.getLogger("forum.probe").warning("after commit")
        assert queries == []
        return "ok"

    user = login_as("member")
    assert client.get("/_log_after_commit").status_code == 200
    probe = next(line for line in log_lines() if line["logger"] == "forum.probe")
    assert probe["user_id"] == user.id
