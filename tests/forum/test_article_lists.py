"""Where published articles show: the articles list, topic pages, the home page, profiles,
feeds and the sitemap; constant queries per page however many articles there are."""
import xml.etree.ElementTree as ET

import pytest

from forum.extensions import db
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def app_config():
    return {"PAGE_CACHE_ENABLED": False, "PAGE_SIZE": 5}  # count what rendering a page costs


@pytest.fixture
def people(db):
    people = {"author": factories.make_user("clinician", specialties=("orthopaedics", "cardiology")),
              "reviewer": factories.make_user("clinician", specialties=("orthopaedics", "cardiology")),
              "staff": factories.make_user("staff")}
    db.session.commit()
    return people


def _published(people, count, *, topics=("knee-replacement",), start=0):
    articles = []
    for n in range(start, start + count):
        article = factories.make_article(people["author"], title=f"Knee article number {n}", topics=topics,
                                         status="in_review")
        articles.append(factories.publish_article(article, people["reviewer"], people["staff"]))
    db.session.commit()
    return articles


def test_published_articles_show_on_the_topic_page_home_profile_and_list(client, people):
    published = _published(people, 2)
    draft = factories.make_article(people["author"], title="A draft nobody may read yet")
    db.session.commit()
    for path in ("/topics/knee-replacement", "/", f"/clinicians/{people['author'].id}", "/articles/",
                 "/articles/?topic=knee-replacement", f"/articles/?clinician={people['author'].id}"):
        html = client.get(path).get_data(as_text=True)
        assert all(article.live_title in html for article in published), path
        assert draft.title not in html, path
    topic_page = client.get("/topics/knee-replacement").get_data(as_text=True)
    assert "From our clinicians" in topic_page
    assert "Knee article number" not in client.get("/topics/heart-failure").get_data(as_text=True)
    assert "Latest from our clinicians" in client.get("/").get_data(as_text=True)


def test_feeds_and_sitemap_list_published_articles(client, people):
    published = _published(people, 2)
    factories.make_article(people["author"], title="A draft nobody may read yet")
    db.session.commit()
    for path in ("/articles/feed.atom", "/topics/knee-replacement/articles.atom",
                 f"/clinicians/{people['author'].id}/feed.atom"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/atom+xml"
        feed = ET.fromstring(response.data)
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert titles == [published[1].live_title, published[0].live_title], path
        link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
        assert link == f"http://127.0.0.1:5000/articles/{published[1].slug}"
    assert client.get("/topics/heart-failure/articles.atom").data.count(b"<entry>") == 0
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert all(f"/articles/{article.slug}</loc>" in sitemap for article in published)
    assert "draft-nobody" not in sitemap


def test_the_articles_list_pages_by_keyset(client, people):
    _published(people, 7)
    first = client.get("/articles/").get_data(as_text=True)
    assert first.count('class="article-summary"') == 5 and "Knee article number 6" in first
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(next_link).get_data(as_text=True)
    assert second.count('class="article-summary"') == 2 and "Knee article number 0" in second
    assert "Knee article number 6" not in second


def test_unknown_topic_or_clinician_is_404(client, people):
    assert client.get("/articles/?topic=nothing-here").status_code == 404
    assert client.get("/articles/?clinician=999").status_code == 404
    assert client.get("/articles/?clinician=abc").status_code == 400
    assert client.get("/topics/nothing-here/articles.atom").status_code == 404
    assert client.get("/clinicians/999/feed.atom").status_code == 404


PAGES = {"articles": "/articles/", "topic articles": "/articles/?topic=knee-replacement", "topic": "/topics/knee-replacement",
         "home": "/", "feed": "/articles/feed.atom", "topic feed": "/topics/knee-replacement/articles.atom"}


def _counts(client, count_queries, paths):
    counts = {}
    for name, path in paths.items():
        client.get(path)
        with count_queries() as statements:
            assert client.get(path).status_code == 200, name
        counts[name] = len(statements)
    return counts


def test_list_pages_run_the_same_queries_however_many_articles(client, people, count_queries, login_as):
    _published(people, 2)
    paths = {**PAGES, "profile": f"/clinicians/{people['author'].id}", "article": None}
    from forum.models import Article
    paths["article"] = f"/articles/{db.session.scalars(db.select(Article.slug)).first()}"
    small = _counts(client, count_queries, paths)
    _published(people, 12, start=2, topics=("knee-replacement", "heart-failure"))
    large = _counts(client, count_queries, paths)
    assert large == small
    assert max(large.values()) <= 12, large
    login_as(people["author"])
    mine_small = _counts(client, count_queries, {"mine": "/my/articles"})
    _published(people, 6, start=20)
    assert _counts(client, count_queries, {"mine": "/my/articles"}) == mine_small


def test_search_finds_published_articles_but_never_drafts_or_unreviewed_edits(client, people):
    (article,) = _published(people, 1)
    factories.make_article(people["author"], title="Knee draft about cryotherapy",
                           body="Cryotherapy is not reviewed yet.")
    db.session.commit()
    html = client.get("/search?q=swelling").get_data(as_text=True)
    assert article.live_title in html and "From our clinicians" in html
    assert "Knee draft about" not in client.get("/search?q=cryotherapy").get_data(as_text=True)
    # An edit waiting for review is not searchable; the live text still is.
    from forum.services.articles import write_article
    write_article(people["author"], article, title=article.title, summary=article.summary,
                  body="Now about hydrotherapy instead.", kind=article.kind,
                  topic_ids=[factories.topic("knee-replacement").id])
    db.session.commit()
    assert f"/articles/{article.slug}" not in client.get("/search?q=hydrotherapy").get_data(as_text=True)
    assert article.live_title in client.get("/search?q=swelling").get_data(as_text=True)
    assert article.live_title in client.get(
        f"/search?q=swelling&topic={factories.topic('knee-replacement').id}").get_data(as_text=True)
    assert article.live_title not in client.get(
        f"/search?q=swelling&topic={factories.topic('heart-failure').id}").get_data(as_text=True)


def test_the_ask_form_suggests_published_articles(client, people, login_as):
    (article,) = _published(people, 1)
    login_as(factories.make_user("member"))
    response = client.post("/questions/ask", data={
        "title": "How long does swelling last after a knee replacement?", "body": "x" * 40,
        "primary_topic": str(factories.topic("knee-replacement").id), "asking_for": "self",
        "identity": "pseudonym", "client_token": "t" * 32})
    html = response.get_data(as_text=True)
    assert article.live_title in html and f"/articles/{article.slug}" in html
