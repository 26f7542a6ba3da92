"""Answers: high-risk sign-off by a second clinician, edits with history, resources."""
from sqlalchemy import select

from forum.models import Answer, AnswerRevision, Question
from moderation.models import ReviewItem
from tests.factories import make_question, make_user, topic
from tests.moderation.test_queue import claim, current_version, make_resource, queued


def test_high_risk_answer_waits_for_a_second_clinician(db, client, login_as):
    topic("heart-failure").high_risk = True
    item = queued()
    author = login_as(make_user("clinician"))
    claim(client, item)
    response = client.post(f"/moderation/items/{item.id}/answer",
                           data={"version": current_version(db, item), "body": "Careful answer."})
    assert response.status_code == 302
    answer = db.session.scalar(select(Answer))
    assert answer.status == "pending_signoff"
    question = db.session.get(Question, item.question_id)
    assert question.status == "published" and question.answered_at is None
    signoff = db.session.scalar(select(ReviewItem).where(ReviewItem.kind == "signoff"))
    assert signoff.answer_id == answer.id

    claim(client, signoff)
    own = client.post(f"/moderation/items/{signoff.id}/signoff",
                      data={"signoff-version": current_version(db, signoff)})
    assert own.status_code == 400 and b"different clinician" in own.data
    client.post(f"/moderation/items/{signoff.id}/release", data={"release-version": 1})

    second = login_as(make_user("clinician"))
    claim(client, signoff)
    assert b"Careful answer." in client.get(f"/moderation/items/{signoff.id}").data
    response = client.post(f"/moderation/items/{signoff.id}/signoff",
                           data={"signoff-version": current_version(db, signoff)})
    assert response.status_code == 302
    db.session.expire_all()
    answer = db.session.get(Answer, answer.id)
    assert answer.status == "published" and answer.signed_off_by_id == second.id
    question = db.session.get(Question, item.question_id)
    assert question.status == "answered" and question.answered_at is not None
    assert author.id != second.id


def test_only_vetted_library_resources_can_be_attached(db, client, login_as):
    proposed = make_resource("Unvetted page", status="proposed")
    elsewhere = make_resource("Knee page", topics=("knee-replacement",))
    item = queued()
    login_as("clinician")
    claim(client, item)
    for resource in (proposed, elsewhere):
        response = client.post(f"/moderation/items/{item.id}/answer", data={
            "version": current_version(db, item), "body": "Answer.", "resources": [resource.id]})
        assert response.status_code == 400
    assert db.session.scalar(select(Answer)) is None
    empty = client.post(f"/moderation/items/{item.id}/answer", data={"version": current_version(db, item), "body": ""})
    assert empty.status_code == 400 and b"Write the answer" in empty.data


def test_answering_without_the_claim_is_refused(db, client, login_as):
    item = queued()
    login_as("clinician")
    response = client.post(f"/moderation/items/{item.id}/answer", data={"version": item.version, "body": "Hi."})
    assert response.status_code == 409
    assert db.session.scalar(select(Answer)) is None


def test_several_clinicians_answer_and_edits_keep_history(db, client, login_as):
    question = make_question(status="published")
    first = login_as(make_user("clinician"))
    assert client.post(f"/moderation/questions/{question.id}/answer", data={"body": "First view."}).status_code == 302
    login_as(make_user("clinician"))
    assert client.post(f"/moderation/questions/{question.id}/answer", data={"body": "Second view."}).status_code == 302
    answers = db.session.scalars(select(Answer).order_by(Answer.id)).all()
    assert len(answers) == 2
    # Only the author edits.
    assert client.get(f"/moderation/answers/{answers[0].id}/edit").status_code == 404
    login_as(first)
    response = client.post(f"/moderation/answers/{answers[0].id}/edit", data={"body": "First view, corrected."})
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Answer, answers[0].id)
    assert edited.updated_at is not None and "corrected" in edited.body_html
    assert [r.body_md for r in db.session.scalars(select(AnswerRevision))] == ["First view."]
    assert b"updated" in client.get(f"/questions/{question.id}").data
    assert client.get(f"/moderation/answers/{edited.id}/history").status_code == 403
    login_as("staff")
    history = client.get(f"/moderation/answers/{edited.id}/history")
    assert history.status_code == 200 and b"First view." in history.data


def test_staff_cannot_answer(db, client, login_as):
    question = make_question(status="published")
    login_as("staff")
    assert client.post(f"/moderation/questions/{question.id}/answer", data={"body": "x"}).status_code == 403
