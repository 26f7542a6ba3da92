"""The anonymous page cache: what it serves, to whom, and that changes reach it at once."""
from sqlalchemy import select, update

from forum.platform import page_cache
from forum.models import Question
from forum.services.flags import flag_post
from moderation.models import ReviewItem
from moderation.services.actions import hide_post, redact_post
from moderation.services.claims import claim_item
from tests.factories import make_question, make_reply, make_user


def _flagged_item(db, question, reason="personal_information") -> ReviewItem:
    flag_post(make_user("member"), question, None, reason=reason)
    return db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id,
                                                      ReviewItem.kind == "flag"))


def test_anonymous_pages_are_served_from_the_cache_with_validators(db, client):
    question = make_question(status="answered", title="Swollen ankles after a long flight")
    db.session.commit()
    first = client.get(f"/questions/{question.id}")
    second = client.get(f"/questions/{question.id}")
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss" and second.headers["X-Page-Cache"] == "hit"
    assert second.data == first.data and b"Swollen ankles" in second.data
    assert "no-cache" in second.headers["Cache-Control"] and "Cookie" in second.headers["Vary"]
    assert second.headers["Content-Security-Policy"]  # after_request hooks still run on a hit
    assert "Set-Cookie" not in second.headers
    revalidated = client.get(f"/questions/{question.id}", headers={"If-None-Match": second.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.data == b""
    since = client.get(f"/questions/{question.id}", headers={"If-Modified-Since": second.headers["Last-Modified"]})
    assert since.status_code == 304
    for path in ("/", "/topics/heart-failure", "/topics/", "/resources/"):
        client.get(path)
        assert client.get(path).headers["X-Page-Cache"] == "hit", path


def test_logged_in_pages_are_never_cached_nor_shared(db, client, login_as):
    question = make_question(status="answered")
    member = login_as("member")
    for _ in range(2):
        page = client.get(f"/questions/{question.id}")
        assert page.status_code == 200 and "X-Page-Cache" not in page.headers
        assert page.headers["Cache-Control"] == "no-store" and "ETag" not in page.headers
    assert member.pseudonym.encode() in page.data
    client.post("/auth/logout")
    client.delete_cookie("session", domain="rounds.test")
    anonymous = client.get(f"/questions/{question.id}")
    assert anonymous.headers["X-Page-Cache"] == "miss" and member.pseudonym.encode() not in anonymous.data


def test_flashed_messages_and_errors_are_not_cached(db, client):
    question = make_question(status="answered")
    db.session.commit()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Please log in to continue.")]
    flashed = client.get(f"/questions/{question.id}")
    assert b"Please log in to continue." in flashed.data and "X-Page-Cache" not in flashed.headers
    client.delete_cookie("session", domain="rounds.test")
    clean = client.get(f"/questions/{question.id}")
    assert clean.headers["X-Page-Cache"] == "miss" and b"Please log in to continue." not in clean.data
    assert client.get("/questions/999999").status_code == 404
    assert "X-Page-Cache" not in client.get("/questions/999999").headers
    assert "X-Page-Cache" not in client.get("/search?q=ankle").headers  # search is never cached


def test_hidden_question_is_never_served_from_the_cache(db, client):
    question = make_question(status="answered", title="Which tablets does Jane Example take?")
    item = _flagged_item(db, question)
    db.session.commit()
    client.get(f"/questions/{question.id}")
    assert client.get(f"/questions/{question.id}").headers["X-Page-Cache"] == "hit"
    client.get("/")
    assert b"Jane Example" in client.get("/").data
    clinician = make_user("clinician")
    claim_item(clinician, item)
    hide_post(clinician, item, item.version, reason="Personal information about someone else.")
    db.session.commit()
    assert client.get(f"/questions/{question.id}").status_code == 404
    home = client.get("/")
    assert home.headers["X-Page-Cache"] == "miss" and b"Jane Example" not in home.data


def test_redacted_text_is_gone_from_the_cached_page_at_once(db, client):
    question = make_question(status="answered", body="My neighbour Jane Q Example has the same scar.")
    item = _flagged_item(db, question)
    db.session.commit()
    client.get(f"/questions/{question.id}")
    cached = client.get(f"/questions/{question.id}")
    assert cached.headers["X-Page-Cache"] == "hit" and b"Jane Q Example" in cached.data
    clinician = make_user("clinician")
    claim_item(clinician, item)
    redact_post(clinician, item, item.version, text="Jane Q Example")
    db.session.commit()
    fresh = client.get(f"/questions/{question.id}")
    assert fresh.status_code == 200 and b"Jane Q Example" not in fresh.data and b"[removed]" in fresh.data
    assert fresh.headers["ETag"] != cached.headers["ETag"]


def test_new_reply_and_bulk_updates_invalidate_but_rollbacks_do_not(db, client):
    question = make_question(status="answered")
    db.session.commit()
    client.get(f"/questions/{question.id}")
    make_reply(question, body="Compression socks helped me a lot.")
    db.session.commit()
    page = client.get(f"/questions/{question.id}")
    assert page.headers["X-Page-Cache"] == "miss" and b"Compression socks" in page.data
    # A Core-style UPDATE through the session (no ORM objects flushed) counts too.
    db.session.execute(update(Question).where(Question.id == question.id).values(title="Renamed by staff"))
    db.session.commit()
    assert b"Renamed by staff" in client.get(f"/questions/{question.id}").data
    assert client.get(f"/questions/{question.id}").headers["X-Page-Cache"] == "hit"
    generation = page_cache.content_generation()
    db.session.execute(update(Question).where(Question.id == question.id).values(title="Never saved"))
    db.session.rollback()
    make_user("member")  # accounts are not shown on public pages
    db.session.commit()
    assert page_cache.content_generation() == generation
    assert client.get(f"/questions/{question.id}").headers["X-Page-Cache"] == "hit"


def test_a_visitors_csrf_token_never_lands_in_a_shared_page(db, client):
    question = make_question(status="answered")
    db.session.commit()
    with client.session_transaction() as session:
        session["csrf_token"] = "a-visitors-own-token"
    assert "X-Page-Cache" not in client.get(f"/questions/{question.id}").headers  # rendered, not stored
    client.delete_cookie("session", domain="rounds.test")
    assert client.get(f"/questions/{question.id}").headers["X-Page-Cache"] == "miss"
    with client.session_transaction() as session:
        session["csrf_token"] = "a-visitors-own-token"
    assert client.get(f"/questions/{question.id}").headers["X-Page-Cache"] == "hit"
