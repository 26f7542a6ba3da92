"""Topic index and topic pages, the home page, and listing sync."""
from datetime import timedelta

import pytest

from forum.models import Resource
from forum.models.base import utcnow
from forum.services.listing import sync_listing
from tests.factories import make_question, make_user, topic


def add_resource(db, title, fmt="article", status="vetted", slug="heart-failure"):
    resource = Resource(title=title, url=f"https://example.org/{title.replace(' ', '-')}",
                        normalized_url=f"https://example.org/{title.replace(' ', '-')}", publisher="NHS",
                        summary="s", format=fmt, status=status,
                        vetted_at=utcnow() if status == "vetted" else None)
    resource.topics = [topic(slug)]
    db.session.add(resource)
    db.session.flush()
    return resource


def test_topic_index_lists_topics_a_to_z_and_by_specialty(client):
    page = client.get("/topics/").data.decode()
    assert page.index("Atrial fibrillation") < page.index("Heart failure") < page.index("Knee replacement")
    by_specialty = page[page.index("By specialty"):]
    assert by_specialty.index("Cardiology") < by_specialty.index("Heart failure") < by_specialty.index(
        "Endocrinology and diabetes") < by_specialty.index("Type 2 diabetes")


def test_topic_page_shows_vetted_resources_grouped_by_format(client, db):
    add_resource(db, "Living with heart failure")
    add_resource(db, "Heart failure explained", fmt="video")
    add_resource(db, "Unvetted blog", status="proposed")
    add_resource(db, "Knee guide", slug="knee-replacement")
    db.session.commit()
    page = client.get("/topics/heart-failure").data.decode()
    assert "Living with heart failure" in page and "Heart failure explained" in page
    assert "Unvetted blog" not in page and "Knee guide" not in page
    assert page.index("Articles") < page.index("Living with") < page.index("Videos") < page.index("explained")
    assert 'target="_blank" rel="noopener noreferrer"' in page and "reviewed " in page
    assert "No vetted resources" in client.get("/topics/type-2-diabetes").data.decode()


def test_published_questions_appear_on_their_topic_pages_in_tabs(client, db):
    answered = make_question(status="answered", topics=("heart-failure", "atrial-fibrillation"),
                             title="Answered about heart failure")
    unanswered = make_question(status="published", title="Still waiting about heart failure")
    pending = make_question(status="pending", title="Pending about heart failure")
    db.session.commit()
    page = client.get("/topics/heart-failure").data.decode()
    assert answered.title in page and unanswered.title not in page and pending.title not in page
    tab = client.get("/topics/heart-failure?tab=unanswered").data.decode()
    assert unanswered.title in tab and answered.title not in tab and pending.title not in tab
    assert answered.title in client.get("/topics/atrial-fibrillation").data.decode()
    assert client.get("/topics/heart-failure?tab=bogus").status_code == 404
    assert client.get("/topics/no-such-topic").status_code == 404
    assert client.get("/topics/heart-failure?after=garbage").status_code == 400


def test_members_only_questions_are_listed_only_for_logged_in_users(client, db, login_as):
    question = make_question(status="answered", visibility="members", title="Members only heart question")
    db.session.commit()
    assert question.title not in client.get("/topics/heart-failure").data.decode()
    login_as("member")
    assert question.title in client.get("/topics/heart-failure").data.decode()


def _make_answered(db, count, start):
    author = make_user("member")
    for n in range(count):
        question = make_question(author, status="answered", title=f"Answered question {n:03d}")
        question.answered_at = start + timedelta(minutes=n)
        sync_listing(question)  # re-copy the adjusted answered_at onto the links
        for link in question.topic_links:
            link.listed_at = question.answered_at
    db.session.commit()


def test_topic_page_keyset_pagination_walks_every_question_once(app, client, db):
    app.config["PAGE_SIZE"] = 4
    _make_answered(db, 10, utcnow() - timedelta(days=1))
    seen, url = [], "/topics/heart-failure"
    while url:
        page = client.get(url).data.decode()
        seen += [int(part[:3]) for part in page.split("Answered question ")[1:]]
        url = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&") \
            if 'rel="next"' in page else None
    assert seen == list(range(9, -1, -1))


