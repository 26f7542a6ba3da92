"""The search page and the similar-questions fragment, through the app."""
import pytest

from tests.factories import make_question, make_user, topic


def test_search_page_shows_ranked_marked_results(client, db):
    make_question(status="answered", title="Ankle swelling after surgery")
    make_question(status="pending", title="Ankle swelling pending")
    db.session.commit()
    page = client.get("/search?q=ankle+swelling")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<mark>Ankle</mark> <mark>swelling</mark> after surgery" in html
    assert "pending" not in html.lower().split("results")[1]
    assert '<meta name="robots" content="noindex">' in html
    assert "1 result for “ankle swelling”" in html  # the pending one is not counted


def test_the_results_say_how_many_there_are(client, db):
    for n in range(3):
        make_question(status="answered", title=f"Knee swelling question {n}")
    db.session.commit()
    assert "3 results for “knee”" in client.get("/search?q=knee").get_data(as_text=True)


def test_empty_form_and_no_words(client):
    assert client.get("/search").status_code == 200
    response = client.get("/search?q=%22%22%22")
    assert response.status_code == 200
    assert "Type one or more words" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ['"knee', "NOT OR AND", "%00", "😀" * 50, "x" * 2000, "knee*(pain"])
def test_hostile_queries_are_not_server_errors(client, db, query):
    make_question(status="answered", title="Knee pain")
    db.session.commit()
    assert client.get("/search", query_string={"q": query}).status_code == 200


def test_bad_filters_and_cursors_are_400s(client):
    assert client.get("/search?q=knee&date_from=yesterday").status_code == 400
    assert client.get("/search?q=knee&date_from=2026-02-01&date_to=2026-01-01").status_code == 400
    assert client.get("/search?q=knee&topic=abc").status_code == 400
    assert client.get("/search?q=knee&after=garbage").status_code == 400


def test_filters_and_pagination_through_the_page(app, client, db):
    app.config["PAGE_SIZE"] = 2
    for n in range(3):
        make_question(status="answered", title=f"Statins and muscles {n}", topics=("heart-failure",))
    make_question(status="answered", title="Statins and knees", topics=("knee-replacement",))
    db.session.commit()
    first = client.get(f"/search?q=statins&topic={topic('heart-failure').id}").get_data(as_text=True)
    assert first.count('class="search-hit') == 2 and "knees" not in first
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(next_link).get_data(as_text=True)
    assert second.count('class="search-hit') == 1 and "knees" not in second


def test_members_only_results_need_login(client, db, login_as):
    make_question(status="answered", title="Private palpitations", visibility="members")
    db.session.commit()
    assert "Private <mark>" not in client.get("/search?q=palpitations").get_data(as_text=True)
    login_as(make_user("member"))
    assert "Private <mark>palpitations</mark>" in client.get("/search?q=palpitations").get_data(as_text=True)


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_SEARCH": "2 per minute"}

    def test_search_is_rate_limited(self, client):
        codes = [client.get("/search?q=knee").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
