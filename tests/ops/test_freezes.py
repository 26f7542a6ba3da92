"""Frozen PostgreSQL and Redis (SIGSTOP, then SIGCONT) and connections dropped mid-request.

What a member gets is measured per request: a redirect (acknowledged) or a 503 page with
Retry-After within the bound, never a hang or a 500; and afterwards every acknowledged
question is stored exactly once, and no retried client_token made two.
"""
import http.client
import os
import signal
import statistics
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.ops.servers import Browser, ask, create_accounts, query, wait_until

pytestmark = pytest.mark.slow

POSTGRES_BOUND = 5.0  # seconds any request may take while PostgreSQL is frozen
REDIS_EXTRA = 0.5  # seconds beyond normal any request may take while Redis is frozen
SAVED = "saved"  # the 200 "Your changes were saved" page: acknowledged, like the redirect


class Load:
    """Members asking questions in threads; every answer is kept with how long it took."""

    def __init__(self, base_url: str, emails: list[str], topic_id: int, label: str = "m"):
        self.label = label
        self.results: list[dict] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.browsers = []
        for email in emails:
            browser = Browser(timeout=30)
            assert browser.login(base_url, email).status == 302
            self.browsers.append((browser, Browser.csrf_token(browser.get(f"{base_url}/questions/ask").text)))
        self.threads = [threading.Thread(target=self._post, args=(base_url, index, topic_id))
                        for index in range(len(emails))]

    def _post(self, base_url, index, topic_id):
        browser, csrf = self.browsers[index]
        number = 0
        while not self.stopping.is_set():
            number += 1
            token = f"{self.label}{index}-{number}"
            started = time.monotonic()
            try:
                response = ask(browser, base_url, topic_id, f"Frozen {token}", token, csrf)
            except (OSError, http.client.HTTPException):
                status, retry_after, location = None, None, None
            else:
                status, retry_after = response.status, response.headers.get("Retry-After")
                if status == 200 and "Your changes were saved" in response.text:
                    status = SAVED  # committed, then the redirect's page could not be made
                location = response.headers.get("Location")
            with self.lock:
                self.results.append({"token": token, "status": status, "seconds": time.monotonic() - started,
                                     "retry_after": retry_after, "started": started,
                                     "location": location})
            if status == 503:
                time.sleep(0.2)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop(60)

    def stop(self, timeout: float) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout)

    def acked(self) -> list[str]:
        return [result["token"] for result in self.results if result["status"] in (302, SAVED)]

    def wait_for_acks(self, count: int, timeout: float = 60):
        wait_until(lambda: len(self.acked()) >= count, timeout, f"{count} acknowledged questions")


def _topic_id(site) -> int:
    return query(site.sqlalchemy_url, "SELECT id FROM topics WHERE slug = 'heart-failure'")[0][0]


def _stored_once(site, *loads: Load) -> None:
    stored = dict(query(site.sqlalchemy_url,
                        "SELECT client_token, count(*) FROM questions WHERE client_token IS NOT NULL "
                        "GROUP BY client_token"))
    acked = [token for load in loads for token in load.acked()]
    where = {result["token"]: result.get("location") for load in loads for result in load.results}
    assert acked and [(token, stored.get(token, 0), where[token]) for token in acked if stored.get(token) != 1] == [], \
        "an acknowledged question was lost"
    assert [token for token, count in stored.items() if count > 1] == [], "a question was stored twice"


def _cluster_pids(postgres_server) -> list[int]:
    """The postmaster and every process it started (backends, checkpointer, ...)."""
    postmaster = int((postgres_server.directory / "data" / "postmaster.pid").read_text().split()[0])
    pids = [postmaster]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


@contextmanager
def _frozen(pids_of):
    """SIGSTOP the processes (and any started meanwhile), SIGCONT them on the way out."""
    stopped: set[int] = set()
    for pid in pids_of():
        os.kill(pid, signal.SIGSTOP)
        stopped.add(pid)
    try:
        yield
    finally:
        for pid in stopped:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


def _timed_get(url: str, timeout: float = 10):
    started = time.monotonic()
    response = Browser(timeout=timeout).get(url)
    return response, time.monotonic() - started


def _fault_answers(results: list[dict]) -> None:
    statuses = {result["status"] for result in results}
    assert statuses <= {302, SAVED, 503}, f"answers other than a redirect, a saved page or a 503: {statuses}"
    assert all(result["retry_after"] for result in results if result["status"] == 503), "a 503 without Retry-After"


