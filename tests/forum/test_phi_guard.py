"""The personal-details (PHI) guard on asking, editing and replying, and the moderator's
one-click removal of what it found."""
import re

import pytest
from markupsafe import Markup
from sqlalchemy import select

from forum.models import AuditEntry, Question, Reply
from forum.safety import PhiSpan, detect_phi
from forum.safety.highlight import highlight_spans
from forum.services.post_safety import PhiWarning, phi_fingerprint, question_text
from forum.services.questions import ask_question
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from tests.factories import make_question, make_user, topic

PHONE_BODY = "Please call me on 07700 900123 about my dad's heart failure."
SAFE_BODY = "What should I expect in the first weeks after starting a beta blocker?"
TITLE = "Questions about starting a beta blocker"


def ask_form(**changes):
    data = {"title": TITLE, "body": PHONE_BODY, "primary_topic": str(topic().id), "second_topic": "",
            "third_topic": "", "asking_for": "self", "identity": "pseudonym", "client_token": "phi-1"}
    data.update(changes)
    return data


def hidden_hash(page: bytes) -> str:
    return re.search(rb'name="phi_hash" type="hidden" value="([0-9a-f]+)"', page).group(1).decode()


# -- the highlighting function -------------------------------------------------------------

def test_highlight_escapes_everything_and_marks_only_the_spans():
    text = "<script>alert(1)</script> call 07700 900123 & <b>"
    spans = detect_phi(text)
    html = highlight_spans(text, spans)
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; &lt;b&gt;" in html
    assert '<mark class="phi" data-kind="phone" title="a phone number">07700 900123</mark>' in html


def test_highlight_copes_with_overlapping_and_out_of_range_spans():
    html = highlight_spans("abcdef", [PhiSpan("name", 1, 4), PhiSpan("phone", 2, 5), PhiSpan("email", 4, 99)])
    assert html == ('a<mark class="phi" data-kind="name" title="a name">bcd</mark>'
                    '<mark class="phi" data-kind="phone" title="a phone number">e</mark>'
                    '<mark class="phi" data-kind="email" title="an email address">f</mark>')


# -- asking ----------------------------------------------------------------------------------

def test_question_with_a_phone_number_comes_back_with_a_warning_then_confirm_posts_it_flagged(
        client, db, login_as):
    member = login_as("member")
    warned = client.post("/questions/ask", data=ask_form())
    assert warned.status_code == 422
    page = warned.get_data(as_text=True)
    assert "It looks like your post includes personal details such as a phone number or a name." in page
    assert "a phone number" in page
    assert '<mark class="phi" data-kind="phone"' in page and ">07700 900123</mark>" in page
    assert "I understand, post it anyway" in page
    assert db.session.scalar(select(Question).where(Question.author_id == member.id)) is None

    fingerprint = hidden_hash(warned.data)
    posted = client.post("/questions/ask", data=ask_form(phi_hash=fingerprint, phi_confirm="y"))
    assert posted.status_code == 302
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.phi_flagged and question.status == "pending" and question.crisis_level == "none"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert item.phi_flagged and not item.urgent


def test_the_confirm_box_only_appears_after_a_warning(client, login_as):
    login_as("member")
    assert b"post it anyway" not in client.get("/questions/ask").data


def test_confirming_applies_only_to_the_text_that_was_checked(client, db, login_as):
    member = login_as("member")
    fingerprint = hidden_hash(client.post("/questions/ask", data=ask_form()).data)
    changed = PHONE_BODY + " My email is kim@example.org"
    again = client.post("/questions/ask", data=ask_form(body=changed, phi_hash=fingerprint, phi_confirm="y"))
    assert again.status_code == 422 and b"an email address" in again.data
    assert hidden_hash(again.data) != fingerprint
    # A ticked box with a forged or missing hash does not count either.
    forged = client.post("/questions/ask", data=ask_form(phi_hash="0" * 64, phi_confirm="y"))
    assert forged.status_code == 422
    assert client.post("/questions/ask", data=ask_form(phi_confirm="y")).status_code == 422
    # The hash without the box ticked does not count.
    assert client.post("/questions/ask", data=ask_form(phi_hash=fingerprint)).status_code == 422
    assert db.session.scalar(select(Question).where(Question.author_id == member.id)) is None


