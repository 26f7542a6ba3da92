"""Backups of a SQLite database with the sqlite3 online backup API.

The backup API copies a consistent snapshot while the site keeps serving (it includes
what is still in the WAL), unlike copying the file. PostgreSQL has its own tools:
pg_dump / pg_restore (see the README's deployment guide).

Restore refuses when the file is not an intact Rounds database, and when another
process holds the write lock for longer than a few seconds; stop the app servers and
the job worker first, as the README says, so nobody writes to what is being replaced.
The database being replaced is first saved beside the backup (`<file>.before-restore`).
"""
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

LOCK_WAIT_MS = 5000


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


def sqlite_path(database_uri: str) -> Path:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "flask backup works on SQLite only. On PostgreSQL use pg_dump -Fc to back up and "
            "pg_restore --clean to restore (see the deployment guide in the README).")
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(url.database)


def default_backup_path(database: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return database.parent / "backups" / f"{database.stem}-{stamp}.db"


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def create_backup(database_uri: str, target: str | Path | None = None) -> Path:
    """Write a consistent copy of the live database to target (or instance/backups/...)."""
    database = sqlite_path(database_uri)
    if not database.exists():
        raise BackupError(f"There is no database at {database}.")
    target = Path(target) if target else default_backup_path(database)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(database) as source, sqlite3.connect(target) as copy:
        _copy(source, copy)
    source.close()
    copy.close()
    return target


def _check_backup(path: Path) -> str:
    """The backup's migration revision, after checking it is an intact Rounds database."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Rounds database backup ({error}).") from error
    if integrity != "ok":
        raise BackupError(f"{path} is damaged (integrity check: {integrity}).")
    if revision is None:
        raise BackupError(f"{path} has no migration revision; it is not a Rounds backup.")
    return revision[0]


def restore_backup(database_uri: str, source: str | Path) -> tuple[str, Path]:
    """Replace the live database's content with the backup's.

    Returns the restored migration revision and where the replaced database was saved.
    Run `flask db upgrade` afterwards if the backup is older than the code.
    """
    database = sqlite_path(database_uri)
    source = Path(source)
    revision = _check_backup(source)
    saved = source.with_name(source.name + ".before-restore")
    live = sqlite3.connect(database, timeout=LOCK_WAIT_MS / 1000, isolation_level=None)
    try:
        try:
            live.execute("BEGIN IMMEDIATE")  # fail now, not half-way, if someone is writing
            live.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            raise BackupError("The database is busy: stop the app servers and the job worker, "
                              "then restore again.") from error
        with sqlite3.connect(saved) as copy:
            _copy(live, copy)
        copy.close()
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _copy(backup, live)
        finally:
            backup.close()
    finally:
        live.close()
    return revision, saved