@pytest.mark.parametrize("url", ["/topics/heart-failure", "/topics/heart-failure?tab=unanswered", "/", "/topics/"])
def test_public_pages_run_a_constant_number_of_queries(client, db, count_queries, url):
    _make_answered(db, 3, utcnow() - timedelta(days=2))
    for n in range(3):
        make_question(status="published", title=f"Open {n}")
    add_resource(db, "One resource")
    db.session.commit()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _make_answered(db, 27, utcnow() - timedelta(days=1))
    for n in range(27):
        make_question(status="published", title=f"More open {n}")
    for n in range(5):
        add_resource(db, f"Resource {n}", fmt="video" if n % 2 else "pdf")
    db.session.commit()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


def test_sync_listing_follows_status_and_keeps_answered_count(db):
    question = make_question(status="pending", topics=("heart-failure", "knee-replacement"))
    heart, knee = topic("heart-failure"), topic("knee-replacement")
    assert heart.answered_count == 0
    now = utcnow()
    question.status, question.published_at = "published", now
    sync_listing(question)
    assert {(link.listing, link.listed_at) for link in question.topic_links} == {("unanswered", now)}
    question.status, question.answered_at = "answered", now + timedelta(hours=1)
    sync_listing(question)
    sync_listing(question)  # idempotent
    db.session.refresh(heart)
    db.session.refresh(knee)
    assert (heart.answered_count, knee.answered_count) == (1, 1)
    assert {link.listing for link in question.topic_links} == {"answered"}
    assert question.topic_links[0].listed_at == now + timedelta(hours=1)
    question.status, question.visibility = "hidden", "members"
    sync_listing(question)
    db.session.refresh(heart)
    assert heart.answered_count == 0
    assert {(link.listing, link.listed_at, link.visibility) for link in question.topic_links} == {
        (None, None, "members")}


def test_home_page_search_counts_recent_answers_and_links(client, db):
    make_question(status="answered", title="Recently answered heart question")
    make_question(status="published", title="Unanswered heart question")
    make_question(status="answered", title="Members only answered", visibility="members")
    db.session.commit()
    page = client.get("/").data.decode()
    assert 'action="/search"' in page and 'name="q"' in page and 'method="get"' in page
    assert "Recently answered heart question" in page and "Unanswered heart question" not in page
    assert "Members only answered" not in page
    popular = page[page.index('id="popular-heading"'):page.index('id="topics-heading"')]
    # Public counts leave members-only questions out (sync_listing); topics without any are not "popular".
    assert ">1 answered question<" in popular[popular.index("Heart failure"):]
    assert "Knee replacement" not in popular
    assert "Ask a question" in page
    assert "/policies/community_guidelines" in page and "/disclaimer" in page


def test_home_page_lists_popular_topics_first_then_every_topic_a_to_z(client, db):
    for n in range(2):
        make_question(status="answered", topics=("knee-replacement",), title=f"Knee question {n}")
    make_question(status="answered", topics=("heart-failure",), title="Heart question")
    db.session.commit()
    page = client.get("/").data.decode()
    popular = page[page.index('id="popular-heading"'):page.index('id="topics-heading"')]
    assert popular.index("Knee replacement") < popular.index("Heart failure")  # most answered first
    assert popular.count("<li>") == 2
    index = page[page.index('id="topics-heading"'):]
    assert index.index('id="az-a"') < index.index("Atrial fibrillation") < index.index('id="az-h"') \
        < index.index("Heart failure") < index.index('id="az-k"') < index.index("Knee replacement")
    assert 'href="#az-k"' in index  # the letters jump to their part of the index
    assert "answered question" not in index  # no "0 answered questions" on every topic


def test_a_new_site_shows_no_popular_topics(client):
    page = client.get("/").data.decode()
    assert 'id="popular-heading"' not in page and 'id="az-h"' in page


def test_an_empty_topic_invites_the_first_question_even_from_anonymous_visitors(client, db, login_as):
    page = client.get("/topics/type-2-diabetes").data.decode()
    diabetes = topic("type-2-diabetes")
    assert "No questions about Type 2 diabetes have been answered yet." in page
    ask = f'href="/questions/ask?topic={diabetes.id}"'
    assert f'{ask}>Be the first to ask about Type 2 diabetes</a>' in page
    assert f'{ask}>Ask about Type 2 diabetes</a>' in page
    assert "log in or join first" in page
    to_login = client.get(f"/questions/ask?topic={diabetes.id}")
    assert to_login.status_code == 302 and "/auth/login?next=" in to_login.location
    login_as("clinician")  # may not ask: offered nothing
    page = client.get("/topics/type-2-diabetes").data.decode()
    assert "Be the first to ask" not in page and "Ask about" not in page
