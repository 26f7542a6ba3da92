"""Privacy: downloading your data, deleting your account, hashed IPs, access auditing."""
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from forum.models import (Answer, AuditEntry, Flag, IpEvent, Notification, OutboxEmail, Question, Reply, Topic,
                          User)
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from forum.services import DomainError
from forum.services.audit import verify_audit_chain
from forum.services.notifications import notify
from forum.services.privacy import delete_account, export_user_data
from forum.services.questions import ask_question
from forum.services.tokens import EMAIL_VERIFICATION, make_token
from moderation.models import ReviewItem
from tests.factories import PASSWORD, make_answer, make_question, make_reply, make_user, topic

EMAIL = "zebra.marker.person@example.test"


def dump_database_text(db) -> str:
    """Every value in every table as text: SQLite's iterdump, or on PostgreSQL every column of
    every (reflected, so migration-only tables count too) table cast to text."""
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        raw = db.engine.raw_connection()
        try:
            return "\n".join(raw.driver_connection.iterdump())
        finally:
            raw.close()
    metadata = sa.MetaData()
    lines = []
    with db.engine.connect() as connection:
        metadata.reflect(bind=connection)
        for table in metadata.sorted_tables:
            columns = [sa.cast(column, sa.Text) for column in table.columns]
            for row in connection.execute(sa.select(*columns)):
                lines.append(" ".join(str(value) for value in row if value is not None))
    return "\n".join(lines)


def member_with_posts(db):
    """A member with a pending question, an answered question, a reply on someone else's
    question, a flag, a notification and a queued email, each carrying marker text."""
    member = make_user("member", email=EMAIL, pseudonym="MarkerMember", approved_posts=5)
    clinician = make_user("clinician")
    pending = ask_question(member, title="Title QMARKER-pending", body="Body QMARKER-pending-body",
                           topic_ids=[topic().id])
    answered = make_question(member, status="answered", title="Title QMARKER-answered",
                             body="Body QMARKER-answered-body")
    make_answer(answered, clinician, body="Answer AMARKER-kept")
    published = make_question(member, status="published", title="Title QMARKER-published",
                              body="Body QMARKER-published-body")
    make_answer(published, clinician, body="Answer AMARKER-on-deleted")  # a draft-less answer
    other_question = make_question(make_user("member"), status="published", title="Someone else's question")
    reply = make_reply(other_question, member, body="Reply RMARKER-reply-body")
    db.session.add(Flag(user_id=member.id, target=f"question:{other_question.id}",
                        question_id=other_question.id, reason="spam", note="Note FMARKER-flag-note"))
    notify(member.id, "reply", "Someone replied to your question.", question_id=published.id)
    db.session.add(OutboxEmail(user_id=member.id, recipient=EMAIL, subject="Hello", body_text="Mail body"))
    db.session.commit()
    return member, {"pending": pending.id, "answered": answered.id, "published": published.id,
                    "other": other_question.id, "reply": reply.id}


# -- the data page and download -------------------------------------------------------

def test_data_page_explains_and_offers_download_and_deletion(client, login_as):
    login_as(make_user("member"))
    page = client.get("/account/privacy/")
    assert page.status_code == 200
    assert b"Your data" in page.data and b"Download my data (JSON)" in page.data
    assert b'action="/account/privacy/download"' in page.data and b"/account/privacy/delete" in page.data
    assert b"30 days" in page.data  # the retention period, from configuration


