"""Members-only questions (QUESTION_VISIBILITY_DEFAULT, ALLOW_MEMBERS_ONLY_QUESTIONS)."""
import pytest
from sqlalchemy import select

from forum.models import Question
from forum.services import DomainError
from forum.services.listing import sync_listing
from forum.services.questions import ask_question
from tests.factories import make_question, make_user, topic


def ask_form(**changes):
    data = {"title": "Which foods are high in potassium?", "body": "My potassium level was low.",
            "primary_topic": str(topic().id), "second_topic": str(topic("atrial-fibrillation").id),
            "third_topic": "", "asking_for": "self", "identity": "pseudonym", "client_token": "vis-1"}
    data.update(changes)
    return data


def test_ask_form_offers_the_choice_with_the_configured_default(app, client, login_as):
    login_as("member")
    page = client.get("/questions/ask").get_data(as_text=True)
    assert "Who can read this question" in page and "Signed-in members only" in page
    assert _checked_value(page) == "public"
    app.config["QUESTION_VISIBILITY_DEFAULT"] = "members"
    assert _checked_value(client.get("/questions/ask").get_data(as_text=True)) == "members"


def _checked_value(page: str) -> str | None:
    for tag in page.split("<input")[1:]:
        tag = tag.split(">", 1)[0]
        if 'name="visibility"' in tag and "checked" in tag:
            return tag.split('value="', 1)[1].split('"', 1)[0]
    return None


def test_members_only_question_is_stored_on_the_question_and_its_topic_links(client, db, login_as):
    login_as("member")
    response = client.post("/questions/ask", data=ask_form(visibility="members", similar_seen="1"))
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert question.visibility == "members"
    assert [link.visibility for link in question.topic_links] == ["members", "members"]


def test_when_not_allowed_every_question_gets_the_default(app, client, db, login_as):
    app.config["ALLOW_MEMBERS_ONLY_QUESTIONS"] = False
    login_as("member")
    assert "Who can read this question" not in client.get("/questions/ask").get_data(as_text=True)
    assert client.post("/questions/ask", data=ask_form(visibility="members", similar_seen="1")).status_code == 302
    assert db.session.scalar(select(Question)).visibility == "public"
    app.config["QUESTION_VISIBILITY_DEFAULT"] = "members"
    member = make_user("member")
    question = ask_question(member, title="A second question", body="Details here.",
                            topic_ids=[topic().id], visibility="public")
    assert question.visibility == "members"


def test_service_refuses_an_unknown_visibility(db):
    member = make_user("member")
    with pytest.raises(DomainError, match="who can read"):
        ask_question(member, title="A question", body="Details.", topic_ids=[topic().id], visibility="friends")


def test_answered_count_counts_public_questions_only(db):
    heart_failure = topic()
    public = make_question(status="published")
    private = make_question(status="published", visibility="members")
    for question in (public, private):
        question.status = "answered"
        sync_listing(question)
        sync_listing(question)  # twice changes nothing
    db.session.refresh(heart_failure)
    assert heart_failure.answered_count == 1
    public.status = "hidden"
    sync_listing(public)
    db.session.refresh(heart_failure)
    assert heart_failure.answered_count == 0


def test_anonymous_visitors_never_see_members_only_questions_listed(client, db, login_as):
    make_question(status="answered", title="A public answered question")
    make_question(status="answered", title="A members-only answered question", visibility="members")
    make_question(status="published", title="A members-only unanswered question", visibility="members")
    db.session.commit()
    pages = [client.get(url).get_data(as_text=True) for url in
             ("/", "/topics/heart-failure", "/topics/heart-failure?tab=unanswered")]
    assert "A public answered question" in pages[0] and "A public answered question" in pages[1]
    for page in pages:
        assert "members-only" not in page
    login_as("member")
    assert "A members-only answered question" in client.get("/").get_data(as_text=True)
    assert "A members-only answered question" in client.get("/topics/heart-failure").get_data(as_text=True)
