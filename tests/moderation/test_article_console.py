"""The communications lead's article console (with its CSV) and the review cycle's article lane."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ArticleViewDay, AuditEntry
from forum.models.base import utcnow
from forum.models.enums import ArticleStatus, ItemKind
from moderation.models import ReviewItem
from tests import factories


@pytest.fixture
def app_config():
    return {"PAGE_CACHE_ENABLED": False, "PAGE_SIZE": 3}


@pytest.fixture
def people(db):
    people = {"author": factories.make_user("clinician", specialties=("orthopaedics",)),
              "reviewer": factories.make_user("clinician", specialties=("orthopaedics",)),
              "staff": factories.make_user("staff")}
    db.session.commit()
    return people


def _published(people, title="What to expect after a knee replacement"):
    article = factories.make_article(people["author"], title=title, status="in_review")
    factories.publish_article(article, people["reviewer"], people["staff"])
    db.session.commit()
    return article


def test_the_console_lists_articles_by_state_with_reviewer_step_times_and_views(client, login_as, people):
    published = _published(people)
    db.session.add(ArticleViewDay(article_id=published.id, day=utcnow().date(), views=4))
    db.session.add(ArticleViewDay(article_id=published.id, day=utcnow().date() - timedelta(days=1), views=3))
    draft = factories.make_article(people["author"], title="=HYPERLINK(\"http://evil.example\")")
    db.session.commit()
    login_as(people["staff"])
    html = client.get("/moderation/console/articles").get_data(as_text=True)
    assert published.title in html and "HYPERLINK" in html
    assert people["reviewer"].clinician_profile.full_name in html and "<td>7</td>" in html
    only_drafts = client.get("/moderation/console/articles?state=draft").get_data(as_text=True)
    assert "HYPERLINK" in only_drafts and published.title not in only_drafts
    assert client.get("/moderation/console/articles?state=nonsense").status_code == 400
    rows = list(csv.reader(io.StringIO(client.get("/moderation/console/articles.csv").get_data(as_text=True))))
    header, by_title = rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert header[:3] == ["title", "kind", "state"] and "views" in header
    assert by_title[published.title]["views"] == "7"
    assert by_title[published.title]["reviewer"] == people["reviewer"].clinician_profile.full_name
    assert by_title[published.title]["sign_off_hours"] != "" and by_title[published.title]["state"] == "Published"
    assert "'" + draft.title in by_title  # the formula is escaped as text


def test_the_console_pages_by_keyset_in_constant_queries(client, login_as, people, count_queries):
    for n in range(4):
        _published(people, title=f"Knee article {n}")
    login_as(people["staff"])
    client.get("/moderation/console/articles")
    with count_queries() as small:
        first = client.get("/moderation/console/articles").get_data(as_text=True)
    assert first.count("Knee article") == 3
    for n in range(4, 10):
        _published(people, title=f"Knee article {n}")
    with count_queries() as large:
        client.get("/moderation/console/articles")
    assert len(large) == len(small)
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert client.get(older).get_data(as_text=True).count("Knee article") == 1


def test_a_due_article_is_in_the_review_lane_and_goes_back_through_review(client, login_as, people):
    article = _published(people)
    assert article.live_title not in _lane(client, login_as, people["reviewer"])
    article.review_due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert article.live_title in _lane(client, login_as, people["reviewer"])
    cardiologist = factories.make_user("clinician", specialties=("cardiology",))
    login_as(cardiologist)
    assert client.post(f"/moderation/articles/{article.id}/review").status_code == 403
    login_as(people["reviewer"])
    assert client.post(f"/moderation/articles/{article.id}/review").status_code == 302
    db.session.refresh(article)
    assert article.status == ArticleStatus.IN_REVIEW and article.live
    assert ReviewItem.query.filter_by(article_id=article.id, kind=ItemKind.ARTICLE_SIGNOFF, status="open").count() == 1
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "article.review"
    assert client.get(f"/articles/{article.slug}").status_code == 200  # readers keep it meanwhile
    other_reviewer = factories.make_user("clinician", specialties=("orthopaedics",))
    factories.publish_article(article, other_reviewer, people["staff"])
    db.session.commit()
    assert article.reviewed_by_id == other_reviewer.id and article.review_due_at > utcnow()


def test_an_article_comes_due_when_its_authors_verification_lapses(client, login_as, people):
    article = _published(people)
    profile = people["author"].clinician_profile
    profile.verified_at = profile.verified_at - timedelta(days=800)
    db.session.commit()
    html = _lane(client, login_as, people["reviewer"])
    assert article.live_title in html and "verification lapsed" in html
    assert client.get(f"/articles/{article.slug}").status_code == 200


def _lane(client, login_as, user) -> str:
    login_as(user)
    return client.get("/moderation/review-due").get_data(as_text=True)
