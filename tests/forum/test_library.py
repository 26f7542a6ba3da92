"""The public resource library: only vetted resources, search, keyset pages."""
import re

from tests.moderation.test_resources import make_resource


def test_patients_see_only_vetted_resources(client, db, login_as):
    make_resource(title="Vetted heart guide", url="https://example.org/vetted")
    make_resource(status="proposed", title="Proposed heart guide", url="https://example.org/proposed")
    make_resource(status="retired", title="Retired heart guide", url="https://example.org/retired")
    db.session.commit()
    for who in (None, "member", "caregiver"):
        if who:
            login_as(who)
        page = client.get("/resources/").get_data(as_text=True)
        assert "Vetted heart guide" in page
        assert "Proposed heart guide" not in page and "Retired heart guide" not in page
        searched = client.get("/resources/?q=heart").get_data(as_text=True)
        assert "Proposed heart guide" not in searched and "Retired heart guide" not in searched


def test_each_resource_shows_publisher_review_date_and_opens_safely(client, db):
    resource = make_resource(title="Knee replacement recovery", publisher="NHS",
                             url="https://www.nhs.uk/knee", topics=["knee-replacement"])
    db.session.commit()
    page = client.get("/resources/").get_data(as_text=True)
    link = re.search(r'<a href="https://www.nhs.uk/knee"[^>]*>', page).group(0)
    assert 'target="_blank"' in link and 'rel="noopener noreferrer"' in link
    assert "NHS" in page and f"reviewed {resource.vetted_at.strftime('%B %-d, %Y')}" in page
    assert "(opens in a new tab)" in page


def test_search_by_title_publisher_and_topic(client, db):
    make_resource(title="Heart failure basics", publisher="British Heart Foundation", url="https://example.org/1")
    make_resource(title="Getting a new knee", publisher="Versus Arthritis", url="https://example.org/2",
                  topics=["knee-replacement"])
    make_resource(title="Blood sugar diary", publisher="Diabetes UK", url="https://example.org/3",
                  topics=["type-2-diabetes"])
    db.session.commit()

    def titles(query: str) -> set[str]:
        page = client.get(f"/resources/?{query}").get_data(as_text=True)
        return {t for t in ("Heart failure basics", "Getting a new knee", "Blood sugar diary") if t in page}

    assert titles("q=basics") == {"Heart failure basics"}
    assert titles("q=arthritis") == {"Getting a new knee"}
    assert titles("q=Knee+replacement") == {"Getting a new knee"}
    assert titles("q=DIABETES") == {"Blood sugar diary"}
    assert titles("topic=type-2-diabetes") == {"Blood sugar diary"}
    assert titles("q=100%25") == set()
    assert titles("") == {"Heart failure basics", "Getting a new knee", "Blood sugar diary"}


def test_keyset_pages_with_constant_query_count(app, client, db, count_queries):
    app.config["PAGE_SIZE"] = 4
    for n in range(10):
        make_resource(title=f"Guide {n:02d}", url=f"https://example.org/g{n}",
                      topics=["heart-failure", "atrial-fibrillation"])
    make_resource(status="retired", title="Guide 99 retired", url="https://example.org/r")
    db.session.commit()
    url, seen, counts = "/resources/", [], []
    while url:
        with count_queries() as queries:
            page = client.get(url).get_data(as_text=True)
        counts.append(len(queries))
        seen += re.findall(r"Guide \d\d(?! retired)", page)
        match = re.search(r'href="([^"]+)" rel="next"', page)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert seen == [f"Guide {n:02d}" for n in range(10)]
    assert len(counts) == 3 and len(set(counts)) == 1, counts


def test_bad_cursor_is_a_400(client):
    assert client.get("/resources/?after=abc").status_code == 400


def test_nav_links_to_the_library(client):
    assert b'href="/resources/">Resources</a>' in client.get("/").data
