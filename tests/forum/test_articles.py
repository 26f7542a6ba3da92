"""Clinicians' articles through the app: writing, review (sign-off, approval, return),
the public page (live copy, reviewed-by, structured data, sharing, click-to-play media)."""
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Article, ArticleViewDay, AuditEntry
from forum.models.enums import ArticleStatus, ItemKind, ItemStatus
from forum.services.articles import SUBMIT_CHECKLIST
from moderation.models import ReviewItem
from tests import factories

VIDEO = "https://www.youtube-nocookie.com/embed/abc123"


def _form(**overrides):
    data = {"title": "What to expect after a knee replacement", "kind": "what_to_expect",
            "summary": "How the first weeks usually go.", "body": "Most people walk **on the first day**.",
            "primary_topic": str(factories.topic("knee-replacement").id), "conflicts": "",
            "media_kind": "", "media_url": "", "media_transcript": ""}
    data.update(overrides)
    return data


def _item(article, kind):
    return ReviewItem.query.filter_by(article_id=article.id, kind=kind, status=ItemStatus.OPEN).one()


def _act(client, item, action, **data):
    """Claim the item, then post the action with the item's current version."""
    client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version})
    db.session.refresh(item)
    return client.post(f"/moderation/items/{item.id}/article/{action}",
                       data={f"article_{action.replace('-', '_')}-version": item.version,
                             **{f"article_{action.replace('-', '_')}-{k}": v for k, v in data.items()}})


