"""Flagging one's own post, the expected answer time on "My questions", the lapsed
verification banner, and who sees a hidden reply."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.models import Flag
from forum.models.base import utcnow
from forum.services import DomainError
from forum.services.flags import flag_post
from moderation.models import ReviewItem
from moderation.services.actions import hide_post
from moderation.services.claims import claim_item
from tests.factories import make_question, make_reply, make_user, specialty


def test_flagging_your_own_post_is_refused(client, db, login_as):
    author = make_user("member")
    question = make_question(author, status="published")
    reply = make_reply(question, author)
    db.session.commit()
    login_as(author)
    for url in (f"/questions/{question.id}/flag", f"/replies/{reply.id}/flag"):
        response = client.post(url, data={"reason": "spam"})
        assert response.status_code == 400
        assert "You cannot flag your own post" in response.get_data(as_text=True)
    assert db.session.scalar(select(Flag)) is None
    with pytest.raises(DomainError, match="your own post"):
        flag_post(author, question, reason="spam")
    other = make_user("member")
    assert flag_post(other, question, reply, reason="spam").reply_id == reply.id


def test_my_questions_shows_the_expected_answer_time_for_pending_questions(client, db, login_as, count_queries):
    member = login_as("member")
    specialty("cardiology").answer_target_hours = 48
    make_question(member, status="pending", title="Still waiting for review")
    db.session.commit()
    page = client.get("/my/questions").get_data(as_text=True)
    assert "a clinician usually answers within 2 days" in page
    with count_queries() as one:
        client.get("/my/questions")
    make_question(member, status="pending", topics=("knee-replacement",))
    make_question(member, status="answered")
    db.session.commit()
    with count_queries() as three:
        page = client.get("/my/questions").get_data(as_text=True)
    assert len(three) == len(one)
    assert page.count("a clinician usually answers within") == 2


def test_expired_clinicians_see_a_banner(app, client, db, login_as):
    expired = make_user("clinician")
    expired.clinician_profile.verified_at = utcnow() - timedelta(days=3 * 365)
    db.session.commit()
    banner = "Your verification has expired; please contact staff to renew"
    login_as(expired)
    assert banner in client.get("/").get_data(as_text=True)
    login_as("clinician")
    assert banner not in client.get("/").get_data(as_text=True)
    login_as("member")
    assert banner not in client.get("/").get_data(as_text=True)


def test_a_hidden_reply_shows_to_its_author_and_moderators_with_the_reason(client, db, login_as):
    question = make_question(status="published")
    author = make_user("member", approved_posts=10)
    reply = make_reply(question, author, body="Buy my miracle supplement today.")
    flag_post(make_user("member"), question, reply, reason="spam")
    staff = make_user("staff")
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "flag"))
    claim_item(staff, item)
    hide_post(staff, item, item.version, reason="Advertising is not allowed.")
    db.session.commit()
    url = f"/questions/{question.id}"
    assert "miracle supplement" not in client.get(url).get_data(as_text=True)
    login_as("member")
    assert "miracle supplement" not in client.get(url).get_data(as_text=True)
    for viewer in (author, "staff", "clinician"):
        login_as(viewer)
        page = client.get(url).get_data(as_text=True)
        assert "miracle supplement" in page and "Advertising is not allowed." in page, viewer
