"""People: search, roles, suspension and bans, and clinician re-verification after expiry."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import extensions
from forum.models import AuditEntry, User
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from forum.services import DomainError
from moderation.services.people import change_role, reinstate_user, restrict_user, search_users
from moderation.services.verification import verify_clinician
from tests.factories import PASSWORD, make_user


def _actions(target_id):
    return [(e.action, e.from_status, e.to_status) for e in
            extensions.db.session.scalars(select(AuditEntry).where(AuditEntry.target_kind == "user",
                                                                   AuditEntry.target_id == target_id)
                                          .order_by(AuditEntry.id))]


def test_search_by_pseudonym_prefix_or_exact_email_with_keyset_pages(db):
    staff = make_user("staff")
    rosa = make_user(pseudonym="RosaRed", email="rosa@example.test")
    rose = make_user(pseudonym="Rosemary")
    make_user(pseudonym="Tom")
    users, more = search_users(staff, "rosa")
    assert users == [rosa] and not more
    users, more = search_users(staff, "ros", limit=1)
    assert users == [rosa] and more
    users, more = search_users(staff, "ros", after_id=rosa.id, limit=1)
    assert users == [rose] and not more
    assert search_users(staff, "ROSA@example.test")[0] == [rosa]
    assert search_users(staff, "rosa@example")[0] == []  # email only matches exactly
    with pytest.raises(PermissionDenied):
        search_users(make_user("clinician"), "ros")


def test_role_changes_follow_the_rules(db):
    staff, admin = make_user("staff"), make_user("admin")
    member = make_user("member")
    change_role(staff, member, role="caregiver")
    assert member.role == "caregiver"
    with pytest.raises(DomainError, match="Only an admin"):
        change_role(staff, member, role="staff")
    with pytest.raises(DomainError, match="own account"):
        change_role(admin, admin, role="member")
    with pytest.raises(DomainError, match="Only an admin"):
        change_role(staff, make_user("staff"), role="member")
    with pytest.raises(DomainError, match="Clinicians page"):
        change_role(admin, member, role="clinician")
    change_role(admin, member, role="staff")
    assert member.role == "staff"
    assert _actions(member.id) == [("user.role", "member", "caregiver"), ("user.role", "caregiver", "staff")]


def test_suspension_logs_out_and_shows_the_reason(db, client, login_as):
    member = make_user("member", email="kim@example.test")
    login_as(member)
    assert client.get("/my/questions").status_code == 200
    staff = make_user("staff")
    old_token = member.session_token
    restrict_user(staff, member, status="suspended", reason="Repeated personal attacks")
    db.session.commit()
    assert member.session_token != old_token
    response = client.get("/my/questions")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    page = client.post("/auth/login", data={"email": "kim@example.test", "password": PASSWORD})
    assert "suspended" in page.get_data(as_text=True) and "Repeated personal attacks" in page.get_data(as_text=True)
    with pytest.raises(DomainError, match="reason"):
        restrict_user(staff, make_user(), status="banned", reason="  ")
    reinstate_user(staff, member)
    assert member.status == "active" and member.status_reason is None
    assert [a for a, *_ in _actions(member.id)] == ["user.suspend", "user.reinstate"]


def test_staff_views_change_role_and_ban(db, client, login_as):
    member = make_user(pseudonym="Target")
    staff = login_as(make_user("staff"))
    page = client.get("/moderation/people?q=targ")
    assert page.status_code == 200 and "Target" in page.get_data(as_text=True)
    assert client.get(f"/moderation/people/{member.id}").status_code == 200
    response = client.post(f"/moderation/people/{member.id}/role", data={"role": "admin"})
    assert response.status_code == 400 and "Only an admin" in response.get_data(as_text=True)
    response = client.post(f"/moderation/people/{member.id}/ban", data={"reason": "Spam accounts"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).status == "banned"
    assert client.post(f"/moderation/people/{member.id}/ban", data={"reason": ""}).status_code == 400
    response = client.post(f"/moderation/people/{staff.id}/suspend", data={"reason": "x"})
    assert response.status_code == 400 and "own account" in response.get_data(as_text=True)
    assert client.get("/moderation/people/99999").status_code == 404


def test_verification_expires_and_staff_renew_it(app, db, client, login_as):
    clinician = make_user("clinician")
    clinician.clinician_profile.verified_at = utcnow() - timedelta(days=30 * 25)
    db.session.commit()
    assert clinician.clinician_profile.verification_expired and not clinician.is_verified_clinician
    login_as(clinician)
    page = client.get("/moderation/")
    assert page.status_code == 403 and "verification needs renewing" in page.get_data(as_text=True)
    app.config["CLINICIAN_VERIFICATION_MONTHS"] = 36
    assert clinician.is_verified_clinician  # the setting decides
    app.config["CLINICIAN_VERIFICATION_MONTHS"] = 24
    staff = make_user("staff")
    verify_clinician(staff, clinician)
    db.session.commit()
    assert clinician.is_verified_clinician
    assert _actions(clinician.id)[-1] == ("clinician.verify", "expired", "verified")
    assert client.get("/moderation/").status_code == 200
