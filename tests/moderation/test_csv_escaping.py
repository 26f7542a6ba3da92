"""Issue 23 item 4: every CSV the app writes escapes cells that spreadsheets would run as formulas."""
import csv
import io

import pytest

from forum.extensions import db
from forum.models import Resource
from forum.models.base import utcnow
from forum.platform.csv_files import csv_cell, uncell
from forum.services.audit import record_audit
from forum.services import DomainError
from moderation.services.verification import create_clinician
from tests.factories import make_user, specialty, topic

FORMULAS = ["=HYPERLINK(\"http://evil.example\")", "-2+3+cmd|' /C calc'!A0", "+1+1", "@SUM(A1)",
            "\tTAB", "\rCR"]


@pytest.mark.parametrize("value", FORMULAS)
def test_every_formula_start_is_escaped_and_reads_back(value):
    assert csv_cell(value) == "'" + value
    assert uncell(csv_cell(value)) == value


def test_numbers_the_app_computed_stay_numbers():
    assert csv_cell(-2) == "-2" and csv_cell(-2.5) == "-2.5" and csv_cell(None) == ""
    assert csv_cell("plain text") == "plain text" and uncell("'quoted") == "'quoted"


def test_resource_export_escapes_titles_and_import_reads_them_back(app, tmp_path):
    resource = Resource(title=FORMULAS[0], url="https://example.org/f", normalized_url="https://example.org/f",
                        publisher="-2+3+cmd|' /C calc'!A0", summary="@SUM(A1)", status="vetted", vetted_at=utcnow())
    resource.topics = [topic()]
    db.session.add(resource)
    db.session.commit()
    out = tmp_path / "out.csv"
    assert app.test_cli_runner().invoke(args=["resources", "export", str(out)]).exit_code == 0
    row = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))[0]
    assert row["title"] == "'" + FORMULAS[0]
    assert row["publisher"] == "'-2+3+cmd|' /C calc'!A0" and row["summary"] == "'@SUM(A1)"
    make_user("staff", email="curator@example.test")
    db.session.delete(resource)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["resources", "import", str(out), "--as-staff", "curator@example.test"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Resource.title)) == FORMULAS[0]


def test_console_csv_escapes_minus_followed_by_a_digit(db, client, login_as):
    login_as("staff")
    specialty().name = "-2+3+cmd|' /C calc'!A0"
    db.session.commit()
    response = client.get("/moderation/console/oldest-waiting.csv")
    assert response.status_code == 200
    names = [row["specialty"] for row in csv.DictReader(io.StringIO(response.data.decode()))]
    assert "'-2+3+cmd|' /C calc'!A0" in names
    assert "-2+3+cmd|' /C calc'!A0" not in names


def test_audit_csv_escapes_every_text_cell(db, client, login_as):
    staff = login_as("staff")
    record_audit(staff, "note", "-2+3 kind", 1, reason="-2+3+cmd|' /C calc'!A0")
    db.session.commit()
    rows = list(csv.DictReader(io.StringIO(client.get("/moderation/audit.csv").data.decode())))
    assert any(row["reason"] == "'-2+3+cmd|' /C calc'!A0" and row["target_kind"] == "'-2+3 kind" for row in rows)


def test_staff_created_clinicians_follow_the_pseudonym_rule(db):
    staff = make_user("staff")
    for bad in ("=HYPERLINK(\"x\")", "-2+3", "@admin", "has space"):
        with pytest.raises(DomainError):
            create_clinician(staff, email="new@example.test", pseudonym=bad, full_name="Dr New",
                             credentials="MD", licence_number="L1", specialty_ids=[specialty().id])
    user, _ = create_clinician(staff, email="new@example.test", pseudonym="DrNew", full_name="Dr New",
                               credentials="MD", licence_number="L1", specialty_ids=[specialty().id])
    assert user.pseudonym == "DrNew"
