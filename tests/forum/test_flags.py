"""Flagging published questions and replies."""
import pytest
from sqlalchemy import func, select

from forum.models import Flag
from forum.services import DomainError
from forum.services.flags import flag_post
from moderation.models import ReviewItem
from tests.factories import make_question, make_reply, make_user


def test_flag_a_question_once(client, db, login_as):
    question = make_question(status="published")
    db.session.commit()
    user = login_as("member")
    page = client.get(f"/questions/{question.id}/flag")
    assert page.status_code == 200 and b"Personal information shared" in page.data
    response = client.post(f"/questions/{question.id}/flag", data={"reason": "spam", "note": "Selling pills"})
    assert response.status_code == 302
    flag = db.session.scalar(select(Flag))
    assert (flag.target, flag.user_id, flag.reason) == (f"question:{question.id}", user.id, "spam")
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "flag"))
    assert item.question_id == question.id and item.reply_id is None
    again = client.post(f"/questions/{question.id}/flag", data={"reason": "harassment"})
    assert again.status_code == 400 and b"You have already flagged this" in again.data
    assert db.session.scalar(select(func.count(Flag.id))) == 1
    assert b"You have already flagged this" in client.get(f"/questions/{question.id}/flag").data


def test_flag_a_reply_at_risk_is_urgent(client, db, login_as):
    question = make_question(status="answered")
    reply = make_reply(question)
    db.session.commit()
    login_as("caregiver")
    assert client.post(f"/replies/{reply.id}/flag", data={"reason": "at_risk"}).status_code == 302
    flag = db.session.scalar(select(Flag))
    assert flag.target == f"reply:{reply.id}" and flag.reply_id == reply.id
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "flag"))
    assert item.reply_id == reply.id and item.urgent


def test_flagging_needs_a_valid_reason_and_a_visible_published_post(client, db, login_as):
    published = make_question(status="published")
    pending = make_question(status="pending")
    pending_reply = make_reply(published, status="pending")
    db.session.commit()
    login_as("member")
    response = client.post(f"/questions/{published.id}/flag", data={"reason": "boring"})
    assert response.status_code == 400 and b"Not a valid choice" in response.data
    response = client.post(f"/questions/{published.id}/flag", data={"reason": "spam", "note": "x" * 1001})
    assert response.status_code == 400
    assert client.post(f"/questions/{pending.id}/flag", data={"reason": "spam"}).status_code == 404
    assert client.get(f"/replies/{pending_reply.id}/flag").status_code == 404
    assert client.get("/replies/99999/flag").status_code == 404
    assert db.session.scalar(select(func.count(Flag.id))) == 0


def test_service_refuses_unpublished_posts_and_unknown_reasons(db):
    moderator = make_user("staff")
    with pytest.raises(DomainError, match="Only published"):
        flag_post(moderator, make_question(status="pending"), reason="spam")
    with pytest.raises(DomainError, match="reason"):
        flag_post(moderator, make_question(status="published"), reason="nope")
