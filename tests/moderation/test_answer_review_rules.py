"""Issue 23 item 3: who may retire or re-confirm an answer. The author at any time; staff may
retire at any time; another clinician only of the question's specialty and only once it is due."""
from datetime import timedelta

import pytest

from forum.models import Answer
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from moderation.services.answers import answer_question
from moderation.services.review_cycle import reconfirm_answer, retire_answer
from tests.factories import make_question, make_user


def _answer(db, *, due: bool) -> Answer:
    author = make_user("clinician", specialties=("cardiology",))
    answer = answer_question(author, make_question(status="published", topics=("heart-failure",)),
                             body="Rest and drink water.")
    answer.review_due_at = utcnow() + (timedelta(days=-1) if due else timedelta(days=700))
    db.session.commit()
    return answer


def test_a_clinician_cannot_retire_or_reconfirm_an_answer_not_yet_due(db, client, login_as):
    answer = _answer(db, due=False)
    login_as(make_user("clinician", specialties=("cardiology",)))
    assert client.post(f"/moderation/answers/{answer.id}/retire", data={"reason": "I disagree"}).status_code == 403
    assert client.post(f"/moderation/answers/{answer.id}/reconfirm").status_code == 403
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).status == "published"


def test_a_clinician_of_another_specialty_cannot_even_when_due(db):
    answer = _answer(db, due=True)
    orthopaedist = make_user("clinician", specialties=("orthopaedics",))
    with pytest.raises(PermissionDenied):
        retire_answer(orthopaedist, answer, reason="Not my field")
    with pytest.raises(PermissionDenied):
        reconfirm_answer(orthopaedist, answer)


def test_the_specialty_may_act_once_due_and_the_author_and_staff_at_any_time(db):
    due = _answer(db, due=True)
    reconfirm_answer(make_user("clinician", specialties=("cardiology",)), due)
    not_due = _answer(db, due=False)
    author = not_due.clinician
    reconfirm_answer(author, not_due)
    retire_answer(make_user("staff"), not_due, reason="Withdrawn guidance")
    assert not_due.status == "retired"
    with pytest.raises(PermissionDenied):
        reconfirm_answer(make_user("staff"), _answer(db, due=True))


def test_the_lane_shows_buttons_only_to_those_who_may_press_them(db, client, login_as):
    answer = _answer(db, due=True)
    login_as(make_user("clinician", specialties=("orthopaedics",)))
    page = client.get("/moderation/review-due").get_data(as_text=True)
    assert answer.question.title in page
    assert f"/moderation/answers/{answer.id}/retire" not in page
    assert f"/moderation/answers/{answer.id}/reconfirm" not in page