def _write_and_submit(client, login_as, author, **overrides):
    login_as(author)
    response = client.post("/articles/new", data=_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    article = Article.query.filter_by(author_id=author.id).order_by(Article.id.desc()).first()
    response = client.post(f"/articles/{article.id}/submit", data={"checklist": list(SUBMIT_CHECKLIST)},
                           follow_redirects=True)
    assert "A clinician of the same specialty will review your article." in response.get_data(as_text=True)
    db.session.refresh(article)
    return article


def _publish(client, login_as, article, reviewer, staff):
    login_as(reviewer)
    assert _act(client, _item(article, ItemKind.ARTICLE_SIGNOFF), "sign-off").status_code == 302
    login_as(staff)
    assert _act(client, _item(article, ItemKind.ARTICLE_APPROVAL), "approve").status_code == 302
    db.session.refresh(article)


@pytest.fixture
def people(db):
    return {
        "author": factories.make_user("clinician", specialties=("orthopaedics",)),
        "reviewer": factories.make_user("clinician", specialties=("orthopaedics",)),
        "cardiologist": factories.make_user("clinician", specialties=("cardiology",)),
        "staff": factories.make_user("staff"),
    }


def test_an_article_goes_from_draft_through_sign_off_and_approval_to_its_public_page(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"], media_kind="video", media_url=VIDEO,
                                media_transcript="Hello, I am a surgeon.", conflicts="Paid adviser to KneeCo.")
    assert article.status == ArticleStatus.IN_REVIEW and not article.live
    assert client.get("/articles/what-to-expect-after-a-knee-replacement").status_code == 404

    _publish(client, login_as, article, people["reviewer"], people["staff"])
    db.session.refresh(article)
    assert article.status == ArticleStatus.PUBLISHED and article.live
    assert article.reviewed_by_id == people["reviewer"].id and article.approved_by_id == people["staff"].id
    assert article.review_due_at.date() > article.reviewed_at.date() + timedelta(days=360)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_kind == "article",
                                                                 AuditEntry.target_id == article.id)).all()
    assert actions == ["article.write", "article.submit", "article.sign_off", "article.publish"]

    client.get("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    page = client.get(f"/articles/{article.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    reviewer_name = people["reviewer"].clinician_profile.full_name
    assert f"Medically reviewed by {reviewer_name}" in html
    assert "Paid adviser to KneeCo." in html and "<strong>on the first day</strong>" in html
    # Click-to-play: the page names the player but loads nothing from the host.
    assert "<iframe" not in html and f'data-embed-src="{VIDEO}"' in html
    assert "Hello, I am a surgeon." in html  # the transcript
    assert "https://www.youtube-nocookie.com" in page.headers["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]*)", page.headers["Content-Security-Policy"]).group(1)
    assert frame_src.split() == ["https://www.youtube-nocookie.com", "https://player.vimeo.com",
                                 "https://media.rounds.invalid"]


def test_the_public_page_has_article_structured_data_open_graph_and_share_links(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"]["@type"] == "Person"
    assert data["reviewedBy"]["name"] == people["reviewer"].clinician_profile.full_name
    assert data["lastReviewed"] == article.reviewed_at.date().isoformat()
    assert data["mainEntity"]["@type"] == "Article" and data["mainEntity"]["headline"] == article.live_title
    assert data["mainEntity"]["author"]["url"].endswith(f"/clinicians/{people['author'].id}")
    assert data["mainEntity"]["about"] == [{"@type": "MedicalProcedure", "name": "Knee replacement"}]
    canonical = f'http://127.0.0.1:5000/articles/{article.slug}'
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F127.0.0.1%3A5000%2Farticles%2F" in html
    assert 'href="mailto:?subject=' in html
    assert not re.search(r"<script[^>]+src=\"https?://", html), "a third-party script is loaded"


def test_structured_data_cannot_be_closed_by_the_article_text(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"],
                                summary="Before </script><script>alert(1)</script> surgery")
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["description"].startswith("Before </script>")


def test_sign_off_needs_another_clinician_of_the_articles_specialty(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    item = _item(article, ItemKind.ARTICLE_SIGNOFF)
    for outsider in (people["cardiologist"], people["author"]):  # they may not even hold the item
        login_as(outsider)
        assert client.get(f"/moderation/items/{item.id}").status_code == 404
        assert _act(client, item, "sign-off").status_code == 404
    login_as(people["reviewer"])
    page = client.get(f"/moderation/items/{item.id}")
    assert page.status_code == 200 and "Claim" in page.get_data(as_text=True)
    login_as(people["staff"])  # staff oversee the queue, but sign-off is a clinician's
    assert client.get(f"/moderation/items/{item.id}").status_code == 200
    assert _act(client, item, "sign-off").status_code == 403
    db.session.refresh(article)
    assert article.status == ArticleStatus.IN_REVIEW


def test_only_staff_see_and_approve_the_publication_item(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    login_as(people["reviewer"])
    _act(client, _item(article, ItemKind.ARTICLE_SIGNOFF), "sign-off")
    approval = _item(article, ItemKind.ARTICLE_APPROVAL)
    assert client.get(f"/moderation/items/{approval.id}").status_code == 404
    assert f"#{approval.id}" not in client.get("/moderation/?specialty=all").get_data(as_text=True)
    login_as(people["staff"])
    assert f"Article awaiting publication #{approval.id}" in client.get("/moderation/").get_data(as_text=True)


def test_returned_article_shows_the_reason_to_its_author_and_can_be_resubmitted(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    login_as(people["reviewer"])
    response = _act(client, _item(article, ItemKind.ARTICLE_SIGNOFF), "return", reason="Cite the trial you mention.")
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.status == ArticleStatus.RETURNED
    login_as(people["author"])
    assert "Cite the trial you mention." in client.get(f"/articles/{article.id}/preview").get_data(as_text=True)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "article.return")).one()
    assert entry.reason == "Cite the trial you mention." and entry.actor_id == people["reviewer"].id
    assert client.post(f"/articles/{article.id}/submit", data={"checklist": list(SUBMIT_CHECKLIST)}).status_code == 302
    db.session.refresh(article)
    assert article.status == ArticleStatus.IN_REVIEW and article.return_reason is None


def test_a_return_needs_a_reason(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    login_as(people["reviewer"])
    response = _act(client, _item(article, ItemKind.ARTICLE_SIGNOFF), "return", reason="  ")
    assert response.status_code == 400 and "Say what the author should change." in response.get_data(as_text=True)


def test_submitting_needs_every_checklist_point(db, client, login_as, people):
    login_as(people["author"])
    client.post("/articles/new", data=_form())
    article = Article.query.one()
    response = client.post(f"/articles/{article.id}/submit", data={"checklist": ["sources_cited"]},
                           follow_redirects=True)
    assert "Confirm each point of the checklist" in response.get_data(as_text=True)
    db.session.refresh(article)
    assert article.status == ArticleStatus.DRAFT and ReviewItem.query.count() == 0


@pytest.mark.parametrize("overrides, message", [
    ({"media_kind": "video", "media_url": "https://evil.example/embed/1", "media_transcript": "Words."},
     "Media can only be embedded from these hosts"),
    ({"media_kind": "video", "media_url": "http://www.youtube-nocookie.com/embed/1", "media_transcript": "Words."},
     "Media can only be embedded from these hosts"),
    ({"media_kind": "video", "media_url": VIDEO, "media_transcript": ""}, "Add a transcript"),
    ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    ({"summary": "x" * 501}, "Field cannot be longer than 500 characters."),
    ({"body": "x" * 50_001}, "Field cannot be longer than 50000 characters."),
])
def test_bad_input_is_refused_with_a_clear_message(db, client, login_as, people, overrides, message):
    login_as(people["author"])
    response = client.post("/articles/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert Article.query.count() == 0


def test_media_hosts_come_from_config(db, client, login_as, people, app):
    app.config["ARTICLE_MEDIA_HOSTS"] = "media.example.org"
    login_as(people["author"])
    response = client.post("/articles/new", data=_form(media_kind="video", media_url=VIDEO, media_transcript="T."))
    assert response.status_code == 400 and "media.example.org" in response.get_data(as_text=True)
    assert "frame-src https://media.example.org;" in response.headers["Content-Security-Policy"]


def test_an_edit_to_a_published_article_is_reviewed_again_and_readers_keep_the_old_version(
        db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    old_slug = article.slug
    login_as(people["author"])
    response = client.post(f"/articles/{article.id}/edit",
                           data=_form(title="Recovering at home after a knee replacement", body="New advice."))
    assert response.status_code == 302
    client.post(f"/articles/{article.id}/submit", data={"checklist": list(SUBMIT_CHECKLIST)})
    page = client.get(f"/articles/{old_slug}").get_data(as_text=True)
    assert "Most people walk" in page and "New advice." not in page
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    db.session.refresh(article)
    assert article.slug == "recovering-at-home-after-a-knee-replacement"
    moved = client.get(f"/articles/{old_slug}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/articles/{article.slug}")
    assert "New advice." in client.get(f"/articles/{article.slug}").get_data(as_text=True)


def test_slugs_stay_unique(db, client, login_as, people):
    first = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, first, people["reviewer"], people["staff"])
    second = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, second, people["reviewer"], people["staff"])
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.slug, second.slug) == ("what-to-expect-after-a-knee-replacement",
                                         "what-to-expect-after-a-knee-replacement-2")


def test_a_published_article_stays_up_when_its_authors_verification_lapses(db, client, login_as, people, app):
    article = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    profile = people["author"].clinician_profile
    profile.verified_at = profile.verified_at - timedelta(days=800)
    db.session.commit()
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "Medically reviewed by" in html and profile.full_name in html
    assert f'href="/clinicians/{people["author"].id}"' not in html  # no profile link to a lapsed clinician


def test_drafts_are_only_for_their_author_and_moderators(db, client, login_as, people):
    login_as(people["author"])
    client.post("/articles/new", data=_form())
    article = Article.query.one()
    login_as(factories.make_user("member"))
    assert client.get(f"/articles/{article.id}/preview").status_code == 404
    login_as(factories.make_user("clinician", specialties=("orthopaedics",)))
    assert client.get(f"/articles/{article.id}/preview").status_code == 200
    assert client.get(f"/articles/{article.id}/edit").status_code == 403
    assert client.post(f"/articles/{article.id}/submit", data={"checklist": list(SUBMIT_CHECKLIST)}).status_code == 403


def test_views_are_counted_per_day_without_cookies(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    with client.session_transaction() as session:
        session.clear()
    for _ in range(3):
        response = client.get(f"/articles/{article.slug}")
        assert "Set-Cookie" not in response.headers
        response.close()
    assert db.session.scalar(select(ArticleViewDay.views).where(ArticleViewDay.article_id == article.id)) == 3


def test_an_answered_public_question_has_qapage_data_and_share_tags(db, client):
    question = factories.make_question(status="answered", title="How long does swelling last after surgery?")
    first = factories.make_answer(question, body="Usually a few weeks.")
    factories.make_answer(question, body="It can take months to settle fully.")
    db.session.commit()
    html = client.get(f"/questions/{question.id}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@context"] == "https://schema.org" and data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question" and entity["name"] == question.title and entity["answerCount"] == 2
    assert entity["acceptedAnswer"]["@type"] == "Answer" and entity["acceptedAnswer"]["text"] == "Usually a few weeks."
    assert entity["acceptedAnswer"]["url"].endswith(f"/questions/{question.id}#answer-{first.id}")
    assert [answer["@type"] for answer in entity["suggestedAnswer"]] == ["Answer"]
    assert f'<link rel="canonical" href="http://127.0.0.1:5000/questions/{question.id}">' in html
    assert '<meta property="og:title" content="How long does swelling last after surgery?">' in html


@pytest.mark.parametrize("status, visibility", [("pending", "public"), ("answered", "members")])
def test_pending_and_members_only_questions_carry_no_share_data(db, client, login_as, status, visibility):
    author = factories.make_user("member")
    question = factories.make_question(author, status=status)
    question.visibility = visibility
    if status == "answered":
        factories.make_answer(question)
    login_as(author)
    html = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "application/ld+json" not in html and "og:title" not in html and "sharer.php" not in html


def test_the_article_page_speaks_the_readers_language(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"], media_kind="video", media_url=VIDEO,
                                media_transcript="Hola.")
    _publish(client, login_as, article, people["reviewer"], people["staff"])
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/articles/{article.slug}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Revisado médicamente por" in html and "Reproducir el vídeo desde www.youtube-nocookie.com" in html
    assert "Qué esperar" in html  # the article's kind


def test_the_author_is_notified_of_each_step(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    login_as(people["reviewer"])
    _act(client, _item(article, ItemKind.ARTICLE_SIGNOFF), "return", reason="Add your sources.")
    login_as(people["author"])
    page = client.get("/my/notifications")
    assert page.status_code == 200 and "Your article was returned for edits: Add your sources." in page.get_data(
        as_text=True)


def test_the_queue_lists_an_article_sign_off_only_to_clinicians_who_may_hold_it(db, client, login_as, people):
    article = _write_and_submit(client, login_as, people["author"])
    item = _item(article, ItemKind.ARTICLE_SIGNOFF)
    row = f"Article awaiting medical sign-off #{item.id}"
    for outsider in (people["author"], people["cardiologist"]):
        login_as(outsider)
        assert row not in client.get("/moderation/?specialty=all").get_data(as_text=True)
    for insider in (people["reviewer"], people["staff"]):
        login_as(insider)
        assert row in client.get("/moderation/?specialty=all").get_data(as_text=True)
