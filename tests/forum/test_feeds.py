"""Atom feeds, the sitemap and robots.txt: public answered content only, valid XML."""
import xml.etree.ElementTree as ET

import pytest

from forum.platform.links import DEFAULT_BASE_URL
from tests.factories import make_question

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _content(db):
    public = make_question(status="answered", title='Fish & chips <b>"after"</b> bypass\x0b surgery')
    make_question(status="answered", title="Members only answered", visibility="members")
    make_question(status="published", title="Published but unanswered")
    make_question(status="hidden", title="Hidden question")
    make_question(status="answered", title="Knee answered", topics=("knee-replacement",))
    db.session.commit()
    return public


def test_site_feed_is_valid_atom_of_public_answered_questions(app, client, db):
    public = _content(db)
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == ['Fish & chips <b>"after"</b> bypass surgery', "Knee answered"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert f"{DEFAULT_BASE_URL}/questions/{public.id}" in links
    assert feed.find(f"{ATOM}updated").text.endswith("Z")


def test_topic_feed_lists_only_that_topic(client, db):
    _content(db)
    feed = ET.fromstring(client.get("/topics/knee-replacement/feed.atom").data)
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == ["Knee answered"]
    assert client.get("/topics/no-such-topic/feed.atom").status_code == 404


def test_feed_conditional_requests(client, db):
    _content(db)
    first = client.get("/feed.atom")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    make_question(status="answered", title="A new answer")
    db.session.commit()
    changed = client.get("/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and b"A new answer" in changed.data


def test_sitemap_lists_topics_and_public_answered_questions(app, client, db):
    public = _content(db)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.data).iter(f"{SITEMAP}loc")]
    base = DEFAULT_BASE_URL
    assert f"{base}/topics/heart-failure" in locations
    assert f"{base}/questions/{public.id}" in locations
    assert len([loc for loc in locations if "/questions/" in loc]) == 2


def test_sitemap_walks_in_batches(client, db, monkeypatch):
    from forum.views import feeds
    monkeypatch.setattr(feeds, "SITEMAP_BATCH", 2)
    for n in range(5):
        make_question(status="answered", title=f"Answered {n}")
    db.session.commit()
    locations = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").data).iter(f"{SITEMAP}loc")]
    assert len([loc for loc in locations if "/questions/" in loc]) == 5


def test_robots_txt(app, client):
    text = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/moderation", "/account", "/auth", "/search"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {DEFAULT_BASE_URL}/sitemap.xml" in text


def test_members_only_question_page_is_noindex(client, db, login_as):
    from tests.factories import make_user
    members = make_question(status="answered", visibility="members")
    public = make_question(status="answered")
    db.session.commit()
    assert client.get(f"/questions/{members.id}").status_code == 404
    login_as(make_user())
    page = client.get(f"/questions/{members.id}")
    assert page.headers["X-Robots-Tag"] == "noindex"
    assert b'<meta name="robots" content="noindex">' in page.data
    assert "X-Robots-Tag" not in client.get(f"/questions/{public.id}").headers


@pytest.mark.parametrize(("settings", "max_age"), [
    ({"CACHE_DEFAULT_TIMEOUT": 30}, 30), ({"CACHE_DEFAULT_TIMEOUT": 600}, 300),
    ({"PAGE_CACHE_ENABLED": False}, 0)])
def test_feeds_are_never_cached_publicly_longer_than_pages(app, client, db, settings, max_age):
    """A question hidden now leaves the feeds when it leaves the cached pages (PAGE_CACHE_SECONDS)."""
    _content(db)
    app.config.update(settings)
    for url in ("/feed.atom", "/topics/knee-replacement/feed.atom"):
        cache_control = client.get(url).cache_control
        assert cache_control.public and cache_control.max_age == max_age
