"""flask resources check / import / export / seed, against a real local HTTP server."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry, Resource
from moderation.services.resource_bulk import load_seed_resources
from tests.factories import make_user
from tests.moderation.test_resources import make_resource

SLOW_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    def _respond(self, send_body: bool):
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path in ("/ok", "/slow") or (self.path == "/no-head" and self.command == "GET"):
            code, headers = 200, {}
        elif self.path == "/no-head":
            code, headers = 405, {}
        elif self.path == "/redirect":
            code, headers = 302, {"Location": "/ok"}
        else:
            code, headers = 404, {}
        body = b"hello" if send_body else b""
        try:
            self.send_response(code)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the checker gave up on a slow response and closed the socket

    def do_GET(self):
        self._respond(send_body=True)

    def do_HEAD(self):
        self._respond(send_body=False)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def link_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config():
    return {"ALLOW_HTTP_RESOURCES": True}


def test_link_check_marks_broken_links_and_records_redirects(app, db, link_server):
    ok = make_resource(title="Fine", url=f"{link_server}/ok")
    missing = make_resource(title="Gone", url=f"{link_server}/missing")
    moved = make_resource(title="Moved", url=f"{link_server}/redirect")
    slow = make_resource(title="Slow", url=f"{link_server}/slow")
    no_head = make_resource(title="No HEAD", url=f"{link_server}/no-head")
    proposed = make_resource(status="proposed", title="Unvetted", url=f"{link_server}/missing-too")
    missing.link_broken = False
    db.session.commit()

    started = time.monotonic()
    result = app.test_cli_runner().invoke(args=["resources", "check", "--workers", "4", "--timeout", "0.5"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert elapsed < SLOW_SECONDS, "the checker waited for the slow host"

    db.session.expire_all()
    fine, gone, moved_, slow_, no_head_, unvetted = (
        db.session.get(Resource, r.id) for r in (ok, missing, moved, slow, no_head, proposed))
    assert (fine.link_broken, fine.link_status, fine.link_error) == (False, 200, None)
    assert fine.link_checked_at is not None
    assert (gone.link_broken, gone.link_status, gone.link_error) == (True, 404, "HTTP 404")
    assert moved_.link_broken is False and moved_.link_final_url == f"{link_server}/ok"
    assert slow_.link_broken is True and slow_.link_error == "timed out"
    assert no_head_.link_broken is False and no_head_.link_status == 200
    assert unvetted.link_checked_at is None

    assert "ok" in result.output and "redirected" in result.output
    summary = {line.split()[0]: int(line.split()[1]) for line in result.output.splitlines()
               if line.split()[:1] in (["ok"], ["redirected"], ["broken"]) and len(line.split()) == 2}
    assert summary == {"ok": 2, "redirected": 1, "broken": 2}
    broken_section = result.output.split("Broken links:")[1]
    assert "/missing" in broken_section and "/slow" in broken_section and "/ok" not in broken_section
    assert "[5/5]" in result.stderr
    audited = db.session.scalars(select(AuditEntry.target_id).where(
        AuditEntry.action == "resource.link_broken")).all()
    assert sorted(audited) == sorted([missing.id, slow.id])


CSV_HEADER = "title,url,publisher,summary,audience,language,format,topics,status\n"
GOOD_ROWS = (
    "Heart failure guide,https://example.org/hf,NHS,All about it.,both,en,article,heart-failure;atrial-fibrillation,\n"
    "Knee video,https://example.org/knee,Versus Arthritis,A short film.,patients,en,video,knee-replacement,proposed\n"
)


def _import(app, tmp_path, text, *args):
    path = tmp_path / "resources.csv"
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["resources", "import", str(path), *args])


def _resource_count(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Resource.id)))


def test_import_dry_run_validates_without_writing(app, db, tmp_path):
    result = _import(app, tmp_path, CSV_HEADER + GOOD_ROWS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2 row(s) are valid" in result.output and _resource_count(db) == 0


def test_import_writes_all_rows_as_proposed(app, db, tmp_path):
    result = _import(app, tmp_path, CSV_HEADER + GOOD_ROWS)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    rows = db.session.scalars(select(Resource).order_by(Resource.id)).all()
    assert [(r.title, r.status) for r in rows] == [("Heart failure guide", "proposed"), ("Knee video", "proposed")]
    assert sorted(t.slug for t in rows[0].topics) == ["atrial-fibrillation", "heart-failure"]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "resource.import")) == 2


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_a_bad_row_means_nothing_is_imported(app, db, tmp_path, extra):
    existing = make_resource(title="Existing page", url="https://example.org/existing")
    db.session.commit()
    bad = (
        "No link,javascript:alert(1),NHS,Summary.,both,en,article,heart-failure,\n"
        "Odd topic,https://example.org/x,NHS,Summary.,everyone,en,article,not-a-topic,\n"
        "Dup,https://EXAMPLE.org/existing/,NHS,Summary.,both,en,article,heart-failure,\n"
        "Same as row 2,https://example.org/hf?utm_source=x,NHS,Summary.,both,en,article,heart-failure,\n"
        "Vetted without staff,https://example.org/v,NHS,Summary.,both,en,article,heart-failure,vetted\n"
    )
    result = _import(app, tmp_path, CSV_HEADER + GOOD_ROWS + bad, *extra)
    assert result.exit_code == 1
    errors = result.stderr
    assert "row 4, url: Links must start with https://" in errors
    assert "row 5, audience:" in errors and "row 5, topics: Unknown topic: not-a-topic" in errors
    assert "row 6, url: already in the library as “Existing page”" in errors
    assert "row 7, url: same link as row 2" in errors
    assert "row 8, status: vetted rows need --as-staff" in errors
    assert "nothing was imported" in errors
    assert _resource_count(db) == 1 and db.session.get(Resource, existing.id) is not None


def test_import_as_staff_records_the_vetter(app, db, tmp_path):
    staff = make_user("staff", email="curator@example.test")
    member = make_user("member", email="someone@example.test")
    db.session.commit()
    rows = CSV_HEADER + "Vetted guide,https://example.org/v,NHS,Summary.,both,en,pdf,heart-failure,vetted\n"
    refused = _import(app, tmp_path, rows, "--as-staff", "someone@example.test")
    assert refused.exit_code != 0 and "staff or an admin" in refused.output
    assert member.id and _resource_count(db) == 0
    result = _import(app, tmp_path, rows, "--as-staff", "Curator@example.test")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    resource = db.session.scalar(select(Resource))
    assert resource.status == "vetted" and resource.vetted_by_id == staff.id and resource.next_review_at


def test_export_round_trips_the_columns(app, db, tmp_path):
    make_resource(title="Heart, failure \"guide\"", url="https://example.org/hf",
                  topics=["heart-failure", "atrial-fibrillation"])
    db.session.commit()
    out = tmp_path / "out.csv"
    result = app.test_cli_runner().invoke(args=["resources", "export", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == CSV_HEADER.strip()
    assert '"Heart, failure ""guide"""' in text and "atrial-fibrillation;heart-failure" in text
    assert text.splitlines()[1].endswith(",vetted")


def test_seed_needs_staff_then_is_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["catalogue", "seed"]).exit_code == 0
    refused = runner.invoke(args=["resources", "seed"])
    assert refused.exit_code != 0 and "No staff or admin account" in refused.output
    make_user("staff")
    demo_staff = make_user("staff", email="staff@demo.rounds.invalid")
    db.session.commit()
    result = runner.invoke(args=["resources", "seed"])
    assert result.exit_code == 0, result.output
    expected = len(load_seed_resources())
    assert f"{expected} created, 0 already present, 0 skipped" in result.output
    db.session.expire_all()
    vetters = set(db.session.scalars(select(Resource.vetted_by_id)))
    statuses = set(db.session.scalars(select(Resource.status)))
    assert vetters == {demo_staff.id} and statuses == {"vetted"}
    again = runner.invoke(args=["resources", "seed"])
    assert f"0 created, {expected} already present" in again.output
    assert _resource_count(db) == expected