def test_a_frozen_postgresql_gives_bounded_503s_and_the_site_recovers(deploy, postgres_server):
    site = deploy("postgres", REQUIRE_2FA="false")
    server = site.start_server(workers=2)
    emails = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"] * 3)]
    with Load(server.url, emails, _topic_id(site)) as load:
        load.wait_for_acks(6)
        frozen_at = time.monotonic()
        with _frozen(lambda: _cluster_pids(postgres_server)):
            time.sleep(7)  # long enough for every worker to time out, pause and time out again
            load.stop(POSTGRES_BOUND + 5)
            time.sleep(2.5)  # no worker is still in a wait now
            probes = [_timed_get(f"{server.url}/readyz") for _ in range(3)]
            alive = Browser(timeout=2).get(f"{server.url}/healthz").status
    during = [result for result in load.results if result["started"] >= frozen_at - 0.1]
    assert during, "no request was made while PostgreSQL was frozen"
    slowest = max(result["seconds"] for result in during)
    assert slowest < POSTGRES_BOUND, f"a request waited {slowest:.1f} s on a frozen PostgreSQL"
    assert 503 in {result["status"] for result in during}
    for response, seconds in probes:
        assert response.status == 503 and seconds < 1, (response.status, seconds)
        assert '"status":"unavailable"' in response.text.replace(" ", "")
    assert alive == 200

    wait_until(lambda: Browser(timeout=5).get(f"{server.url}/readyz").status == 200, 15,
               "readiness after the freeze")
    with Load(server.url, emails, _topic_id(site), label="after") as after:
        after.wait_for_acks(6, timeout=30)  # writes work again, with no restart
    _fault_answers(load.results + after.results)
    assert "Error handling request" not in server.log()  # no exception escaped to gunicorn (a bare 500)
    assert "DatabaseTimeout" in server.log()
    _stored_once(site, load, after)


def test_postgresql_connections_dropped_mid_request_give_503s_never_500s(deploy, postgres_server):
    site = deploy("postgres", REQUIRE_2FA="false")
    server = site.start_server(workers=2)
    emails = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"] * 3)]
    database = site.database_url.rsplit("/", 1)[1]
    with Load(server.url, emails, _topic_id(site)) as load:
        load.wait_for_acks(6)
        for _ in range(15):  # the server ends every connection of the app, wherever its requests are
            query(site.sqlalchemy_url.rsplit("/", 1)[0] + "/postgres",
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE datname = :name AND pid <> pg_backend_pid()", name=database)
            time.sleep(0.2)
        acked_before = len(load.acked())
        load.wait_for_acks(acked_before + 6)
    Path("/tmp/rel_dropped.log").write_text(server.log())
    _fault_answers(load.results)
    assert max(result["seconds"] for result in load.results) < POSTGRES_BOUND
    assert "Error handling request" not in server.log()
    _stored_once(site, load)


def test_a_frozen_redis_costs_writes_at_most_half_a_second(deploy, redis_server):
    site = deploy("sqlite", redis_server.url, RATELIMIT_ENABLED="true", REQUIRE_2FA="false")
    server = site.start_server(workers=1)
    emails = [email for _, email in create_accounts(site.sqlalchemy_url, ["member"])]
    load = Load(server.url, emails, _topic_id(site))
    browser, csrf = load.browsers[0]
    topic_id = _topic_id(site)

    def asks(label: str, count: int) -> list[float]:
        seconds = []
        for number in range(count):
            started = time.monotonic()
            response = ask(browser, server.url, topic_id, f"Redis {label} {number}", f"{label}-{number}", csrf)
            seconds.append(time.monotonic() - started)
            assert response.status == 302, response.status
            load.results.append({"token": f"{label}-{number}", "status": 302, "retry_after": None})
        return seconds

    normal = asks("normal", 5)
    with _frozen(lambda: [redis_server.process.pid]):
        frozen = asks("frozen", 8)
        ready, ready_seconds = _timed_get(f"{server.url}/readyz")
        page, page_seconds = _timed_get(f"{server.url}/")
    assert max(frozen) - max(normal) < REDIS_EXTRA, (normal, frozen)
    assert statistics.median(frozen) - statistics.median(normal) < REDIS_EXTRA, (normal, frozen)
    assert ready.status == 200 and ready_seconds < 1
    assert '"status":"degraded"' in ready.text.replace(" ", "") and '"redis":"unreachable' in ready.text.replace(" ", "")
    assert page.status == 200 and page_seconds < 1
    wait_until(lambda: '"status":"ready"' in Browser(timeout=5).get(f"{server.url}/readyz").text.replace(" ", ""),
               15, "Redis back in use after the freeze")
    _stored_once(site, load)