def test_download_returns_only_my_data_as_an_attachment(client, db, login_as):
    member, posts = member_with_posts(db)
    login_as(member)
    response = client.post("/account/privacy/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="rounds-my-data-')
    assert "no-store" in response.headers["Cache-Control"]
    export = json.loads(response.data)
    assert export["account"]["email"] == EMAIL and export["account"]["pseudonym"] == "MarkerMember"
    assert export["account"]["role"] == "member" and export["account"]["created_at"]
    titles = {q["title"]: q["status"] for q in export["questions"]}
    assert titles == {"Title QMARKER-pending": "pending", "Title QMARKER-answered": "answered",
                      "Title QMARKER-published": "published"}
    assert [r["body_markdown"] for r in export["replies"]] == ["Reply RMARKER-reply-body"]
    assert [f["note"] for f in export["flags"]] == ["Note FMARKER-flag-note"]
    assert len(export["notifications"]) == 1
    assert [a["policy"] for a in export["policy_acceptances"]] == ["community_guidelines"]
    assert export["answers"] == []
    assert "Someone else's question" not in response.get_data(as_text=True)


def test_a_clinicians_download_includes_their_answers_and_profile(client, db, login_as):
    clinician = make_user("clinician")
    make_answer(make_question(status="answered"), clinician, body="My AMARKER answer")
    login_as(clinician)
    export = json.loads(client.post("/account/privacy/download").data)
    assert [a["body_markdown"] for a in export["answers"]] == ["My AMARKER answer"]
    assert export["account"]["clinician_profile"]["specialties"] == ["Cardiology"]


def test_download_needs_login_and_a_post(client):
    assert client.get("/account/privacy/download").status_code == 405
    response = client.post("/account/privacy/download")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_nobody_can_export_or_delete_someone_elses_account(db):
    member, staff = make_user("member"), make_user("admin")
    with pytest.raises(PermissionDenied):
        export_user_data(staff, member)
    with pytest.raises(PermissionDenied):
        delete_account(staff, member, password=PASSWORD, mode="keep")


def test_export_runs_a_constant_number_of_queries(db, count_queries):
    member = make_user("member", approved_posts=5)
    make_question(member)
    db.session.commit()
    with count_queries() as few:
        export_user_data(member, member)
    for _ in range(4):
        make_reply(make_question(member, status="published"), member)
    db.session.commit()
    db.session.expire_all()
    member = db.session.get(User, member.id)
    with count_queries() as many:
        export_user_data(member, member)
    assert len(many) <= len(few) + 1  # +1: the user row reloaded after expire_all


# -- deleting the account -------------------------------------------------------------

def test_delete_page_requires_password_and_explains_answered_questions(client, db, login_as):
    member, posts = member_with_posts(db)
    login_as(member)
    page = client.get("/account/privacy/delete")
    assert page.status_code == 200
    assert b"Your current password" in page.data and b"already answered publicly are kept" in page.data
    response = client.post("/account/privacy/delete", data={"posts": "delete", "password": "wrong password",
                                                            "confirm": "y"})
    assert response.status_code == 400
    assert b"Your password is not correct." in response.data and b'role="alert"' in response.data
    db.session.expire_all()
    assert db.session.get(User, member.id).email == EMAIL
    assert db.session.get(Question, posts["pending"]) is not None
    response = client.post("/account/privacy/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 400 and b"Choose what happens to your posts." in response.data


def test_delete_keeping_posts_erases_the_account_and_keeps_posts_as_a_former_member(client, db, login_as):
    member, posts = member_with_posts(db)
    old_token = member.session_token
    login_as(member)
    audit_before = db.session.scalar(select(func.count(AuditEntry.id)))
    response = client.post("/account/privacy/delete", data={"posts": "keep", "password": PASSWORD,
                                                            "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert user.email is None and user.status == "deleted"
    assert user.pseudonym == user.pseudonym_key == f"former-member-{member.id}"
    assert user.session_token != old_token and not user.check_password(PASSWORD)
    for key in ("pending", "answered", "published"):
        assert db.session.get(Question, posts[key]).author_id == member.id
    assert db.session.get(Reply, posts["reply"]) is not None
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == member.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.id > 0).order_by(AuditEntry.id)).all()
    assert len(entries) == audit_before + 1
    assert (entries[-1].action, entries[-1].target_id, entries[-1].reason) == (
        "account.delete", member.id, "posts kept")
    assert verify_audit_chain().ok
    # Signed out, and the old session cannot come back.
    assert client.get("/account/privacy/").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = old_token
    assert client.get("/account/privacy/").status_code == 302
    page = client.get(f"/questions/{posts['answered']}")
    assert b"MarkerMember" not in page.data


def test_delete_removing_posts_keeps_answered_questions_and_drops_their_review_items(client, db, login_as):
    member, posts = member_with_posts(db)
    assert db.session.scalar(select(func.count()).select_from(ReviewItem)
                             .where(ReviewItem.question_id == posts["pending"])) == 1
    other_replies = db.session.get(Question, posts["other"]).reply_count
    login_as(member)
    response = client.post("/account/privacy/delete", data={"posts": "delete", "password": PASSWORD,
                                                            "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, posts["pending"]) is None
    assert db.session.get(Question, posts["published"]) is None
    assert db.session.get(Question, posts["answered"]).author_id == member.id
    assert db.session.get(Reply, posts["reply"]) is None
    assert db.session.get(Question, posts["other"]).reply_count == other_replies - 1
    answers = db.session.scalars(select(Answer.body_md)).all()
    assert answers == ["Answer AMARKER-kept"]
    assert db.session.scalar(select(func.count()).select_from(ReviewItem)
                             .where(ReviewItem.question_id == posts["pending"])) == 0
    assert db.session.scalar(select(Flag.note).where(Flag.user_id == member.id)) == ""
    assert verify_audit_chain().ok


def test_answered_questions_go_too_when_configured(app, client, db, login_as):
    app.config["DELETION_KEEPS_ANSWERED_QUESTIONS"] = False
    member, posts = member_with_posts(db)
    heart_failure = topic()
    answered_before = heart_failure.answered_count
    login_as(member)
    page = client.get("/account/privacy/delete")
    assert b"already answered publicly are kept" not in page.data
    client.post("/account/privacy/delete", data={"posts": "delete", "password": PASSWORD, "confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Question, posts["answered"]) is None
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.get(Topic, heart_failure.id).answered_count == answered_before - 1


def test_no_trace_of_email_or_deleted_text_in_the_database(client, db, login_as):
    member, posts = member_with_posts(db)
    before = dump_database_text(db)
    assert EMAIL in before and "QMARKER-pending-body" in before and "RMARKER" in before  # the dump works
    login_as(member)
    client.post("/account/privacy/delete", data={"posts": "delete", "password": PASSWORD, "confirm": "y"})
    after = dump_database_text(db)
    for marker in (EMAIL, "MarkerMember", "QMARKER-pending", "QMARKER-published", "RMARKER", "FMARKER",
                   "AMARKER-on-deleted"):
        assert marker not in after, marker
    assert "QMARKER-answered" in after  # kept, anonymised, as configured


def test_the_only_admin_cannot_delete_their_account(db):
    admin = make_user("admin")
    with pytest.raises(DomainError, match="only administrator"):
        delete_account(admin, admin, password=PASSWORD, mode="keep")
    make_user("admin")
    delete_account(admin, admin, password=PASSWORD, mode="keep")
    assert admin.status == "deleted"


def test_a_clinicians_profile_is_erased(db):
    clinician = make_user("clinician")
    delete_account(clinician, clinician, password=PASSWORD, mode="keep")
    profile = clinician.clinician_profile
    assert (profile.full_name, profile.licence_number, profile.specialties) == ("Former member", "", [])
    assert not clinician.is_verified_clinician


# -- hashed IP addresses --------------------------------------------------------------

RAW_IP = "203.0.113.7"


def test_login_stores_only_a_hash_of_the_address(client, db):
    member = make_user("member", email="ip.person@example.test")
    db.session.commit()
    response = client.post("/auth/login", data={"email": "ip.person@example.test", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": RAW_IP})
    assert response.status_code == 302
    events = db.session.scalars(select(IpEvent)).all()
    assert [(e.action, e.user_id) for e in events] == [("login", member.id)]
    assert len(events[0].ip_hash) == 64 and RAW_IP not in events[0].ip_hash
    assert RAW_IP not in dump_database_text(db)


def test_registration_and_posting_are_recorded_with_the_same_hash(client, db):
    client.post("/auth/register", environ_base={"REMOTE_ADDR": RAW_IP},
                data={"email": "new.person@example.test", "pseudonym": "NewPerson",
                      "password": "lilac-harbour-91", "role": "member", "accept_guidelines": "y"})
    user = db.session.scalar(select(User).where(User.pseudonym_key == "newperson"))
    # The emailed link confirms the address and logs the new member in (a "login" event).
    client.post(f"/auth/verify/{make_token(user, EMAIL_VERIFICATION)}", environ_base={"REMOTE_ADDR": RAW_IP})
    client.post("/questions/ask", environ_base={"REMOTE_ADDR": RAW_IP},
                data={"title": "A question about my knee", "body": "Some details about the knee here.",
                      "primary_topic": str(topic("knee-replacement").id), "asking_for": "self",
                      "identity": "pseudonym"})
    events = db.session.scalars(select(IpEvent).order_by(IpEvent.id)).all()
    assert [e.action for e in events] == ["register", "login", "question"]
    assert {e.user_id for e in events} == {user.id} and len({e.ip_hash for e in events}) == 1
    assert RAW_IP not in dump_database_text(db)


def test_no_event_outside_a_request(db):
    ask_question(make_user("member"), title="Asked from a shell", body="Details.", topic_ids=[topic().id])
    assert db.session.scalar(select(func.count(IpEvent.id))) == 0


def test_purge_deletes_rows_older_than_the_retention_period(app, db):
    now = utcnow()
    db.session.add_all([IpEvent(ip_hash="a" * 64, action="login", created_at=now - timedelta(days=31)),
                        IpEvent(ip_hash="b" * 64, action="login", created_at=now - timedelta(days=29))])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "Purged 1 IP event(s)." in result.output
    db.session.expire_all()
    assert db.session.scalars(select(IpEvent.ip_hash)).all() == ["b" * 64]
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "privacy.purge"
    result = app.test_cli_runner().invoke(args=["privacy", "purge", "--days", "-1"])
    assert result.exit_code != 0 and "cannot be negative" in result.output


def test_account_deletion_unlinks_ip_events(db):
    member = make_user("member")
    db.session.add(IpEvent(ip_hash="c" * 64, user_id=member.id, action="login", created_at=utcnow()))
    delete_account(member, member, password=PASSWORD, mode="keep")
    assert db.session.scalar(select(IpEvent.user_id)) is None


# -- moderators opening content that is not public ------------------------------------

def _access_entries(db, question_id):
    return db.session.scalars(select(AuditEntry.actor_id).where(
        AuditEntry.action == "access.view", AuditEntry.target_id == question_id)).all()


def test_a_moderator_opening_a_pending_question_is_audited(client, db, login_as):
    author = make_user("member")
    pending = make_question(author, status="pending")
    public = make_question(author, status="published")
    staff = login_as("staff")
    for question in (pending, public):
        page = client.get(f"/questions/{question.id}")
        assert page.status_code == 200
        page.close()  # the view is recorded once the response is finished
    assert _access_entries(db, pending.id) == [staff.id]
    assert _access_entries(db, public.id) == []
    login_as(author)
    client.get(f"/questions/{pending.id}").close()
    assert _access_entries(db, pending.id) == [staff.id]
