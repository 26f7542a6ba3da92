"""Bad input: scripts in text fields, other people's hidden items, oversized and malformed
requests, forged Host headers. Each gets a clear 4xx (or is safely escaped), never a 500."""
import pytest
from sqlalchemy import select

from forum.models import Notification, OutboxEmail, Question
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from moderation.services.queue import queue_question
from tests.factories import make_question, make_reply, make_user, topic

SCRIPT_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)> title'
HUGE = "99999999999999999999"


def ask_form(**changes):
    data = {"title": "What should I expect after a knee replacement?", "body": "Booked in next month.",
            "primary_topic": str(topic().id), "asking_for": "self", "identity": "pseudonym",
            "client_token": "bad-1"}
    data.update(changes)
    return data


def assert_escaped(page: str, shown: bool = True):
    assert "<script>alert" not in page and "<img src=x onerror" not in page
    if shown:
        assert "&lt;script&gt;alert" in page


# -- XSS in titles wherever they are shown -------------------------------------------------

def test_script_in_a_title_is_escaped_on_the_question_queue_item_and_notifications(client, db, login_as):
    author = login_as("member")
    assert client.post("/questions/ask", data=ask_form(title=SCRIPT_TITLE)).status_code == 302
    question = db.session.scalar(select(Question))
    assert question.title == SCRIPT_TITLE  # stored as typed, escaped on output
    assert_escaped(client.get(f"/questions/{question.id}").get_data(as_text=True))
    assert_escaped(client.get("/my/questions").get_data(as_text=True))

    login_as("staff")
    # The queue lists items by kind and topic; whatever it shows of a post must be escaped.
    assert_escaped(client.get("/moderation/").get_data(as_text=True), shown=False)
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))
    assert_escaped(client.get(f"/moderation/items/{item.id}").get_data(as_text=True))

    question.status = "published"
    post_reply(make_user(approved_posts=10), question, body='<script>alert("b")</script> **same**')
    db.session.commit()
    # The notification refers to the question; the page renders its title (escaped) at read time.
    assert db.session.scalar(select(Notification.question_id)) == question.id
    login_as(author)
    page = client.get("/my/questions").get_data(as_text=True)
    assert_escaped(page)
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert '<script>alert("b")' not in page and "<strong>same</strong>" in page


# -- other people's pending, hidden and returned items -------------------------------------

@pytest.mark.parametrize("status", ["pending", "returned", "hidden", "rejected", "withdrawn"])
def test_other_peoples_unpublished_questions_are_404_everywhere(client, db, login_as, status):
    question = make_question(status=status)
    login_as("member")
    qid = question.id
    assert client.get(f"/questions/{qid}").status_code == 404
    assert client.get(f"/questions/{qid}/edit").status_code == 404
    assert client.post(f"/questions/{qid}/edit", data=ask_form()).status_code == 404
    assert client.post(f"/questions/{qid}/withdraw").status_code == 404
    assert client.get(f"/questions/{qid}/flag").status_code == 404
    assert client.post(f"/questions/{qid}/flag", data={"reason": "spam"}).status_code == 404
    assert client.post(f"/questions/{qid}/reply", data={"body": "Hello there."}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Question, qid).status == status


def test_other_peoples_published_question_cannot_be_edited_or_withdrawn(client, db, login_as):
    question = make_question(status="published")
    login_as("member")
    assert client.get(f"/questions/{question.id}/edit").status_code == 403
    assert client.post(f"/questions/{question.id}/withdraw").status_code == 403


def test_own_pending_question_cannot_be_replied_to_or_flagged(client, db, login_as):
    author = login_as("member")
    question = make_question(author, status="pending")
    db.session.commit()
    response = client.post(f"/questions/{question.id}/reply", data={"body": "Bump."})
    assert response.status_code == 400 and b"not open for replies" in response.data
    response = client.post(f"/questions/{question.id}/flag", data={"reason": "spam"})
    assert response.status_code == 400 and b"Only published posts" in response.data


def test_someone_elses_pending_or_hidden_reply_cannot_be_flagged(client, db, login_as):
    question = make_question(status="published")
    pending = make_reply(question, status="pending")
    hidden = make_reply(question, status="hidden")
    login_as("member")
    for reply in (pending, hidden):
        assert client.get(f"/replies/{reply.id}/flag").status_code == 404
        assert client.post(f"/replies/{reply.id}/flag", data={"reason": "spam"}).status_code == 404


# -- huge, malformed and oversized input ----------------------------------------------------