def test_removing_the_details_posts_without_a_flag(client, db, login_as):
    member = login_as("member")
    client.post("/questions/ask", data=ask_form())
    response = client.post("/questions/ask", data=ask_form(body=SAFE_BODY))
    assert response.status_code == 302
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert not question.phi_flagged


def test_the_title_is_checked_too(db):
    member = make_user()
    with pytest.raises(PhiWarning) as caught:
        ask_question(member, title="Email me at kim@example.org", body=SAFE_BODY, topic_ids=[topic().id])
    assert [span.kind for span in caught.value.spans] == ["email"]
    text = question_text("Email me at kim@example.org", SAFE_BODY)
    question = ask_question(member, title="Email me at kim@example.org", body=SAFE_BODY,
                            topic_ids=[topic().id], phi_confirmed=phi_fingerprint(text))
    assert question.phi_flagged


def test_editing_a_question_runs_the_guard(client, db, login_as):
    member = login_as("member")
    question = make_question(member, status="returned")
    db.session.commit()
    data = ask_form(client_token="")
    warned = client.post(f"/questions/{question.id}/edit", data=data)
    assert warned.status_code == 422 and b"07700 900123</mark>" in warned.data
    db.session.expire_all()
    assert db.session.get(Question, question.id).body_md != PHONE_BODY
    saved = client.post(f"/questions/{question.id}/edit",
                        data={**data, "phi_hash": hidden_hash(warned.data), "phi_confirm": "y"})
    assert saved.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Question, question.id)
    assert edited.phi_flagged and edited.status == "pending"


# -- replying --------------------------------------------------------------------------------

def test_confirmed_reply_with_personal_details_waits_even_from_an_established_member(client, db, login_as):
    question = make_question(status="published")
    member = login_as(make_user(approved_posts=10))
    url = f"/questions/{question.id}/reply"
    warned = client.post(url, data={"body": PHONE_BODY, "client_token": "r-1"})
    assert warned.status_code == 422 and b"07700 900123</mark>" in warned.data
    assert b"I understand, post it anyway" in warned.data
    posted = client.post(url, data={"body": PHONE_BODY, "client_token": "r-1",
                                    "phi_hash": hidden_hash(warned.data), "phi_confirm": "y"})
    assert posted.status_code == 302
    reply = db.session.scalar(select(Reply).where(Reply.author_id == member.id))
    assert reply.status == "pending" and reply.phi_flagged
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.reply_id == reply.id))
    assert item.kind == "reply" and item.phi_flagged
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 0


def test_established_member_reply_without_details_still_publishes_at_once(db):
    question = make_question(status="published")
    reply = post_reply(make_user(approved_posts=10), question, body=SAFE_BODY)
    assert reply.status == "published" and not reply.phi_flagged


# -- the moderator's side --------------------------------------------------------------------

def test_moderator_sees_the_details_highlighted_and_removes_one_with_a_click(client, db, login_as):
    member = make_user()
    text = question_text(TITLE, PHONE_BODY + " My name is Sarah Jones.")
    question = ask_question(member, title=TITLE, body=PHONE_BODY + " My name is Sarah Jones.",
                            topic_ids=[topic().id], phi_confirmed=phi_fingerprint(text))
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    clinician = login_as("clinician")
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert "Personal information" in page and '<mark class="phi" data-kind="phone"' in page
    assert "Claim this item to remove them." in page
    client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version})
    db.session.expire_all()
    item = db.session.get(ReviewItem, item.id)
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert page.count("Remove this") == 2
    assert 'name="redact-text" value="Sarah Jones"' in page
    response = client.post(f"/moderation/items/{item.id}/redact",
                           data={"redact-version": item.version, "redact-text": "07700 900123"})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert "07700" not in question.body_md and "[removed]" in question.body_md
    assert "07700" not in question.body_html
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "post.redact")).actor_id == clinician.id
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert page.count("Remove this") == 1
