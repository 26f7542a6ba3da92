"""Issue 23 item 14: a withdrawn question is readable by staff only (each view audited), and the
author is told exactly that."""
from sqlalchemy import select

from forum.models import AuditEntry
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user


def test_withdrawn_questions_are_staff_only_and_the_wording_says_so(db, client, login_as):
    author = make_user("member")
    question = make_question(author, status="pending")
    item = queue_question(question)
    db.session.commit()
    login_as(author)
    response = client.post(f"/questions/{question.id}/withdraw", follow_redirects=True)
    assert b"Only the community staff can still open it" in response.data
    assert b"Nobody else will see it" not in response.data
    login_as("clinician")
    assert client.get(f"/questions/{question.id}").status_code == 404
    assert client.get(f"/moderation/items/{item.id}").status_code == 404
    staff = login_as("staff")
    page = client.get(f"/questions/{question.id}")
    assert page.status_code == 200
    page.close()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "access.view",
                                                       AuditEntry.target_id == question.id))
    assert entry is not None and entry.actor_id == staff.id and entry.from_status == "withdrawn"
