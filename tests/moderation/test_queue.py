"""The queue: what moderators see, in what order, the actions on questions and posts,
and the full loop from a member's question to a public, notified answer."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry, Flag, Notification, OutboxEmail, Question, User
from forum.models.base import utcnow
from forum.services.flags import flag_post
from moderation.models import ReviewItem
from moderation.services.queue import queue_question, queue_reply
from tests.factories import make_question, make_reply, make_resource, make_user, topic


def queued(author=None, **question_args) -> ReviewItem:
    """A pending question and its review item, as the ask page would leave them."""
    return queue_question(make_question(author, **question_args))


def claim(client, item) -> None:
    response = client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version})
    assert response.status_code == 302, response.data


def current_version(db, item) -> int:
    db.session.expire_all()
    return db.session.get(ReviewItem, item.id).version


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, "BASE_URL": "https://rounds.example.org"}


def test_full_loop_member_asks_clinician_answers_member_is_told(app, db, client, login_as, smtp_server):
    heart_failure = topic("heart-failure")
    leaflet = make_resource("Living with heart failure")
    video = make_resource("Heart failure exercise video")
    make_resource("Knee exercises", topics=("knee-replacement",))
    member = make_user("member")
    cardiologist = make_user("clinician", specialties=("cardiology",))
    surgeon = make_user("clinician", specialties=("orthopaedics",))
    db.session.commit()

    login_as(member)
    response = client.post("/questions/ask", data={
        "title": "How much walking after heart failure diagnosis?", "body": "My ankles swell in the evening.",
        "primary_topic": heart_failure.id, "asking_for": "self", "identity": "pseudonym",
        "client_token": "loop-token"})
    assert response.status_code == 302
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert item.kind == "question" and question.status == "pending"

    login_as(surgeon)
    assert f"/moderation/items/{item.id}".encode() not in client.get("/moderation/").data

    login_as(cardiologist)
    page = client.get("/moderation/")
    assert page.status_code == 200
    assert f"/moderation/items/{item.id}".encode() in page.data and b"Heart failure" in page.data
    assert b"waiting less than a minute" in page.data

    claim(client, item)
    answer_page = client.get(f"/moderation/items/{item.id}/answer?q=heart")
    assert b"Living with heart failure" in answer_page.data and b"Knee exercises" not in answer_page.data
    assert app.config["MEDICAL_DISCLAIMER"][:40].encode() in answer_page.data
    assert client.get(f"/moderation/items/{item.id}/answer?q=video").data.count(b'name="resources"') == 1

    response = client.post(f"/moderation/items/{item.id}/answer", data={
        "version": current_version(db, item), "body": "Gentle **daily walks** help. Raise your legs.",
        "resources": [leaflet.id, video.id]})
    assert response.status_code == 302, response.data

    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert question.status == "answered" and question.answered_at is not None
    assert db.session.get(User, member.id).approved_post_count == 1
    assert db.session.get(ReviewItem, item.id).status == "done"
    assert heart_failure.answered_count == 1
    assert [n.kind for n in db.session.scalars(Notification.for_user(member.id))] == ["answered"]

    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == member.email
    assert message["Subject"] == "Your question has been answered"
    text = message.get_payload(decode=True).decode()
    assert f"https://rounds.example.org/questions/{question.id}" in text
    assert "ankles" not in text and "walking" not in text and "rounds.test" not in text

    client.post("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    public = client.get(f"/questions/{question.id}")
    assert public.status_code == 200
    assert b"<strong>daily walks</strong>" in public.data
    assert cardiologist.clinician_profile.full_name.encode() in public.data and b"MD" in public.data
    assert b"Living with heart failure" in public.data and b"Heart failure exercise video" in public.data
    assert app.config["MEDICAL_DISCLAIMER"][:40].encode() in public.data


def test_return_for_edit_then_resubmit_comes_back_as_a_resubmission(db, client, login_as, smtp_server):
    member = make_user("member")
    item = queued(member, title="Question with my name in it")
    clinician = make_user("clinician")
    login_as(clinician)
    claim(client, item)
    version = current_version(db, item)

    missing = client.post(f"/moderation/items/{item.id}/return", data={"return_question-version": version})
    assert missing.status_code == 400 and b"Give a reason" in missing.data, missing.data.decode()[3000:7000]

    response = client.post(f"/moderation/items/{item.id}/return", data={
        "return_question-version": version, "return_question-template": "personal_details",
        "return_question-reason": "Your surname appears in the second line."})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, item.question_id)
    assert question.status == "returned"
    assert question.status_reason.startswith("Please remove personal details")
    assert "surname" in smtp_server.messages[0].get_payload(decode=True).decode()
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "question.return")).reason \
        == question.status_reason

    login_as(member)
    response = client.post(f"/questions/{question.id}/edit", data={
        "title": "Question without my name", "body": "Edited details, after the scan.", "primary_topic": question.primary_topic_id,
        "asking_for": "self", "identity": "pseudonym"})
    assert response.status_code == 302
    resubmitted = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id,
                                                             ReviewItem.status == "open"))
    assert resubmitted.kind == "resubmission"
    login_as(clinician)
    assert b"Resubmitted question" in client.get("/moderation/").data


def test_reject_needs_a_reason_and_tells_the_author(db, client, login_as, smtp_server):
    member = make_user("member")
    item = queued(member)
    login_as("clinician")
    claim(client, item)
    version = current_version(db, item)
    assert client.post(f"/moderation/items/{item.id}/reject", data={"reject-version": version}).status_code == 400
    response = client.post(f"/moderation/items/{item.id}/reject", data={
        "reject-version": version, "reject-template": "not_medical"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, item.question_id).status == "rejected"
    assert [n.kind for n in db.session.scalars(Notification.for_user(member.id))] == ["rejected"]
    assert smtp_server.messages[0]["Subject"] == "Your question could not be published"


def test_publish_without_answer_lists_it_as_unanswered(db, client, login_as, smtp_server):
    member = make_user("member")
    item = queued(member)
    clinician = login_as("clinician")
    claim(client, item)
    response = client.post(f"/moderation/items/{item.id}/publish",
                           data={"publish-version": current_version(db, item)})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, item.question_id)
    assert question.status == "published" and question.topic_links[0].listing == "unanswered"
    assert db.session.get(User, member.id).approved_post_count == 1
    assert smtp_server.messages[0]["Subject"] == "Your question has been published"
    page = client.get("/moderation/unanswered")
    assert question.title.encode() in page.data
    # ...and any verified clinician can still answer it from there.
    response = client.post(f"/moderation/questions/{question.id}/answer", data={"body": "Later answer."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).status == "answered"
    assert question.title.encode() not in client.get("/moderation/unanswered").data
    assert clinician.id


def test_acting_without_a_claim_or_on_someone_elses_claim_is_a_conflict(db, client, login_as):
    item = queued()
    holder = make_user("clinician", pseudonym="DrHolder")
    db.session.commit()
    login_as("clinician")
    unclaimed = client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": item.version})
    assert unclaimed.status_code == 409 and b"Claim this item before acting" in unclaimed.data

    login_as(holder)
    claim(client, item)
    login_as("clinician")
    version = current_version(db, item)
    blocked = client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": version})
    assert blocked.status_code == 409 and b"DrHolder is working on this item" in blocked.data
    acting = client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": version})
    assert acting.status_code == 409 and b"DrHolder" in acting.data
    db.session.expire_all()
    assert db.session.get(Question, item.question_id).status == "pending"


def test_expired_claims_can_be_taken_over_and_released_claims_are_free(db, client, login_as):
    item = queued()
    first = login_as("clinician")
    claim(client, item)
    db.session.expire_all()
    stored = db.session.get(ReviewItem, item.id)
    assert stored.claimed_by_id == first.id
    stored.claimed_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    second = login_as("clinician")
    claim(client, item)
    db.session.expire_all()
    assert db.session.get(ReviewItem, item.id).claimed_by_id == second.id
    response = client.post(f"/moderation/items/{item.id}/release", data={"release-version": 1})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReviewItem, item.id).claimed_by_id is None


def test_stale_form_and_already_handled_are_refused_without_double_action(db, client, login_as):
    member = make_user("member")
    item = queued(member)
    login_as("clinician")
    claim(client, item)
    old_version = current_version(db, item)
    redact = client.post(f"/moderation/items/{item.id}/redact",
                         data={"redact-version": old_version, "redact-text": "first weeks"})
    assert redact.status_code == 302
    stale = client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": old_version})
    assert stale.status_code == 409
    assert b"This item changed while you were looking at it; reload to see the latest." in stale.data
    fresh = current_version(db, item)
    assert client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": fresh}).status_code == 302
    again = client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": fresh + 1})
    assert again.status_code == 409 and b"already been handled" in again.data
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "question.publish")) == 1
    db.session.expire_all()
    assert db.session.get(User, member.id).approved_post_count == 1


def test_redaction_keeps_the_removed_text_nowhere(db, client, login_as):
    item = queued(body="My name is Jane Q Example and my knee hurts.")
    login_as("clinician")
    claim(client, item)
    missing = client.post(f"/moderation/items/{item.id}/redact",
                          data={"redact-version": current_version(db, item), "redact-text": "not there"})
    assert missing.status_code == 400 and b"not found" in missing.data
    response = client.post(f"/moderation/items/{item.id}/redact",
                           data={"redact-version": current_version(db, item), "redact-text": "Jane Q Example"})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, item.question_id)
    assert question.body_md == "My name is [removed] and my knee hurts."
    assert "Jane" not in question.body_html and "[removed]" in question.body_html
    reasons = " ".join(entry.reason or "" for entry in db.session.scalars(select(AuditEntry)))
    assert "Jane" not in reasons and "1 passage(s)" in reasons


def test_pending_reply_approval_counts_and_notifies(db, client, login_as, smtp_server):
    asker = make_user("member")
    question = make_question(asker, status="published")
    newcomer = make_user("member")
    reply = make_reply(question, newcomer, status="pending")
    item = queue_reply(reply)
    login_as("clinician")
    claim(client, item)
    response = client.post(f"/moderation/items/{item.id}/approve",
                           data={"approve_reply-version": current_version(db, item)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 1
    assert db.session.get(User, newcomer.id).approved_post_count == 1
    assert [n.kind for n in db.session.scalars(Notification.for_user(asker.id))] == ["reply"]
    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == asker.email and "I had the same" not in message.get_payload()


def test_flag_and_hide_a_reply(db, client, login_as):
    question = make_question(status="published")
    writer = make_user("member", approved_posts=5)
    reply = make_reply(question, writer)
    flagger, second = make_user("member"), make_user("member")
    flag_post(flagger, question, reply, reason="harassment")
    flag_post(second, question, reply, reason="at_risk")
    [item] = db.session.scalars(select(ReviewItem).where(ReviewItem.kind == "flag")).all()
    assert item.urgent and "Harassment" in item.note and "Someone may be at risk" in item.note
    db.session.commit()
    login_as("clinician")
    page = client.get("/moderation/")
    assert b"Someone may be at risk" in page.data and b"Urgent" in page.data
    claim(client, item)
    version = current_version(db, item)
    assert client.post(f"/moderation/items/{item.id}/hide", data={"hide-version": version}).status_code == 400
    response = client.post(f"/moderation/items/{item.id}/hide", data={
        "hide-version": version, "hide-reason": "Personal attack on another member."})
    assert response.status_code == 302
    db.session.expire_all()
    hidden = db.session.get(type(reply), reply.id)
    assert hidden.status == "hidden" and hidden.status_reason == "Personal attack on another member."
    assert db.session.get(Question, question.id).reply_count == 0
    assert all(flag.resolution == "hidden" for flag in db.session.scalars(select(Flag)))
    assert [n.kind for n in db.session.scalars(Notification.for_user(writer.id))] == ["hidden"]


def test_dismiss_flags_leaves_the_post_alone(db, client, login_as):
    question = make_question(status="published")
    flag_post(make_user("member"), question, reason="spam")
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "flag"))
    login_as("clinician")
    claim(client, item)
    response = client.post(f"/moderation/items/{item.id}/dismiss",
                           data={"dismiss_flags-version": current_version(db, item)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).status == "published"
    assert db.session.scalar(select(Flag)).resolution == "dismissed"


def test_escalation_goes_to_staff_only(db, client, login_as):
    item = queued()
    login_as("clinician")
    claim(client, item)
    response = client.post(f"/moderation/items/{item.id}/escalate", data={
        "escalate-version": current_version(db, item), "escalate-reason": "Possible safeguarding concern."})
    assert response.status_code == 302
    escalation = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "escalation"))
    assert escalation.note.endswith("Possible safeguarding concern.")
    assert client.get(f"/moderation/items/{escalation.id}").status_code == 404
    assert f"/moderation/items/{escalation.id}".encode() not in client.get("/moderation/?specialty=all").data
    login_as("staff")
    assert f"/moderation/items/{escalation.id}".encode() in client.get("/moderation/").data
    assert client.get(f"/moderation/items/{escalation.id}").status_code == 200


def test_urgent_first_then_oldest_first_with_keyset_pages(app, db, client, login_as):
    app.config["PAGE_SIZE"] = 2
    now = utcnow()
    old = queued()
    old.created_at = now - timedelta(hours=5)
    newer = queued()
    newer.created_at = now - timedelta(hours=1)
    urgent = queued()
    urgent.urgent, urgent.crisis_level = True, "emergency"
    middle = queued()
    middle.created_at = now - timedelta(hours=3)
    db.session.commit()
    login_as("staff")
    first = client.get("/moderation/").data.decode()
    ids = [int(i) for i in re.findall(r'/moderation/items/(\d+)"', first)]
    assert ids == [urgent.id, old.id]
    assert "waiting 5 h" in first and "Crisis: emergency" in first
    after = re.search(r'href="([^"]*after=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    second = client.get(after).data.decode()
    assert [int(i) for i in re.findall(r'/moderation/items/(\d+)"', second)] == [middle.id, newer.id]
    assert client.get("/moderation/?after=nope").status_code == 400
    assert client.get("/moderation/?kind=bogus").status_code == 400


def test_filters_kind_topic_specialty_claimed(db, client, login_as):
    heart = queued(topics=("heart-failure",))
    knee = queued(topics=("knee-replacement",))
    reply_item = queue_reply(make_reply(make_question(status="published"), status="pending"))
    clinician = login_as(make_user("clinician", specialties=("cardiology",)))

    def shown(url):
        return {int(i) for i in re.findall(r'/moderation/items/(\d+)"', client.get(url).data.decode())}

    assert shown("/moderation/") == {heart.id, reply_item.id}
    assert shown("/moderation/?specialty=all") == {heart.id, knee.id, reply_item.id}
    assert shown("/moderation/?specialty=all&kind=reply") == {reply_item.id}
    assert shown(f"/moderation/?specialty=all&topic={topic('knee-replacement').id}") == {knee.id}
    claim(client, heart)
    assert shown("/moderation/?claimed=me") == {heart.id}
    assert shown("/moderation/?status=done") == set()
    assert clinician.id


def test_queue_page_runs_a_constant_number_of_queries(db, client, login_as, count_queries):
    login_as("clinician")
    queued()
    db.session.commit()
    with count_queries() as few:
        assert client.get("/moderation/").status_code == 200
    for _ in range(8):
        item = queued(topics=("atrial-fibrillation",))
        item.claimed_by_id = make_user("clinician").id
        item.claimed_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    with count_queries() as many:
        page = client.get("/moderation/")
    assert page.data.count(b"/moderation/items/") == 9
    assert len(many) == len(few)


def test_opening_a_pending_item_is_audited(db, client, login_as):
    item = queued()
    clinician = login_as("clinician")
    page = client.get(f"/moderation/items/{item.id}")
    assert page.status_code == 200
    page.close()  # the view is recorded once the response is finished
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "access.view"))
    assert entry.actor_id == clinician.id and entry.target_kind == "question" and entry.target_id == item.question_id


def test_members_and_unverified_clinicians_are_refused(db, client, login_as):
    item = queued()
    for who in ("member", make_user("clinician", verified=False)):
        login_as(who)
        assert client.get("/moderation/").status_code == 403
        assert client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": 1}).status_code == 403
    assert db.session.scalar(select(func.count(OutboxEmail.id))) == 0
