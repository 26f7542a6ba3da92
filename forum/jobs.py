"""Background work that must happen only after the database commit.

`after_commit(func, *args)` records work in the current transaction; when it commits,
each call is handed to `enqueue`: to the job runner an extension registered (RQ on Redis,
when configured), otherwise run in-process right away. A rollback drops the work. Jobs
take ids, not objects, and open their own session.
"""
import importlib
import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)
_PENDING = "rounds_after_commit"


def after_commit(func, *args) -> None:
    db.session.info.setdefault(_PENDING, []).append((f"{func.__module__}:{func.__qualname__}", args))


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    for path, args in session.info.pop(_PENDING, []):
        enqueue(path, *args)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def enqueue(path: str, *args) -> None:
    runner = current_app.extensions.get("rounds_job_runner")
    if runner is not None:
        runner(path, *args)
        return
    run_job(path, *args)


def run_job(path: str, *args) -> None:
    """Run one job in this process. Jobs record their own failures (e.g. the outbox)."""
    _resolve(path)(*args)
