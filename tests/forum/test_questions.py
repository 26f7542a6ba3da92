"""Asking, seeing, editing and withdrawing questions; the question page."""
import pytest
from sqlalchemy import func, select

from forum.extensions import db as _db
from forum.models import AuditEntry, Question, Topic
from forum.permissions import PermissionDenied
from forum.services import DomainError
from forum.services.questions import ask_question, edit_question, withdraw_question
from moderation.models import ReviewItem
from tests.factories import make_question, make_user, topic


def ask_form(**changes):
    data = {"title": "Is breathlessness normal after starting a beta blocker?",
            "body": "My dad started **bisoprolol** last week.", "primary_topic": str(topic().id),
            "second_topic": "", "third_topic": "", "asking_for": "someone_else",
            "identity": "pseudonym", "client_token": "token-1"}
    data.update(changes)
    return data


def question_count():
    return _db.session.scalar(select(func.count(Question.id)))


def test_member_asks_sees_it_pending_others_cannot_and_a_clinician_can(client, db, login_as):
    member = login_as("member")
    page = client.get("/questions/ask")
    assert page.status_code == 200 and b'name="client_token"' in page.data
    response = client.post("/questions/ask", data=ask_form(
        second_topic=str(topic("atrial-fibrillation").id)))
    assert response.status_code == 302
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.status == "pending" and question.asking_for == "someone_else"
    assert question.body_html == "<p>My dad started <strong>bisoprolol</strong> last week.</p>"
    assert [link.topic.slug for link in question.topic_links] == ["heart-failure", "atrial-fibrillation"]
    assert all(link.listing is None for link in question.topic_links)
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert item.kind == "question"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "question.ask")).target_id == question.id

    own = client.get(f"/questions/{question.id}")
    assert own.status_code == 200 and b"Awaiting review" in own.data
    assert b"Is breathlessness normal" in client.get("/my/questions").data

    login_as("member")
    assert client.get(f"/questions/{question.id}").status_code == 404
    with client.session_transaction() as session:  # and anonymous visitors
        session.clear()
    assert client.get(f"/questions/{question.id}").status_code == 404
    login_as("clinician")
    assert client.get(f"/questions/{question.id}").status_code == 200


def test_resubmitted_form_returns_the_same_question(client, db, login_as):
    login_as("caregiver")
    first = client.post("/questions/ask", data=ask_form())
    second = client.post("/questions/ask", data=ask_form())
    assert first.headers["Location"] == second.headers["Location"]
    assert question_count() == 1
    assert db.session.scalar(select(func.count(ReviewItem.id))) == 1


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, b"This field is required"),
    ({"title": "x" * 201}, b"200 characters"),
    ({"body": "  "}, b"This field is required"),
    ({"body": "x" * 10_001}, b"10000 characters"),
    ({"primary_topic": "99999"}, b"Choose conditions and procedures from the list"),
    ({"primary_topic": "abc"}, b"Invalid Choice"),
    ({"second_topic": None}, b"only once"),
    ({"asking_for": "my-neighbour"}, b"Not a valid choice"),
])
def test_bad_question_input_is_refused_with_a_clear_message(client, db, login_as, changes, message):
    login_as("member")
    if changes.get("second_topic", "") is None:
        changes = {"second_topic": str(topic().id)}
    response = client.post("/questions/ask", data=ask_form(**changes))
    assert response.status_code == 400
    assert message in response.data
    assert b'role="alert"' in response.data
    assert question_count() == 0


def test_service_refuses_more_than_three_topics_and_non_askers(db):
    member = make_user("member")
    ids = [t.id for t in db.session.scalars(select(Topic)).all()]
    with pytest.raises(DomainError, match="at most 3"):
        ask_question(member, title="T", body="B", topic_ids=ids[:4])
    with pytest.raises(PermissionDenied):
        ask_question(make_user("clinician"), title="T", body="B", topic_ids=ids[:1])
    with pytest.raises(PermissionDenied):
        ask_question(make_user("staff"), title="T", body="B", topic_ids=ids[:1])


def test_only_members_and_caregivers_may_open_the_ask_form(client, login_as):
    login_as("clinician")
    assert client.get("/questions/ask").status_code == 403


@pytest.mark.parametrize("body, stored", [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
    ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"),
    ("<a href='javascript:alert(1)'>x</a>", "<p>&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;</p>"),
])
def test_script_and_javascript_links_render_inert(client, db, login_as, body, stored):
    author = login_as("member")
    client.post("/questions/ask", data=ask_form(title="<script>alert(2)</script>", body=body))
    question = db.session.scalar(select(Question).where(Question.author_id == author.id))
    assert question.body_html == stored
    page = client.get(f"/questions/{question.id}").data.decode()
    assert stored in page
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="javascript' not in page.lower() and "<a href='javascript" not in page.lower()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_edit_returned_question_resubmits_it(client, db, login_as):
    author = make_user("member")
    question = make_question(author, status="returned")
    question.status_reason = "Please remove your doctor's name."
    db.session.commit()
    login_as(author)
    page = client.get(f"/questions/{question.id}")
    assert b"Returned for edits" in page.data and b"remove your doctor" in page.data
    form = client.get(f"/questions/{question.id}/edit")
    assert form.status_code == 200 and question.title.encode() in form.data
    response = client.post(f"/questions/{question.id}/edit", data=ask_form(
        title="An updated title for my question", body="New _details_ about the recovery", identity="anonymous",
        primary_topic=str(topic("knee-replacement").id), second_topic=str(topic().id)))
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert question.status == "pending" and question.status_reason is None
    assert question.body_html == "<p>New <em>details</em> about the recovery</p>" and question.anonymous
    assert [link.topic.slug for link in question.topic_links] == ["knee-replacement", "heart-failure"]
    assert question.primary_topic_id == topic("knee-replacement").id
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert item.kind == "resubmission"


