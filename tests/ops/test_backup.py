"""flask backup create / restore on SQLite; a clear refusal on PostgreSQL."""
import sqlite3

import pytest
from sqlalchemy import select

from forum.platform.backups import BackupError, restore_backup
from forum.models import Question, User
from tests.factories import make_question, make_user


@pytest.fixture
def sqlite_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("flask backup is for SQLite; this run uses PostgreSQL (test_refused_on_postgresql covers it)")


def _content(db):
    db.session.expire_all()
    return (sorted(db.session.scalars(select(User.pseudonym))),
            sorted(db.session.scalars(select(Question.title))))


def test_backup_then_restore_brings_back_the_content(app, db, sqlite_only, tmp_path):
    author = make_user(pseudonym="Before")
    make_question(author)
    db.session.commit()
    before = _content(db)
    db.session.remove()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "create", str(tmp_path / "rounds.bak")])
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output

    make_user(pseudonym="After")
    db.session.execute(Question.__table__.delete())
    db.session.commit()
    assert _content(db) != before
    db.session.remove()

    result = runner.invoke(args=["backup", "restore", str(tmp_path / "rounds.bak")])
    assert result.exit_code == 0, result.output
    assert "migration revision" in result.output
    assert _content(db) == before
    # The replaced database was kept, and still has the change that was undone.
    with sqlite3.connect(tmp_path / "rounds.bak.before-restore") as saved:
        assert saved.execute("SELECT count(*) FROM users WHERE pseudonym = 'After'").fetchone() == (1,)
    saved.close()


def test_backup_goes_to_instance_backups_by_default_and_never_overwrites(app, sqlite_only, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 0, result.output
    written = result.output.split("Backup written to ")[1].strip()
    assert "/backups/" in written
    with sqlite3.connect(written) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    again = runner.invoke(args=["backup", "create", written])
    assert again.exit_code != 0 and "already exists" in again.output


def test_restore_refuses_a_file_that_is_not_a_backup(app, db, sqlite_only, tmp_path):
    make_user(pseudonym="Stays")
    db.session.commit()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(junk)])
    assert result.exit_code != 0 and "is not a Rounds database backup" in result.output
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(empty)])
    assert result.exit_code != 0 and "not a Rounds" in result.output
    assert "Stays" in _content(db)[0]


def test_restore_refuses_while_someone_holds_the_write_lock(app, db, sqlite_only, tmp_path, monkeypatch):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "b.db")]).exit_code == 0
    monkeypatch.setattr("forum.platform.backups.LOCK_WAIT_MS", 200)
    writer = sqlite3.connect(uri.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BackupError, match="stop the app servers"):
            restore_backup(uri, tmp_path / "b.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_refused_on_postgresql(app):
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://rounds@127.0.0.1:5432/rounds"
    result = app.test_cli_runner().invoke(args=["backup", "create"])
    assert result.exit_code != 0
    assert "pg_dump" in result.output and "pg_restore" in result.output