def test_ids_too_big_for_the_database_are_404(client, db, login_as):
    login_as("member")
    for url in (f"/questions/{HUGE}", f"/questions/{HUGE}/edit", f"/questions/{HUGE}/flag",
                f"/replies/{HUGE}/flag", f"/clinicians/{HUGE}", "/questions/2147483648"):
        assert client.get(url).status_code == 404, url
    for url in (f"/questions/{HUGE}/reply", f"/questions/{HUGE}/withdraw"):
        assert client.post(url, data={"body": "x"}).status_code == 404, url
    login_as("staff")
    assert client.get(f"/moderation/items/{HUGE}").status_code == 404


def test_wrong_types_and_huge_numbers_in_forms_and_queries_are_400(client, db, login_as):
    question = make_question(status="published")
    login_as("member")
    for topic_value in ("abc", HUGE, "-1", "1.5"):
        response = client.post("/questions/ask", data=ask_form(primary_topic=topic_value))
        assert response.status_code == 400, topic_value
        assert b"could not coerce" in response.data or b"Choose conditions" in response.data
    assert client.get(f"/questions/{question.id}?after=%ff{HUGE}").status_code == 400
    assert client.get(f"/my/questions?before={HUGE}").status_code == 400
    assert client.get("/questions/ask?topic=" + HUGE).status_code == 200
    assert db.session.scalar(select(Question).where(Question.id != question.id)) is None


def test_invalid_utf8_in_urls_and_form_bodies(client, db, login_as):
    question = make_question(status="published")
    login_as("member")
    assert client.get("/questions/%ff%fe").status_code == 404
    assert client.get("/topics/%c3%28").status_code == 404
    assert client.get("/search?q=%ff%fe%fd").status_code in (200, 400)
    response = client.post("/questions/ask", data=b"title=%ff%fe%fd+caf%e9&body=%c3%28&primary_topic=" +
                           str(topic().id).encode() + b"&asking_for=self&identity=pseudonym",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400, 422)
    response = client.post(f"/questions/{question.id}/reply", data=b"body=%ff%fe%80%80",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)


def test_nul_bytes_are_refused_with_a_message(client, db, login_as):
    question = make_question(status="published")
    login_as("member")
    for url, data in (("/questions/ask", ask_form(body="Hello\x00there")),
                      (f"/questions/{question.id}/reply", {"body": "a\x00b"}),
                      (f"/questions/{question.id}/flag", {"reason": "spam", "note": "\x00"})):
        response = client.post(url, data=data)
        assert response.status_code == 400 and b"(NUL)" in response.data, url
    assert client.get("/search?q=a%00b").status_code == 400
    with client.session_transaction() as session:
        session.clear()
    assert client.post("/auth/login", data={"email": "a\x00@example.test", "password": "x"}).status_code == 400


def test_oversized_text_gets_a_clear_message_and_oversized_bodies_413(app, client, db, login_as):
    question = make_question(status="published")
    login_as("member")
    response = client.post("/questions/ask", data=ask_form(title="t" * 201, body="b" * 10_001))
    assert response.status_code == 400
    assert b"200 characters" in response.data and b"10000 characters" in response.data
    response = client.post(f"/questions/{question.id}/reply", data={"body": "r" * 10_001})
    assert response.status_code == 400 and b"10000 characters" in response.data
    response = client.post(f"/questions/{question.id}/reply",
                           data={"body": "r" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert response.status_code == 413


# -- forged Host headers ---------------------------------------------------------------------

@pytest.fixture
def app_config():
    return {"BASE_URL": "https://forum.example.org"}


def test_emails_use_base_url_never_the_host_header(app, client, db):
    app.config["SERVER_NAME"] = None  # accept any Host, as a server behind a careless proxy would
    # A mail server that refuses the connection: the email stays queued with its link, which a
    # sent email's stored body no longer has (issue 23 item 16).
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    make_user(email="kim@example.test")
    db.session.commit()
    response = client.post("/auth/forgot", data={"email": "kim@example.test"},
                           headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302
    response.close()  # the reset email is queued after the response
    email = db.session.scalar(select(OutboxEmail))
    assert "https://forum.example.org/" in email.body_text and "evil.example" not in email.body_text


def test_crisis_alerts_use_base_url_never_the_host_header(app, client, db, login_as):
    app.config.update(SERVER_NAME=None, ONCALL_EMAILS="oncall@example.test")
    question = make_question(status="published")
    member = make_user()
    db.session.commit()
    with client.session_transaction(base_url="http://evil.example") as session:
        session["_user_id"] = member.session_token
    response = client.post(f"/questions/{question.id}/reply", base_url="http://evil.example",
                           data={"body": "I want to kill myself tonight, I have the pills ready"})
    assert response.status_code == 200
    email = db.session.scalar(select(OutboxEmail))
    assert email.body_text.count("https://forum.example.org/moderation/items/") == 1
    assert "evil.example" not in email.body_text
    queue_question(question)  # the queue still works after the forged request
