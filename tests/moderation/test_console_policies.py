"""Policy acceptance report (counts per role and version, paginated list, CSV) and publishing."""
import csv
import io

from sqlalchemy import select

from forum.models import AuditEntry, PolicyVersion
from forum.services.policies import accept_current_policies, current_policy
from markupsafe import escape

from moderation.services.policy_admin import _line_diff, acceptance_counts, acceptance_page, publish_policy_version
from tests.factories import make_user


def test_counts_per_role_and_version(db):
    staff = make_user("staff")
    make_user("member"), make_user("member"), make_user("caregiver")
    make_user("member", accept_policies=False)
    v2 = publish_policy_version(staff, kind="community_guidelines", summary="Clearer rules.", body_md="New text.")
    late = make_user("member", accept_policies=False)
    accept_current_policies(late, ["community_guidelines"])
    rows = {(row["version"].kind, row["version"].version): row for row in acceptance_counts(staff)}
    assert rows[("community_guidelines", 2)]["member"] == 1 and rows[("community_guidelines", 2)]["total"] == 1
    v1 = rows[("community_guidelines", 1)]
    assert (v1["member"], v1["caregiver"], v1["staff"], v1["total"]) == (2, 1, 1, 4)
    assert rows[("staff_policy", 1)]["staff"] == 1
    assert v2.version == 2 and current_policy("community_guidelines") == v2


def test_acceptance_list_is_keyset_paginated(db):
    staff = make_user("staff")
    members = [make_user("member") for _ in range(3)]
    version = current_policy("community_guidelines")
    first, more = acceptance_page(staff, version_id=version.id, limit=2)
    assert more and [user for _, user, _ in first] == [staff, members[0]]
    last = first[-1][0]
    rest, more = acceptance_page(staff, version_id=version.id, after=(last.policy_version_id, last.user_id), limit=2)
    assert not more and [user for _, user, _ in rest] == members[1:]


def test_staff_pages_publish_and_export(db, client, login_as):
    staff = login_as(make_user("staff"))
    page = client.get("/moderation/policies")
    assert page.status_code == 200 and "Acceptances per document version and role" in page.get_data(as_text=True)
    response = client.post("/moderation/policies/new", data={"kind": "staff_policy", "summary": "",
                                                              "body": "Text"})
    assert response.status_code == 400
    preview = client.post("/moderation/policies/new", data={"kind": "staff_policy", "summary": "Adds 2FA.",
                                                             "body": "Use two-factor."})
    assert preview.status_code == 200 and "Publish version 2" in preview.get_data(as_text=True)
    assert current_policy("staff_policy").version == 1  # a preview publishes nothing
    response = client.post("/moderation/policies/publish", data={"kind": "staff_policy", "summary": "Adds 2FA.",
                                                                 "body": "Use two-factor.", "previewed": "2"})
    assert response.status_code == 302
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.kind == "staff_policy",
                                                            PolicyVersion.version == 2))
    assert version.published_by_id == staff.id
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == version.id,
                                                             AuditEntry.target_kind == "policy")) == "policy.publish"
    v1 = db.session.scalar(select(PolicyVersion).where(PolicyVersion.kind == "staff_policy",
                                                       PolicyVersion.version == 1))
    rows = list(csv.reader(io.StringIO(client.get(f"/moderation/policies.csv?document=staff_policy&version={v1.version}").get_data(as_text=True))))
    assert rows[0] == ["user_id", "pseudonym", "role", "document", "version", "accepted_at"]
    assert [row[1:5] for row in rows[1:]] == [[staff.pseudonym, "staff", "staff_policy", "1"]]
    assert client.get("/moderation/policies?document=staff_policy&version=abc").status_code == 400
    assert client.get("/moderation/policies?after=zz").status_code == 400


def test_a_new_version_starts_from_the_current_text(db, client, login_as):
    login_as(make_user("staff"))
    page = client.get("/moderation/policies/new?document=staff_policy").get_data(as_text=True)
    current = current_policy("staff_policy")
    assert escape(current.body_md) in page
    assert '<option selected value="staff_policy">' in page or 'value="staff_policy" selected' in page


def test_the_preview_shows_the_text_and_its_changes_and_publishing_needs_the_confirmation(db, client, login_as):
    login_as(make_user("staff"))
    current = current_policy("community_guidelines")
    edited = current.body_md + "\n\nBe kind to newcomers."
    data = {"kind": "community_guidelines", "summary": "A line on newcomers.", "body": edited}
    page = client.post("/moderation/policies/new", data=data).get_data(as_text=True)
    assert '<ins class="diff-line"><span class="visually-hidden">Added: </span>Be kind to newcomers.</ins>' in page
    assert "Version 2 as members will read it" in page and "<p>Be kind to newcomers.</p>" in page
    assert 'name="previewed" value="2"' in page
    assert current_policy("community_guidelines").version == 1


def test_an_unchanged_text_is_refused_before_publishing(db, client, login_as):
    login_as(make_user("staff"))
    current = current_policy("community_guidelines")
    page = client.post("/moderation/policies/new", data={"kind": "community_guidelines", "summary": "Nothing.",
                                                         "body": current.body_md})
    assert page.status_code == 400
    assert "The text is the same as version 1" in page.get_data(as_text=True)


def test_publishing_after_someone_else_published_is_refused(db, client, login_as):
    staff = login_as(make_user("staff"))
    publish_policy_version(make_user("staff"), kind="staff_policy", summary="Other.", body_md="Someone else's text.")
    db.session.commit()
    page = client.post("/moderation/policies/publish", data={"kind": "staff_policy", "summary": "Mine.",
                                                             "body": "My text.", "previewed": "2"})
    assert "Version 2 was published while you were reviewing yours" in page.get_data(as_text=True)
    assert current_policy("staff_policy").version == 2 and staff.id is not None


def test_line_diff_keeps_a_little_context_and_marks_gaps():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 3", "line three").replace("line 18", "line eighteen")
    diff = [(line.change, line.text) for line in _line_diff(old, new)]
    assert ("removed", "line 3") in diff and ("added", "line three") in diff
    assert ("added", "line eighteen") in diff and ("same", "line 10") not in diff
    assert [change for change, _ in diff].count("gap") == 2
