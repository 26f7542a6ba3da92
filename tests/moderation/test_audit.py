"""The audit trail: `flask audit verify`, tamper detection, the staff page and CSV."""
import csv
import io

import sqlalchemy as sa
from sqlalchemy import select

from forum.models import AuditEntry
from forum.services.audit import record_audit
from tests.factories import make_question, make_resource, make_user


def _entries(db, actor, count=3):
    for n in range(count):
        record_audit(actor, "question.publish" if n % 2 else "question.reject", "question", n + 1,
                     from_status="pending", to_status="published", reason=f"reason {n}")
    db.session.commit()


def test_audit_verify_reports_ok(app, db):
    _entries(db, make_user("staff"))
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert f"Audit chain OK: {total} entries checked." in result.output


def test_a_tampered_row_is_detected(app, db):
    _entries(db, make_user("staff"))
    target = db.session.scalars(select(AuditEntry.id).where(AuditEntry.action == "question.publish")).first()
    db.session.commit()  # hold no lock on the table while the trigger is switched off
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as connection:
        if postgres:
            connection.execute(sa.text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_entries_no_update"))
        connection.execute(sa.text("UPDATE audit_entries SET reason = 'nothing to see' WHERE id = :id"),
                           {"id": target})
        if postgres:
            connection.execute(sa.text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change"))
    db.session.expire_all()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at entry {target}" in result.output


def test_audit_rows_cannot_be_updated_normally(db):
    _entries(db, make_user("staff"), count=1)
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE audit_entries SET reason = 'x'"))
    except sa.exc.DatabaseError:
        pass
    else:
        raise AssertionError("the append-only trigger let an UPDATE through")


def test_staff_page_filters_and_paginates(app, db, client, login_as):
    app.config["PAGE_SIZE"] = 2
    staff = make_user("staff", pseudonym="AuditorAnn")
    _entries(db, staff, count=6)
    login_as(staff)
    page = client.get("/moderation/audit?action=question.publish")
    assert page.status_code == 200
    assert page.data.count(b"<td>question.publish</td>") == 2 and b"question.reject" not in page.data
    assert b"Older entries" in page.data
    by_actor = client.get("/moderation/audit?actor=auditorann&action=question.").data
    assert by_actor.count(b"AuditorAnn") >= 2
    assert b"No entries match" in client.get("/moderation/audit?actor=nobody").data
    assert b"No entries match" in client.get("/moderation/audit?date_to=2000-01-01").data
    assert client.get("/moderation/audit?date_from=not-a-date").status_code == 400
    assert client.get("/moderation/audit?before=x").status_code == 400


def test_csv_export(db, client, login_as):
    staff = make_user("staff")
    _entries(db, staff, count=3)
    record_audit(staff, "note", "question", 9, reason="=HYPERLINK(\"http://evil\")")
    db.session.commit()
    login_as(staff)
    response = client.get("/moderation/audit.csv?target_kind=question")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    assert len(rows) == 4 and {row["target_kind"] for row in rows} == {"question"}
    assert rows[0]["reason"].startswith("'=")


def test_clinicians_cannot_see_the_audit_trail(client, login_as):
    login_as("clinician")
    assert client.get("/moderation/audit").status_code == 403
    assert client.get("/moderation/audit.csv").status_code == 403


def test_audit_targets_are_links_with_titles(db, client, login_as):
    staff = make_user("staff", pseudonym="AuditorAnn")
    member = make_user("member", pseudonym="PatientPat")
    question = make_question(member, title="Can I travel after a heart attack?")
    resource = make_resource(title="Heart attack recovery guide")
    record_audit(staff, "question.publish", "question", question.id)
    record_audit(staff, "user.role", "user", member.id)
    record_audit(staff, "resource.vet", "resource", resource.id)
    record_audit(staff, "question.reject", "question", 999_999)  # gone: named by kind and id
    record_audit(None, "privacy.purge", "ip_event", None)
    db.session.commit()
    login_as(staff)
    page = client.get("/moderation/audit").get_data(as_text=True)
    assert f'<a href="/questions/{question.id}">Can I travel after a heart attack?</a>' in page
    assert f'<a href="/moderation/people/{member.id}">PatientPat</a>' in page
    assert f'<a href="/moderation/resources/{resource.id}">Heart attack recovery guide</a>' in page
    assert "<td>question 999999</td>" in page and "<td>ip_event</td>" in page


def test_the_audit_page_names_targets_in_a_constant_number_of_queries(db, client, login_as, count_queries):
    staff = make_user("staff")
    login_as(staff)

    def add_entries():
        for _ in range(3):
            question = make_question(title="A question about statins and grapefruit")
            record_audit(staff, "question.publish", "question", question.id)
            record_audit(staff, "user.role", "user", make_user("member").id)
            record_audit(staff, "resource.vet", "resource", make_resource().id)
        db.session.commit()

    add_entries()
    with count_queries() as few:
        client.get("/moderation/audit")
    add_entries()
    with count_queries() as many:
        client.get("/moderation/audit")
    assert len(many) == len(few)
