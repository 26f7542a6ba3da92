"""Background work that must happen only after the database commit.

`after_commit(func, *args)` records work in the current transaction; when it commits,
each call is handed to `enqueue`: to the job runner init_app registered (RQ on Redis when
JOBS_BACKEND=rq, run by `flask jobs worker`), otherwise run in-process right away. A
rollback drops the work. Jobs are named by "module:function" path, take ids, not
objects, and open their own session.

`after_response(func, *args)` is for a GET that must leave a record (a moderator opening
a hidden post): the GET itself writes nothing; once its response is finished the call is
handed to `enqueue` (the RQ worker, or this process in a fresh app context).
"""
import importlib
import logging

from flask import after_this_request, current_app, g
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)
_PENDING = "rounds_after_commit"
_AFTER_RESPONSE = "_rounds_after_response"


def after_commit(func, *args) -> None:
    db.session.info.setdefault(_PENDING, []).append((f"{func.__module__}:{func.__qualname__}", args))


def after_response(func, *args) -> None:
    """Run func(*args) as a job once this request's response has been sent.

    Never part of the request's own transaction: a GET stays read-only (so on SQLite it
    never waits for, or fails on, the write lock, and a page opened from another site
    cannot fail on it), and the job makes its own commit.
    """
    calls = g.get(_AFTER_RESPONSE)
    if calls is None:
        calls = g._rounds_after_response = []
        app = current_app._get_current_object()

        @after_this_request
        def _attach(response):
            response.call_on_close(lambda: _run_after_response(app, calls))
            return response

    calls.append((f"{func.__module__}:{func.__qualname__}", args))


def _run_after_response(app, calls) -> None:
    with app.app_context():
        # Still in the web worker: its waits on PostgreSQL stay bounded (forum/platform/postgres.py).
        g.database_wait_limit = app.config["DATABASE_WAIT_SECONDS"]
        for path, args in calls:
            try:
                enqueue(path, *args)
            except SQLAlchemyError as error:
                # The page was served; say loudly that its record could not be written.
                log.error("after-response job %s failed: %s", path, type(error).__name__)
                db.session.rollback()
        db.session.remove()


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released (SQLAlchemy fires after_commit then too): not committed yet
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


# --- The Redis queue (RQ) ---------------------------------------------------------------

QUEUE_NAME = "rounds"
RETRY_INTERVALS = [10, 30, 60, 300, 900]


class JobNotDone(RuntimeError):
    """A job reported failure (returned False): RQ retries it later."""


def run_queued_job(path: str, *args) -> None:
    """What the RQ worker runs: the job by its "module:function" path, inside the app.

    A job that returns False (e.g. an email that could not be sent) raises so RQ retries
    it; whatever the job recorded (the outbox row) stays for `flask mail retry` as well.
    """
    if _resolve(path)(*args) is False:
        raise JobNotDone(f"{path} reported failure; RQ will retry it")


class RqRunner:
    """app.extensions["rounds_job_runner"]: enqueue on Redis, or run here if Redis is down."""

    def __init__(self, redis_url: str, timeout: float):
        from redis import Redis

        from forum.platform.redis_guard import client_options

        self.redis_url = redis_url
        # A request that commits must never wait on a missing or frozen Redis: short
        # timeouts, no retries, and the process-wide breaker (forum/platform/redis_guard.py).
        self.connection = Redis.from_url(redis_url, **client_options(timeout))

    def queue(self, connection=None):
        from rq import Queue

        return Queue(QUEUE_NAME, connection=connection or self.connection)

    def __call__(self, path: str, *args) -> None:
        from redis.exceptions import RedisError
        from rq import Retry

        try:
            self.queue().enqueue_call(
                run_queued_job, args=(path, *args), description=path,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS))
        except RedisError as error:
            log.warning("job queue unreachable (%s); running %s in this process",
                        type(error).__name__, path)
            run_job(path, *args)


def make_worker(app):
    """An RQ worker that runs each job inside app.app_context(), in its own process."""
    from redis import Redis
    from rq import SimpleWorker

    class AppWorker(SimpleWorker):
        def perform_job(self, job, queue, *args, **kwargs):
            with app.app_context():
                try:
                    return super().perform_job(job, queue, *args, **kwargs)
                finally:
                    db.session.remove()

    # No socket timeout here: the worker blocks on Redis while it waits for jobs.
    connection = Redis.from_url(app.config["REDIS_URL"])
    return AppWorker([QUEUE_NAME], connection=connection)


def init_app(app) -> None:
    """Use the Redis queue when JOBS_BACKEND is rq and REDIS_URL is set."""
    if app.config.get("JOBS_BACKEND") == "rq" and app.config.get("REDIS_URL"):
        app.extensions["rounds_job_runner"] = RqRunner(app.config["REDIS_URL"], app.config["REDIS_TIMEOUT_SECONDS"])
