"""Posting, replying, flagging and answering need the current version of the user's documents."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from forum.models import Flag, Question, Reply
from forum.services import DomainError
from forum.services.flags import flag_post
from forum.services.policies import publish_policy, require_current_policies
from forum.services.questions import ask_question
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from moderation.services.answers import answer_question
from moderation.services.queue import queue_question, queue_reply
from tests.factories import make_question, make_reply, make_user, topic


def ask_form():
    return {"title": "What should I expect after a knee replacement?", "body": "I am booked in next month.",
            "primary_topic": str(topic().id), "asking_for": "self", "identity": "pseudonym",
            "client_token": "gate-1"}


def redirected_to_policies(response, next_path: str) -> bool:
    location = urlsplit(response.headers.get("Location", ""))
    return (response.status_code == 302 and location.path == "/account/policies"
            and parse_qs(location.query)["next"][0].startswith(next_path))


def test_after_a_new_version_an_ask_is_refused_until_the_member_accepts(client, db, login_as):
    member = login_as("member")
    publish_policy(make_user("staff"), "community_guidelines", summary="Clause 8 added.", body_md="New text.")
    db.session.commit()
    assert redirected_to_policies(client.get("/questions/ask"), "/questions/ask")
    refused = client.post("/questions/ask", data=ask_form())
    assert redirected_to_policies(refused, "/questions/ask")
    assert db.session.scalar(select(func.count(Question.id))) == 0
    page = client.get(refused.headers["Location"])
    assert b"accept the current community documents" in page.data

    accepted = client.post(refused.headers["Location"], data={"accept": "y"})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/questions/ask"
    assert client.post("/questions/ask", data=ask_form()).status_code == 302
    assert db.session.scalar(select(Question.author_id)) == member.id


def test_reply_and_flag_views_send_the_user_to_the_policies_first(client, db, login_as):
    question = make_question(status="published")
    reply = Reply(question_id=question.id, author_id=question.author_id, body_md="x", body_html="<p>x</p>",
                  status="published")
    db.session.add(reply)
    login_as(make_user(approved_posts=10))
    publish_policy(None, "community_guidelines", summary="Changed.", body_md="New text.")
    db.session.commit()
    response = client.post(f"/questions/{question.id}/reply", data={"body": "Same here, it got better."})
    assert redirected_to_policies(response, f"/questions/{question.id}")
    assert redirected_to_policies(client.get(f"/questions/{question.id}/flag"), f"/questions/{question.id}/flag")
    response = client.post(f"/replies/{reply.id}/flag", data={"reason": "spam"})
    assert redirected_to_policies(response, f"/replies/{reply.id}/flag")
    assert db.session.scalar(select(func.count(Flag.id))) == 0
    assert db.session.scalar(select(func.count(Reply.id))) == 1


def test_services_refuse_too(db):
    member = make_user()
    question = make_question(status="published")
    clinician = make_user("clinician")
    publish_policy(None, "community_guidelines", summary="Changed.", body_md="New text.")
    publish_policy(None, "clinician_guidelines", summary="Changed.", body_md="New text.")
    with pytest.raises(DomainError, match="community guidelines"):
        require_current_policies(member)
    with pytest.raises(DomainError, match="accept the current"):
        ask_question(member, title="A question", body="Some details.", topic_ids=[topic().id])
    with pytest.raises(DomainError, match="accept the current"):
        post_reply(member, question, body="Same here.")
    with pytest.raises(DomainError, match="accept the current"):
        flag_post(member, question, reason="spam")
    with pytest.raises(DomainError, match="clinician answering guidelines"):
        answer_question(clinician, question, body="A careful answer.")


def test_users_with_current_acceptance_are_not_gated(client, db, login_as):
    login_as("caregiver")
    assert client.get("/questions/ask").status_code == 200


def test_hide_and_reject_reasons_can_cite_a_guideline_clause(client, db, login_as):
    question = make_question(status="published")
    reply = make_reply(question, status="pending")
    reply_item = queue_reply(reply)
    pending = make_question(status="pending")
    question_item = queue_question(pending)
    login_as("staff")
    for item in (reply_item, question_item):
        client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version})
    db.session.expire_all()
    page = client.get(f"/moderation/items/{reply_item.id}").get_data(as_text=True)
    assert "Community guideline broken (optional)" in page and "2. Protect your privacy" in page
    response = client.post(f"/moderation/items/{reply_item.id}/hide", data={
        "hide-version": db.session.get(ReviewItem, reply_item.id).version, "hide-clause": "2",
        "hide-reason": "It included a phone number."})
    assert response.status_code == 302
    response = client.post(f"/moderation/items/{question_item.id}/reject", data={
        "reject-version": db.session.get(ReviewItem, question_item.id).version, "reject-clause": "6",
        "reject-template": "guidelines"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Reply, reply.id).status_reason == (
        "Guideline 2 (Protect your privacy): It included a phone number.")
    assert db.session.get(Question, pending.id).status_reason == (
        "Guideline 6 (No advertising or spam): This breaks the community guidelines.")
