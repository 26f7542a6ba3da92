"""Forms cannot set fields the form does not offer: status, role, author, visibility, flags."""
from sqlalchemy import func, select

from forum.models import Flag, Question, Reply, User
from tests.factories import make_question, make_reply, make_user, topic

EXTRA = {"status": "published", "role": "admin", "visibility": "members", "phi_flagged": "0",
         "crisis_level": "none", "locked": "1", "anonymous": "1", "reply_count": "99",
         "approved_post_count": "99", "email_verified_at": "2020-01-01", "by_clinician": "1",
         "published_at": "2020-01-01", "id": "4242"}


def test_registration_ignores_extra_fields_and_cannot_choose_a_staff_role(client, db):
    data = {"email": "new@example.test", "pseudonym": "NewPerson", "password": "a long enough password!",
            "role": "member", "accept_guidelines": "y", **{k: v for k, v in EXTRA.items() if k != "role"},
            "session_token": "chosen", "totp_secret": "JBSWY3DPEHPK3PXP"}
    assert client.post("/auth/register", data=data).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@example.test"))
    assert user.role == "member" and user.status == "active" and user.approved_post_count == 0
    assert user.email_verified_at is None and user.totp_secret is None and user.session_token != "chosen"
    assert user.id != 4242

    with client.session_transaction() as session:
        session.clear()
    response = client.post("/auth/register", data={**data, "email": "boss@example.test",
                                                    "pseudonym": "TheBoss", "role": "admin"})
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "boss@example.test")) is None


def test_ask_ignores_status_author_and_flags(client, db, login_as):
    member = login_as("member")
    other = make_user()
    db.session.commit()
    data = {"title": "What should I expect after a knee replacement?", "body": "Booked in next month.",
            "primary_topic": str(topic().id), "asking_for": "self", "identity": "pseudonym",
            "client_token": "mass-1", "author_id": str(other.id), **EXTRA, "crisis_level": "emergency"}
    assert client.post("/questions/ask", data=data).status_code == 302
    question = db.session.scalar(select(Question))
    assert question.author_id == member.id and question.status == "pending"
    # visibility is a real ask-form field (members-only questions), so "members" is honoured.
    assert question.visibility == "members" and not question.locked and not question.anonymous
    assert question.crisis_level == "none" and not question.phi_flagged and question.reply_count == 0
    assert question.published_at is None
    assert db.session.get(User, member.id).role == "member"


def test_edit_ignores_status_author_and_flags(client, db, login_as):
    member = login_as("member")
    other = make_user()
    question = make_question(member, status="returned")
    db.session.commit()
    data = {"title": "An edited title for my question", "body": "More details now, after the scan.",
            "primary_topic": str(topic().id), "asking_for": "self", "identity": "pseudonym",
            "author_id": str(other.id), **EXTRA}
    assert client.post(f"/questions/{question.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    edited = db.session.get(Question, question.id)
    assert edited.title == "An edited title for my question"
    assert edited.author_id == member.id and edited.status == "pending" and edited.visibility == "members"
    assert not edited.locked and edited.published_at is None


def test_reply_ignores_status_author_and_flags(client, db, login_as):
    question = make_question(status="published")
    other = make_user()
    member = login_as("member")  # a new member: the reply must wait for approval
    data = {"body": "Same for me, it got better.", "client_token": "mass-r", "author_id": str(other.id),
            "question_id": "999", **EXTRA}
    assert client.post(f"/questions/{question.id}/reply", data=data).status_code == 302
    reply = db.session.scalar(select(Reply))
    assert reply.author_id == member.id and reply.status == "pending" and reply.question_id == question.id
    assert not reply.by_clinician and reply.crisis_level == "none"
    db.session.expire_all()
    assert db.session.get(Question, question.id).reply_count == 0


def test_flag_ignores_user_and_target(client, db, login_as):
    question = make_question(status="published")
    other_question = make_question(status="published")
    reply = make_reply(question)
    other = make_user()
    member = login_as("member")
    data = {"reason": "spam", "note": "", "user_id": str(other.id), "question_id": str(other_question.id),
            "reply_id": "", "target": f"question:{other_question.id}", "resolution": "dismissed", **EXTRA}
    assert client.post(f"/replies/{reply.id}/flag", data=data).status_code == 302
    flag = db.session.scalar(select(Flag))
    assert (flag.user_id, flag.question_id, flag.reply_id) == (member.id, question.id, reply.id)
    assert flag.target == f"reply:{reply.id}" and flag.resolution is None
    assert db.session.scalar(select(func.count(Flag.id))) == 1
