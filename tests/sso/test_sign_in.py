"""First sign-in and the role map, against the real provider."""
from sqlalchemy import func, select

from forum.models import AuditEntry, LinkedIdentity, OutboxEmail, User
from tests.factories import PASSWORD, make_user
from tests.sso.conftest import choose_pseudonym


def _user(db, pseudonym):
    return db.session.scalar(select(User).where(User.pseudonym == pseudonym))


def test_login_page_offers_the_configured_button(client, oidc):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with Example Health" in page
    assert 'name="email"' in page  # local login is still there for patients


def test_first_sign_in_asks_for_a_pseudonym_then_creates_a_staff_account(client, db, sso_sign_in):
    response = sso_sign_in("sam")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/oidc/welcome")
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "staff")) == 0
    form = client.get("/auth/oidc/welcome")
    assert "staff" in form.get_data(as_text=True)
    created = choose_pseudonym(client, "StaffSam2")
    assert created.status_code == 302
    user = _user(db, "StaffSam2")
    assert user.role == "staff" and user.email == "sam@hospital.example"
    link = db.session.scalar(LinkedIdentity.for_user(user.id))
    assert link.issuer.startswith("http://127.0.0.1:") and link.subject == "sam"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_kind == "user", AuditEntry.target_id == user.id)) == "account.sso_created"
    # Signed in, and not sent to set up Rounds' own TOTP: the provider's MFA counts.
    assert client.get("/moderation/console").status_code == 200


def test_the_role_map_gives_admin_over_other_groups_and_clinician_specialties(client, db, sso_sign_in):
    sso_sign_in("alex")
    choose_pseudonym(client, "AlexAdmin")
    assert _user(db, "AlexAdmin").role == "admin"
    other = client.application.test_client()
    sso_sign_in("ada", app_client=other)
    choose_pseudonym(other, "DrAdaHeart")
    ada = _user(db, "DrAdaHeart")
    assert ada.role == "clinician"
    assert [s.slug for s in ada.clinician_profile.specialties] == ["cardiology"]
    # Still needs staff verification (audited, as for local clinicians).
    assert not ada.is_verified_clinician
    assert other.get("/moderation/queue").status_code in (403, 404)


def test_a_trusted_verification_claim_verifies_the_clinician(client, db, sso_sign_in):
    sso_sign_in("vera")
    choose_pseudonym(client, "DrVeraBone")
    vera = _user(db, "DrVeraBone")
    assert vera.is_verified_clinician
    assert [s.slug for s in vera.clinician_profile.specialties] == ["orthopaedics"]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_kind == "user", AuditEntry.target_id == vera.id)))
    assert {"account.sso_created", "clinician.verified_by_provider"} <= actions


def test_second_sign_in_uses_the_linked_account_not_the_email(client, db, sso_sign_in, oidc_provider):
    sso_sign_in("sam")
    choose_pseudonym(client, "StaffSam2")
    user = _user(db, "StaffSam2")
    # The email changes at the provider: still the same account (sub + issuer is the key).
    oidc_provider.set_user("sam", claims={"email": "sam.new@hospital.example"})
    again = client.application.test_client()
    response = sso_sign_in("sam", app_client=again)
    assert response.status_code == 302 and not response.headers["Location"].endswith("/welcome")
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "staff")) == 1
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_a_taken_pseudonym_is_refused_and_typed_text_kept(client, db, sso_sign_in):
    make_user("member", pseudonym="TakenName")
    db.session.commit()
    sso_sign_in("sam")
    response = choose_pseudonym(client, "TakenName")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "taken" in page and 'value="TakenName"' in page
    assert db.session.scalar(select(func.count(LinkedIdentity.id))) == 0


def test_an_existing_local_address_is_not_matched_or_linked(client, db, sso_sign_in):
    patient = make_user("member", email="sam@hospital.example")
    db.session.commit()
    sso_sign_in("sam")
    choose_pseudonym(client, "StaffSam2")
    staff = _user(db, "StaffSam2")
    assert staff.id != patient.id and staff.email is None
    assert db.session.scalar(LinkedIdentity.for_user(patient.id)) is None


def test_password_login_and_reset_are_refused_for_linked_accounts(client, db, sso_sign_in):
    sso_sign_in("sam")
    choose_pseudonym(client, "StaffSam2")
    user = _user(db, "StaffSam2")
    user.set_password(PASSWORD)
    db.session.commit()
    other = client.application.test_client()
    response = other.post("/auth/login", data={"email": "sam@hospital.example", "password": PASSWORD},
                          follow_redirects=True)
    assert "signs in with" in response.get_data(as_text=True)
    with other.session_transaction() as session:
        assert "_user_id" not in session
    other.post("/auth/forgot", data={"email": "sam@hospital.example"}).close()  # the reset runs after the response
    assert db.session.scalar(select(func.count(OutboxEmail.id))) == 0


def test_patients_local_login_is_unchanged(client, db, oidc):
    make_user("member", email="patient@example.test")
    db.session.commit()
    response = client.post("/auth/login", data={"email": "patient@example.test", "password": PASSWORD})
    assert response.status_code == 302
