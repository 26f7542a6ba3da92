"""The content review cycle (answers and resources come due and return to the "Review
due" lane) and the clinician's answering aid (readability, templates)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.models import Answer, AuditEntry, Question
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from moderation.services.answers import answer_question
from moderation.services.resources import vet_resource, VETTING_CRITERIA
from moderation.services.review_cycle import (add_months, answers_due, reconfirm_answer, resources_due,
                                              retire_answer)
from tests.factories import make_question, make_user
from tests.moderation.test_queue import claim, make_resource, queued


def _published_answer(clinician=None) -> Answer:
    clinician = clinician or make_user("clinician")
    return answer_question(clinician, make_question(status="published"), body="Rest and drink water.")


def test_add_months():
    moment = utcnow().replace(year=2026, month=1, day=31)
    assert (add_months(moment, 1).month, add_months(moment, 1).day) == (2, 28)
    assert add_months(moment, 24).year == 2028 and add_months(moment, 13).month == 2


def test_publishing_sets_the_review_dates(app, db):
    answer = _published_answer()
    assert answer.reviewed_at is not None
    assert answer.review_due_at == add_months(answer.reviewed_at, 24)
    staff, proposer = make_user("staff"), make_user("staff")
    resource = make_resource("Heart leaflet", status="proposed")
    resource.proposed_by_id = proposer.id
    app.config["RESOURCE_REVIEW_MONTHS"] = 6
    vet_resource(staff, resource, list(VETTING_CRITERIA))
    assert resource.next_review_at == add_months(resource.vetted_at, 6)


def test_due_answers_return_to_the_lane_and_are_reconfirmed_or_retired(db):
    author, other = make_user("clinician"), make_user("clinician")
    due, also_due, fresh = _published_answer(author), _published_answer(author), _published_answer(author)
    due.review_due_at = utcnow() - timedelta(days=10)
    also_due.review_due_at = utcnow() - timedelta(days=1)
    stale_resource = make_resource("Old leaflet")
    stale_resource.next_review_at = utcnow() - timedelta(days=3)
    make_resource("New leaflet").next_review_at = utcnow() + timedelta(days=30)
    db.session.flush()
    assert answers_due(other, now=utcnow())[0] == [due, also_due]  # longest overdue first
    assert answers_due(other, now=utcnow(), limit=1) == ([due], True)
    assert resources_due(other, now=utcnow())[0] == [stale_resource]

    reconfirm_answer(other, due)  # a verified clinician of the specialty may re-confirm a due answer
    assert due.review_due_at == add_months(due.reviewed_at, 24) and due.review_due_at > utcnow()
    with pytest.raises(PermissionDenied):
        reconfirm_answer(make_user("staff"), also_due)

    question = also_due.question
    assert question.status == "answered"
    retire_answer(other, also_due, reason="Guidance changed in 2026.")
    assert also_due.status == "retired" and question.status == "published"
    assert answers_due(other, now=utcnow())[0] == []
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
        ["answer.reconfirm", "answer.retire"])).order_by(AuditEntry.id)).all()
    assert actions == ["answer.reconfirm", "answer.retire"]
    assert fresh.status == "published"


def test_review_lane_pages(db, client, login_as):
    answer = _published_answer()
    answer.review_due_at = utcnow() - timedelta(days=2)
    login_as(make_user("clinician"))
    page = client.get("/moderation/review-due")
    assert page.status_code == 200 and answer.question.title in page.get_data(as_text=True)
    assert client.post(f"/moderation/answers/{answer.id}/reconfirm").status_code == 302
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).review_due_at > utcnow()
    db.session.get(Answer, answer.id).review_due_at = utcnow() - timedelta(days=1)  # due again
    db.session.commit()
    response = client.post(f"/moderation/answers/{answer.id}/retire", data={"reason": ""})
    assert response.status_code == 400
    assert client.post(f"/moderation/answers/{answer.id}/retire", data={"reason": "Outdated"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).status == "retired"
    assert db.session.get(Question, answer.question_id).status == "published"


def test_question_page_shows_when_an_answer_was_reviewed(db, client):
    answer = _published_answer()
    db.session.commit()
    html = client.get(f"/questions/{answer.question_id}").get_data(as_text=True)
    assert f"reviewed {answer.reviewed_at.strftime('%B %-d, %Y')}" in html


def test_answering_aid_checks_readability_without_saving(db, client, login_as):
    login_as(make_user("clinician"))
    item = queued()
    db.session.commit()
    claim(client, item)
    page = client.get(f"/moderation/items/{item.id}/answer?template=medication")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Do not stop or change it" in html and "not medical advice for you" in html
    assert 'src="/static/js/readability.js"' in html
    hard = ("Pharmacological intervention with angiotensin-converting enzyme inhibitors demonstrates "
            "considerable cardiovascular mortality reduction.")
    page = client.post(f"/moderation/items/{item.id}/answer/check", data={"body": hard, "version": item.version})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "harder than grade 8" in html and hard in html
    assert db.session.scalar(select(Answer.id)) is None  # nothing saved
    result = client.post("/moderation/readability", data={"body": "Rest well. Drink water. Call us."}).get_json()
    assert result["words"] == 6 and result["grade"] <= 8 and result["plain"] is True
    assert client.post("/moderation/readability", data={"body": ""}).get_json()["grade"] is None
