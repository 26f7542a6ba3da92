"""Background jobs on Redis (RQ): enqueued after commit, run by the worker, retried, never lost."""
import logging

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job
from sqlalchemy import select

from forum.platform.jobs import QUEUE_NAME, RETRY_INTERVALS, RqRunner, make_worker
from forum.platform.mail import queue_email, retry_due_emails
from forum.models import OutboxEmail
from tests.ops.servers import free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def app_config(mail_config, redis_server):
    return {**mail_config, "REDIS_URL": redis_server.url, "JOBS_BACKEND": "rq"}


@pytest.fixture
def queue(redis_server):
    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_server.url))


def _outbox(db):
    db.session.expire_all()
    return db.session.scalar(select(OutboxEmail))


def test_jobs_go_to_redis_after_commit_and_the_worker_runs_them(app, db, queue, smtp_server):
    assert isinstance(app.extensions["rounds_job_runner"], RqRunner)
    queue_email("kim@example.test", "Queued", "Hello")
    db.session.flush()
    assert queue.count == 0  # nothing leaves before the commit
    db.session.commit()
    assert queue.count == 1 and smtp_server.messages == []
    job = queue.jobs[0]
    assert job.description == "forum.platform.mail:deliver" and job.args[1:] == (_outbox(db).id,)
    assert job.retries_left == len(RETRY_INTERVALS)

    make_worker(app).work(burst=True)
    assert [m["Subject"] for m in smtp_server.messages] == ["Queued"]
    assert _outbox(db).status == "sent" and queue.count == 0


def test_a_rolled_back_action_enqueues_nothing(db, queue):
    queue_email("kim@example.test", "Never", "Never")
    db.session.rollback()
    assert queue.count == 0


def test_a_released_savepoint_is_not_the_commit_jobs_wait_for(db, queue):
    """SQLAlchemy fires after_commit when a savepoint is released too (add_once uses one)."""
    queue_email("kim@example.test", "Not yet", "Not yet")
    with db.session.begin_nested():
        db.session.flush()
    assert queue.count == 0
    db.session.rollback()
    assert queue.count == 0


def test_a_failed_job_is_retried_and_the_outbox_keeps_the_email(app, db, queue, smtp_server):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    queue_email("kim@example.test", "Retry me", "Body")
    db.session.commit()
    job_id = queue.job_ids[0]
    make_worker(app).work(burst=True)

    job = Job.fetch(job_id, connection=queue.connection)
    assert job.get_status() == "scheduled" and job.retries_left == len(RETRY_INTERVALS) - 1
    email = _outbox(db)
    assert email.status == "queued" and email.attempts == 1 and email.last_error

    # The safety net: `flask mail retry` sends it whatever happens to the queue.
    app.config["MAIL_PORT"] = smtp_server.port
    email.next_attempt_at = email.created_at
    db.session.commit()
    assert retry_due_emails() == (1, 0)
    assert [m["Subject"] for m in smtp_server.messages] == ["Retry me"]


def test_redis_down_at_enqueue_runs_the_job_here_and_warns(app, db, smtp_server, caplog):
    app.extensions["rounds_job_runner"] = RqRunner(f"redis://127.0.0.1:{free_port()}/0", 0.25)
    with caplog.at_level(logging.WARNING, logger="forum.platform.jobs"):
        queue_email("kim@example.test", "Still sent", "Body")
        db.session.commit()
    assert [m["Subject"] for m in smtp_server.messages] == ["Still sent"]
    assert "job queue unreachable (ConnectionError); running forum.platform.mail:deliver in this process" in caplog.text


def test_flask_jobs_worker_command_runs_the_queue(app, db, queue, smtp_server):
    queue_email("kim@example.test", "From the CLI worker", "Body")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert [m["Subject"] for m in smtp_server.messages] == ["From the CLI worker"]
    assert queue.count == 0


def test_without_redis_jobs_run_in_process(redis_server):
    from forum import create_app
    from tests.conftest import BASE_CONFIG

    assert "rounds_job_runner" not in create_app({**BASE_CONFIG, "JOBS_BACKEND": "inline",
                                                  "REDIS_URL": redis_server.url}).extensions
    assert "rounds_job_runner" not in create_app({**BASE_CONFIG, "REDIS_URL": ""}).extensions
