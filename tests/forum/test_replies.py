"""Community replies: who publishes at once, double submits, closed questions, the page."""
import pytest
from sqlalchemy import func, select

from forum.models import Notification, Question, Reply
from forum.services import DomainError
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from tests.factories import make_question, make_reply, make_user


def reply_count(db):
    return db.session.scalar(select(func.count(Reply.id)))


def test_new_member_reply_is_pending_and_queued(client, db, login_as):
    question = make_question(status="published")
    db.session.commit()
    login_as(make_user("member", approved_posts=0))
    response = client.post(f"/questions/{question.id}/reply", data={"body": "Hang in there", "client_token": "r1"})
    assert response.status_code == 302
    reply = db.session.scalar(select(Reply))
    assert reply.status == "pending"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.reply_id == reply.id))
    assert item.kind == "reply"
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    own_view = client.get(f"/questions/{question.id}").data
    assert b"Hang in there" in own_view and b"Awaiting approval" in own_view
    login_as("member")
    assert b"Hang in there" not in client.get(f"/questions/{question.id}").data
    login_as("staff")
    assert b"Hang in there" in client.get(f"/questions/{question.id}").data


@pytest.mark.parametrize("role, approved", [("member", 3), ("caregiver", 5), ("clinician", 0), ("staff", 0)])
def test_established_members_clinicians_and_staff_publish_at_once(client, db, login_as, role, approved):
    author = make_user("member")
    question = make_question(author, status="answered")
    db.session.commit()
    login_as(make_user(role, approved_posts=approved))
    client.post(f"/questions/{question.id}/reply", data={"body": "Here is what helped me", "client_token": "r2"})
    reply = db.session.scalar(select(Reply))
    assert reply.status == "published" and reply.by_clinician == (role == "clinician")
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 1
    note = db.session.scalar(select(Notification).where(Notification.user_id == author.id))
    assert note.kind == "reply" and note.question_id == question.id
    assert db.session.scalar(select(func.count(ReviewItem.id))) == 0
    page = client.get(f"/questions/{question.id}").data
    assert b"Here is what helped me" in page
    assert (b"badge-clinician\">Clinician<" in page) == (role == "clinician")


def test_unverified_clinician_is_treated_as_a_new_member(db):
    question = make_question(status="published")
    reply = post_reply(make_user("clinician", verified=False), question, body="Hi")
    assert reply.status == "pending" and not reply.by_clinician


def test_double_submit_makes_one_reply(client, db, login_as):
    question = make_question(status="published")
    db.session.commit()
    login_as(make_user("member", approved_posts=5))
    for _ in range(2):
        assert client.post(f"/questions/{question.id}/reply",
                           data={"body": "Once only", "client_token": "same"}).status_code == 302
    assert reply_count(db) == 1
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 1


def test_replying_to_pending_or_locked_questions_is_refused(client, db, login_as):
    author = make_user("member")
    pending = make_question(author, status="pending")
    locked = make_question(status="published")
    locked.locked = True
    db.session.commit()
    login_as(author)
    response = client.post(f"/questions/{pending.id}/reply", data={"body": "Bump", "client_token": "a"})
    assert response.status_code == 400 and b"not open for replies" in response.data
    login_as("member")
    assert client.post(f"/questions/{pending.id}/reply", data={"body": "x"}).status_code == 404
    response = client.post(f"/questions/{locked.id}/reply", data={"body": "Bump", "client_token": "b"})
    assert response.status_code == 400 and b"not open for replies" in response.data
    assert b"Post reply" not in client.get(f"/questions/{locked.id}").data
    assert reply_count(db) == 0


@pytest.mark.parametrize("body, message", [("", b"This field is required"),
                                           ("x" * 10_001, b"10000 characters")])
def test_bad_reply_body(client, db, login_as, body, message):
    question = make_question(status="published")
    db.session.commit()
    login_as("member")
    response = client.post(f"/questions/{question.id}/reply", data={"body": body})
    assert response.status_code == 400 and message in response.data
    assert reply_count(db) == 0


def test_service_refuses_blank_reply(db):
    question = make_question(status="published")
    with pytest.raises(DomainError, match="Write a reply"):
        post_reply(make_user("member"), question, body="   ")


def test_hidden_replies_show_their_reason_to_author_and_moderators_only(client, db, login_as):
    question = make_question(status="published")
    author = make_user("member", approved_posts=5)
    hidden = make_reply(question, author, status="hidden", body="Buy my cure")
    hidden.status_reason = "Advertising"
    db.session.commit()
    login_as(author)
    page = client.get(f"/questions/{question.id}").data
    assert b"Buy my cure" in page and b"Advertising" in page
    login_as("member")
    assert b"Buy my cure" not in client.get(f"/questions/{question.id}").data
    login_as("clinician")
    assert b"Advertising" in client.get(f"/questions/{question.id}").data


def test_replies_are_paginated_oldest_first(app, client, db):
    app.config["PAGE_SIZE"] = 3
    question = make_question(status="published")
    for n in range(7):
        make_reply(question, body=f"Reply number {n}")
    db.session.commit()
    first = client.get(f"/questions/{question.id}").data.decode()
    assert [f"Reply number {n}" in first for n in range(7)] == [True] * 3 + [False] * 4
    assert first.index("Reply number 0") < first.index("Reply number 2")
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(next_url.replace("&amp;", "&")).data.decode()
    assert "Reply number 3" in second and "Reply number 2" not in second


def test_question_page_query_count_is_constant(client, db, count_queries, login_as):
    from forum.models import Answer, Resource
    from forum.models.base import utcnow

    question = make_question(status="answered")
    clinician = make_user("clinician")
    resource = Resource(title="Guide", url="https://example.org/g", normalized_url="https://example.org/g",
                        publisher="NHS", summary="s", status="vetted", vetted_at=utcnow())
    answer = Answer(question_id=question.id, clinician_id=clinician.id, body_md="a", body_html="<p>Answer text</p>",
                    status="published", updated_at=utcnow())
    answer.resources = [resource]
    db.session.add(answer)
    for _ in range(2):
        make_reply(question)
    db.session.commit()
    login_as("member")
    with count_queries() as few:
        page = client.get(f"/questions/{question.id}")
    assert b"Answer text" in page.data and b"Dr Test" in page.data and b"Cardiology" in page.data
    assert b"updated " in page.data and b"Guide" in page.data and b"not medical advice" in page.data
    for _ in range(23):
        make_reply(question, make_user("clinician"))
    db.session.commit()
    with count_queries() as many:
        client.get(f"/questions/{question.id}")
    assert len(few) == len(many)
