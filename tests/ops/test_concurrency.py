"""Many writers at once, through HTTP and gunicorn: every acknowledged post exists exactly once.

8 processes, each logged in as its own member, each post ROUNDS_CONCURRENCY_POSTS
questions (100 by default, so each backend takes well under a minute on a 2-core CI
machine; set 200 or more for a longer soak). No request may fail with "database is
locked" or a 500, on SQLite (WAL, busy timeout, BEGIN IMMEDIATE) as on PostgreSQL.
"""
import multiprocessing
import os

import pytest

from tests.ops.servers import Browser, ask, create_accounts, query

pytestmark = pytest.mark.slow
PROCESSES = 8
POSTS_EACH = int(os.environ.get("ROUNDS_CONCURRENCY_POSTS", "100"))


def post_questions(base_url: str, email: str, topic_id: int, label: str) -> tuple[list[str], list[str]]:
    """One member's browser: log in, then post POSTS_EACH questions. Returns (acked, problems)."""
    browser = Browser()
    login = browser.login(base_url, email)
    if login.status != 302:
        return [], [f"login gave {login.status}"]
    csrf = Browser.csrf_token(browser.get(f"{base_url}/questions/ask").text)
    acked, problems = [], []
    for number in range(POSTS_EACH):
        token = f"{label}-{number}"
        response = ask(browser, base_url, topic_id, f"Question {token}", token, csrf)
        if response.status == 302:
            acked.append(token)
        else:
            locked = "database is locked" in response.text
            problems.append(f"{token}: {response.status}{' database is locked' if locked else ''}")
    return acked, problems


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_concurrent_posts_are_all_kept_exactly_once(deploy, backend):
    site = deploy(backend, REQUIRE_2FA="false")
    server = site.start_server(workers=4)
    members = create_accounts(site.sqlalchemy_url, ["member"] * PROCESSES)
    [(topic_id,)] = query(site.sqlalchemy_url, "SELECT id FROM topics WHERE slug = 'heart-failure'")

    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.starmap(post_questions, [(server.url, email, topic_id, f"p{index}")
                                                for index, (_, email) in enumerate(members)])
    acked = [token for tokens, _ in results for token in tokens]
    problems = [problem for _, found in results for problem in found]
    assert problems == [], problems[:10]
    assert len(acked) == PROCESSES * POSTS_EACH

    stored = query(site.sqlalchemy_url, "SELECT client_token, count(*) FROM questions GROUP BY client_token")
    counts = dict(stored)
    assert all(counts.get(token) == 1 for token in acked)
    assert len(counts) == len(acked)
    assert '"status": 500' not in server.log() and "database is locked" not in server.log()