def test_edit_pending_does_not_resubmit_and_published_cannot_be_edited(db):
    author = make_user("member")
    pending = make_question(author)
    edit_question(author, pending, title="New", body="Body", topic_ids=[topic().id],
                  asking_for="self", anonymous=False)
    assert pending.status == "pending"
    assert db.session.scalar(select(func.count(ReviewItem.id))) == 0
    with pytest.raises(PermissionDenied):
        edit_question(author, make_question(author, status="published"), title="New", body="Body",
                      topic_ids=[topic().id], asking_for="self", anonymous=False)
    with pytest.raises(PermissionDenied):
        edit_question(make_user("member"), pending, title="New", body="Body",
                      topic_ids=[topic().id], asking_for="self", anonymous=False)


def test_withdraw(client, db, login_as):
    author = make_user("member")
    question = make_question(author)
    other = make_question(make_user("member"))
    db.session.commit()
    login_as(author)
    assert client.post(f"/questions/{other.id}/withdraw").status_code == 404
    assert client.post(f"/questions/{question.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).status == "withdrawn"
    assert client.get(f"/questions/{question.id}").status_code == 404
    assert b"Withdrawn" in client.get("/my/questions").data
    with pytest.raises(PermissionDenied):
        withdraw_question(author, db.session.get(Question, question.id))


def test_published_question_cannot_be_edited_by_its_author(client, db, login_as):
    author = make_user("member")
    question = make_question(author, status="published")
    db.session.commit()
    login_as(author)
    assert client.get(f"/questions/{question.id}/edit").status_code == 403
    assert client.post(f"/questions/{question.id}/withdraw").status_code == 403


def test_anonymous_question_hides_the_pseudonym_except_from_moderators(client, db, login_as):
    author = make_user("member", pseudonym="SecretSquirrel")
    question = make_question(author, status="published")
    question.anonymous = True
    db.session.commit()
    page = client.get(f"/questions/{question.id}").data
    assert b"A community member" in page and b"SecretSquirrel" not in page
    login_as("staff")
    assert b"SecretSquirrel" in client.get(f"/questions/{question.id}").data


def test_members_only_question_is_404_for_anonymous_visitors(client, db, login_as):
    question = make_question(status="published", visibility="members")
    db.session.commit()
    assert client.get(f"/questions/{question.id}").status_code == 404
    login_as("member")
    assert client.get(f"/questions/{question.id}").status_code == 200


def test_unknown_question_is_404_and_a_bad_cursor_is_400(client, db):
    question = make_question(status="published")
    db.session.commit()
    assert client.get("/questions/424242").status_code == 404
    assert client.get(f"/questions/{question.id}?after=nonsense").status_code == 400


def test_my_questions_lists_statuses_reasons_and_the_notifications_page_pages(app, client, db, login_as):
    from forum.models import Notification
    from forum.services.notifications import notify

    app.config["PAGE_SIZE"] = 2
    author = make_user("member")
    rejected = make_question(author, status="rejected", title="Rejected one")
    rejected.status_reason = "Not a medical question"
    make_question(make_user("member"), title="Someone else's question")
    for n in range(3):
        notify(author.id, "reply", f"Note {n}", question_id=rejected.id)
    db.session.commit()
    login_as(author)
    page = client.get("/my/questions").data.decode()
    assert "Rejected one" in page and "Not published" in page and "Not a medical question" in page
    assert "Someone else" not in page
    assert "(3 unread)" in page and 'href="/my/notifications"' in page
    page = client.get("/my/notifications").data.decode()
    assert "Note 2" in page and "Note 1" in page and "Note 0" not in page
    older = page.split("?older=")[1].split('"')[0]
    assert "Note 0" in client.get(f"/my/notifications?older={older}").data.decode()
    assert client.get("/my/notifications?older=abc").status_code == 400
    assert client.post("/my/notifications/read").status_code == 302
    unread = db.session.scalar(select(func.count(Notification.id)).where(Notification.read_at.is_(None)))
    assert unread == 0


def test_opening_a_notification_marks_it_read_and_the_header_counts_unread(client, db, login_as):
    from forum.services.notifications import notify

    author = make_user("member")
    question = make_question(author, status="published")
    first = notify(author.id, "published", "Your question has been published.", question_id=question.id)
    notify(author.id, "reply", "Someone replied.", question_id=question.id)
    other = notify(make_user("member").id, "reply", "Not yours.", question_id=question.id)
    db.session.commit()
    login_as(author)
    assert '<span class="count-badge">2<span class="visually-hidden"> unread</span>' in client.get("/").data.decode()
    response = client.post(f"/my/notifications/{first.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == f"/questions/{question.id}"
    db.session.refresh(first)
    assert first.read_at is not None
    assert '<span class="count-badge">1<span class="visually-hidden"> unread</span>' in client.get("/").data.decode()
    assert client.post(f"/my/notifications/{other.id}/open").status_code == 404
    db.session.refresh(other)
    assert other.read_at is None
