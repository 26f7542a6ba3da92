"""Faults under load: killed servers, a stopped PostgreSQL, a stopped Redis."""
import http.client
import os
import signal
import sqlite3
import threading
import time

import pytest

from tests.ops.servers import Browser, ask, create_accounts, query, wait_until

pytestmark = pytest.mark.slow


class WriteLoad:
    """Members posting questions in threads until stopped; acked holds the 302-acknowledged tokens."""

    def __init__(self, base_url: str, emails: list[str], topic_id: int):
        self.acked, self.statuses = [], []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._post, args=(base_url, email, topic_id, f"w{index}"))
                        for index, email in enumerate(emails)]

    def _post(self, base_url, email, topic_id, label):
        browser = Browser(timeout=15)
        assert browser.login(base_url, email).status == 302
        csrf = Browser.csrf_token(browser.get(f"{base_url}/questions/ask").text)
        number = 0
        while not self.stopping.is_set():
            number += 1
            token = f"{label}-{number}"
            try:
                response = ask(browser, base_url, topic_id, f"Load {token}", token, csrf)
            except (OSError, http.client.HTTPException):  # killed mid-request: not acknowledged
                time.sleep(0.05)
                continue
            self.statuses.append(response.status)
            if response.status == 302:
                self.acked.append(token)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def wait_for(self, count: int):
        wait_until(lambda: len(self.acked) >= count, 60, f"{count} acknowledged posts")


def _topic_id(site) -> int:
    return query(site.sqlalchemy_url, "SELECT id FROM topics WHERE slug = 'heart-failure'")[0][0]


def test_kill_9_of_a_worker_then_of_the_server_loses_no_acknowledged_write(deploy):
    site = deploy("sqlite", REQUIRE_2FA="false")
    server = site.start_server(workers=2)
    emails = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"] * 3)]
    with WriteLoad(server.url, emails, _topic_id(site)) as load:
        load.wait_for(15)
        os.kill(server.worker_pids()[0], signal.SIGKILL)
        load.wait_for(len(load.acked) + 15)  # the other worker, then a new one, carry on
        server.kill()  # the whole server, master included, mid-write
    assert 500 not in load.statuses

    path = site.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()

    restarted = site.start_server(workers=1)
    stored = dict(query(site.sqlalchemy_url, "SELECT client_token, count(*) FROM questions GROUP BY client_token"))
    assert [token for token in load.acked if stored.get(token) != 1] == []
    browser = Browser()
    assert browser.login(restarted.url, emails[0]).status == 302
    csrf = Browser.csrf_token(browser.get(f"{restarted.url}/questions/ask").text)
    assert ask(browser, restarted.url, _topic_id(site), "After the restart", "after-1", csrf).status == 302


def test_postgresql_stopping_gives_quick_503s_and_the_app_recovers_by_itself(deploy, postgres_server):
    site = deploy("postgres", REQUIRE_2FA="false")
    server = site.start_server(workers=2)
    [email] = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"])]
    topic_id = _topic_id(site)
    browser = Browser(timeout=20)
    assert browser.login(server.url, email).status == 302
    csrf = Browser.csrf_token(browser.get(f"{server.url}/questions/ask").text)

    with WriteLoad(server.url, [email], topic_id) as load:
        load.wait_for(5)
        postgres_server.stop("fast")
        try:
            for attempt in range(4):
                started = time.monotonic()
                response = (browser.get(f"{server.url}/") if attempt % 2 else
                            ask(browser, server.url, topic_id, f"During {attempt}", f"down-{attempt}", csrf))
                assert time.monotonic() - started < 10, "a request hung while the database was down"
                assert response.status == 503 and "temporarily unavailable" in response.text
            ready = browser.get(f"{server.url}/readyz")
            assert ready.status == 503 and "unreachable" in ready.text
            assert browser.get(f"{server.url}/healthz").status == 200
        finally:
            postgres_server.start()
        wait_until(lambda: browser.get(f"{server.url}/readyz").status == 200, 30, "readiness after restart")
        acked_before = len(load.acked)
        load.wait_for(acked_before + 5)  # the load carries on with no restart of the app
    assert set(load.statuses) <= {302, 503}, set(load.statuses)
    assert ask(browser, server.url, topic_id, "After the outage", "after-pg", csrf).status == 302
    assert "database unavailable" in server.log()


def test_redis_stopping_keeps_the_site_serving(deploy, redis_server):
    site = deploy("sqlite", redis_server.url, RATELIMIT_ENABLED="true", REQUIRE_2FA="false")
    server = site.start_server(workers=1)
    [(user_id, email)] = create_accounts(site.sqlalchemy_url, ["member"])
    assert Browser().login(server.url, email).status == 302

    redis_server.stop()
    browser = Browser()
    assert browser.login(server.url, email).status == 302  # rate limits fall back to this process
    forgot = browser.get(f"{server.url}/auth/forgot")
    response = browser.post(f"{server.url}/auth/forgot", {"csrf_token": Browser.csrf_token(forgot.text),
                                                          "email": email})
    assert response.status == 302  # the email job ran here instead of on the queue
    assert query(site.sqlalchemy_url, "SELECT status FROM outbox_emails WHERE user_id = :id", id=user_id) == [("sent",)]
    ready = browser.get(f"{server.url}/readyz")  # degraded, but still serving: stays in rotation
    assert ready.status == 200 and '"redis":"unreachable' in ready.text.replace(" ", "")
    assert '"degraded":["redis"]' in ready.text.replace(" ", "")
    log = server.log()
    assert "Rate limit storage unreachable" in log
    assert "job queue unreachable" in log


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_restart_right_after_kill_9_of_the_master_serves_within_5_s(deploy):
    site = deploy("sqlite", REQUIRE_2FA="false")
    started = time.monotonic()
    server = site.start_server(workers=2)
    cold_start = time.monotonic() - started  # this machine's plain start, for a loaded CI box
    [email] = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"])]
    orphans = server.worker_pids()
    assert len(orphans) == 2

    server.kill_master()  # the workers are left behind, holding the listening socket
    killed = time.monotonic()
    restarted = site.start_server(workers=2, port=server.port)
    # Served by the new master's own workers, not by orphans still accepting on the old socket.
    wait_until(lambda: not any(_running(pid) for pid in orphans) and len(restarted.worker_pids()) == 2,
               10, "the orphaned workers to exit and the new master's workers to start")
    browser = Browser(timeout=5)
    assert browser.get(f"{restarted.url}/auth/login").status == 200
    serving = time.monotonic() - killed
    # 5 s, as the issue measures it; on a machine where even a plain start takes longer, no
    # more than that start plus 2 s (before the fix the restart did not serve at all: rc=1).
    assert serving < max(5, cold_start + 2), f"serving {serving:.1f} s after the kill (cold start {cold_start:.1f} s)"
    assert restarted.process.poll() is None and "Connection in use" not in restarted.log()
    assert browser.login(restarted.url, email).status == 302
    csrf = Browser.csrf_token(browser.get(f"{restarted.url}/questions/ask").text)
    assert ask(browser, restarted.url, _topic_id(site), "After the crash", "crash-1", csrf).status == 302
