"""Clinician verification: staff create or promote, verify, revoke; all audited."""
import re

from sqlalchemy import select

from forum.models import AuditEntry, User
from tests.factories import make_user, specialty


def test_staff_create_verify_and_revoke_a_clinician(db, client, login_as):
    staff = login_as("staff")
    cardiology = specialty("cardiology")
    response = client.post("/moderation/clinicians/new", data={
        "email": "new.doc@example.test", "pseudonym": "DrNew", "full_name": "Dr Nia New",
        "credentials": "MD, MRCP", "licence_number": "GMC-123", "specialties": [cardiology.id]})
    assert response.status_code == 200
    password = re.search(rb"<code>([^<]+)</code>", response.data).group(1).decode()
    user = db.session.scalar(User.by_email("new.doc@example.test"))
    assert user.role == "clinician" and user.check_password(password)
    assert not user.is_verified_clinician
    assert password.encode() not in client.get("/moderation/clinicians").data

    login_as(user)
    assert client.get("/moderation/").status_code == 403

    login_as(staff)
    assert client.post(f"/moderation/clinicians/{user.id}/verify").status_code == 302
    db.session.expire_all()
    assert user.clinician_profile.verified_by_id == staff.id
    login_as(user)
    assert client.get("/moderation/").status_code == 200

    login_as(staff)
    assert client.post(f"/moderation/clinicians/{user.id}/revoke", data={"reason": ""}).status_code == 400
    assert client.post(f"/moderation/clinicians/{user.id}/revoke", data={"reason": "Licence lapsed."}).status_code == 302
    login_as(user)
    assert client.get("/moderation/").status_code == 403
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == user.id,
                                                                          AuditEntry.target_kind == "user"))]
    assert actions == ["clinician.create", "clinician.verify", "clinician.revoke"]


def test_promote_an_existing_member_by_email(db, client, login_as):
    member = make_user("member", email="kim@example.test")
    login_as("staff")
    fields = {"full_name": "Dr Kim", "credentials": "RN", "licence_number": "N-1",
              "specialties": [specialty("orthopaedics").id]}
    unknown = client.post("/moderation/clinicians/new", data={"email": "nobody@example.test", **fields})
    assert unknown.status_code == 400 and b"No account uses that email" in unknown.data
    no_specialty = client.post("/moderation/clinicians/new", data={**fields, "email": "kim@example.test",
                                                                   "specialties": []})
    assert no_specialty.status_code == 400 and b"at least one specialty" in no_specialty.data
    response = client.post("/moderation/clinicians/new", data={"email": "kim@example.test", **fields})
    assert response.status_code == 302
    db.session.expire_all()
    promoted = db.session.get(User, member.id)
    assert promoted.role == "clinician" and promoted.clinician_profile.licence_number == "N-1"
    assert [s.slug for s in promoted.clinician_profile.specialties] == ["orthopaedics"]
    assert b"Dr Kim" in client.get("/moderation/clinicians").data


def test_staff_accounts_cannot_be_promoted_and_clinicians_cannot_manage(db, client, login_as):
    other_staff = make_user("staff")
    login_as("staff")
    response = client.post("/moderation/clinicians/new", data={
        "email": other_staff.email, "full_name": "X", "credentials": "Y", "licence_number": "Z",
        "specialties": [specialty().id]})
    assert response.status_code == 400
    login_as("clinician")
    assert client.get("/moderation/clinicians").status_code == 403
