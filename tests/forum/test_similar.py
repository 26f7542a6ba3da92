""""Already answered?": similar answered questions before posting, and the deflection rate."""
from datetime import timedelta

from sqlalchemy import func, select

from forum.models import Answer, AskDeflection, Question
from forum.models.base import utcnow
from forum.rendering import render_markdown
from forum.services.deflection import deflection_rate
from tests.factories import make_question, make_user, topic


def _answered(db, title, body="Most people are walking within a day."):
    question = make_question(status="answered", title=title)
    clinician = make_user("clinician")
    db.session.add(Answer(question_id=question.id, clinician_id=clinician.id, body_md=body,
                          body_html=render_markdown(body), status="published"))
    db.session.flush()
    return question


def _form(**extra):
    return {"title": "How long is recovery after knee replacement?", "body": "I have my operation next month.",
            "primary_topic": str(topic("knee-replacement").id), "asking_for": "self", "identity": "pseudonym",
            "client_token": "token-1", **extra}


def test_similar_fragment_for_the_script(client, db):
    _answered(db, "Recovery after knee replacement surgery")
    make_question(status="published", title="Knee replacement waiting list")
    db.session.commit()
    html = client.get("/search/similar?title=recovery+knee+replacement").get_data(as_text=True)
    assert "Recovery after knee replacement surgery" in html and "Most people are walking" in html
    assert "waiting list" not in html
    assert client.get("/search/similar?title=").get_data(as_text=True).strip() == ""


def test_first_submit_shows_suggestions_then_posting_records_posted(client, db, login_as):
    _answered(db, "Recovery after knee replacement surgery")
    member = login_as(make_user())
    page = client.post("/questions/ask", data=_form())
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Recovery after knee replacement surgery" in html
    assert "None of these answer my question — post it" in html
    assert db.session.scalar(select(func.count(Question.id)).where(Question.author_id == member.id)) == 0
    deflection = db.session.scalar(select(AskDeflection))
    assert (deflection.user_id, deflection.shown_count, deflection.outcome) == (member.id, 1, "left")

    response = client.post("/questions/ask", data=_form(deflection=str(deflection.id)))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(AskDeflection.outcome)) == "posted"
    assert db.session.scalar(select(func.count(Question.id)).where(Question.author_id == member.id)) == 1


def test_no_similar_questions_posts_at_once(client, db, login_as):
    login_as(make_user())
    assert client.post("/questions/ask", data=_form()).status_code == 302
    assert db.session.scalar(select(func.count(AskDeflection.id))) == 0


def test_suggestions_shown_by_the_script_skip_the_step(client, db, login_as):
    _answered(db, "Recovery after knee replacement surgery")
    login_as(make_user())
    assert client.post("/questions/ask", data=_form(similar_seen="2")).status_code == 302
    assert db.session.scalar(select(AskDeflection.outcome)) == "posted"


def test_deflection_rate(db):
    member = make_user()
    now = utcnow()
    assert deflection_rate(now - timedelta(days=1)) == (None, 0)
    for outcome in ("left", "left", "left", "posted"):
        db.session.add(AskDeflection(user_id=member.id, shown_count=3, outcome=outcome))
    db.session.add(AskDeflection(user_id=member.id, shown_count=3, outcome="left",
                                 created_at=now - timedelta(days=10)))
    db.session.commit()
    assert deflection_rate(now - timedelta(days=1)) == (0.75, 4)
    assert deflection_rate(now - timedelta(days=30)) == (0.8, 5)
