"""Two app servers behind one PostgreSQL and one Redis behave as one site."""
import threading

import pytest
from redis import Redis
from sqlalchemy import create_engine, text

from tests.ops.servers import Browser, ask, create_accounts, query

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory, postgres_server):
    from tests.ops.conftest import Deployment
    from tests.ops.servers import RedisServer

    redis = RedisServer().start()
    directory = tmp_path_factory.mktemp("multi")
    url = postgres_server.create_database("rounds_multi")
    deployment = Deployment(url, directory, redis.url, RATELIMIT_ENABLED="true", REQUIRE_2FA="false")
    deployment.redis = redis
    first, second = deployment.start_server(workers=2), deployment.start_server(workers=1)
    deployment.urls = (first.url, second.url)
    yield deployment
    deployment.stop()
    redis.stop()


def test_a_session_made_on_one_server_is_valid_on_the_other(site):
    [(_, email)] = create_accounts(site.sqlalchemy_url, ["member"])
    first, second = site.urls
    browser = Browser()
    assert browser.login(first, email).status == 302
    page = browser.get(f"{second}/account/password")
    assert page.status == 200, "the second server sent a logged-in user away"
    assert "Log out" in page.text


def test_two_clinicians_on_two_servers_racing_for_one_item_get_one_claim(site):
    (_, member), (alice_id, alice), (bob_id, bob) = create_accounts(
        site.sqlalchemy_url, ["member", "clinician", "clinician"])
    first, second = site.urls
    asker = Browser()
    asker.login(first, member)
    [(topic_id,)] = query(site.sqlalchemy_url, "SELECT id FROM topics WHERE slug = 'heart-failure'")
    form = asker.get(f"{first}/questions/ask")
    assert ask(asker, first, topic_id, "Racing question", "race-1", Browser.csrf_token(form.text)).status == 302
    [(item_id, version)] = query(site.sqlalchemy_url, "SELECT r.id, r.version FROM review_items r "
                                 "JOIN questions q ON q.id = r.question_id WHERE q.client_token = 'race-1'")

    clinicians = []
    for email, base in ((alice, first), (bob, second)):
        browser = Browser()
        assert browser.login(base, email).status == 302
        page = browser.get(f"{base}/moderation/items/{item_id}")
        assert page.status == 200
        clinicians.append((browser, base, Browser.csrf_token(page.text)))

    start, statuses = threading.Barrier(2), []

    def _claim(browser, base, csrf):
        start.wait()
        statuses.append(browser.post(f"{base}/moderation/items/{item_id}/claim",
                                     {"claim-csrf_token": csrf, "claim-version": version}).status)

    threads = [threading.Thread(target=_claim, args=clinician) for clinician in clinicians]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [302, 409]
    [(holder,)] = query(site.sqlalchemy_url, "SELECT claimed_by_id FROM review_items WHERE id = :id", id=item_id)
    assert holder in (alice_id, bob_id)
    assert query(site.sqlalchemy_url, "SELECT count(*) FROM audit_entries WHERE action = 'item.claim'") == [(1,)]


def test_rate_limits_are_counted_across_both_servers(site):
    Redis.from_url(site.redis.url).flushall()
    browser = Browser()
    first, second = site.urls
    csrf = Browser.csrf_token(browser.get(f"{first}/auth/login").text)
    statuses = []
    for attempt in range(21):
        base = site.urls[attempt % 2]
        statuses.append(browser.post(f"{base}/auth/login", {
            "csrf_token": csrf, "email": f"nobody{attempt}@ops.example.com", "password": "wrong password"}).status)
    assert 429 not in statuses[:20], statuses
    assert statuses[20] == 429  # 20 per 15 minutes in all, not 20 on each server


def test_a_change_made_through_the_app_clears_the_cached_page_on_both_servers(site):
    """The page cache's generation lives in Redis, so one commit invalidates every server."""
    from forum import create_app
    from forum.extensions import db
    from forum.models import Question
    from forum.services.listing import sync_listing
    from tests.factories import make_question

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": site.sqlalchemy_url,
                      "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": site.redis.url,
                      "CACHE_DEFAULT_TIMEOUT": 300})
    with app.app_context():
        question = make_question(status="published", title="Cached on two servers")
        db.session.commit()
        question_id = question.id
    paths = [f"{base}/questions/{question_id}" for base in site.urls]
    for path in paths:
        assert "Cached on two servers" in Browser().get(path).text

    # Behind the app's back (no generation bump), both servers keep serving their cached copy.
    engine = create_engine(site.sqlalchemy_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE questions SET title = 'Changed behind the cache' WHERE id = :id"),
                     {"id": question_id})
    engine.dispose()
    for path in paths:
        assert "Cached on two servers" in Browser().get(path).text, "the page was not cached"

    # Hiding it through the app bumps the shared generation: neither server shows it any more.
    with app.app_context():
        question = db.session.get(Question, question_id)
        question.status = "hidden"
        sync_listing(question)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    for path in paths:
        assert Browser().get(path).status == 404
