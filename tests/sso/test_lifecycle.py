"""Roles re-read at every sign-in, back-channel and RP-initiated logout, the MFA claim, key rotation."""
import pytest
import requests
from sqlalchemy import select

from joserfc import jwt
from joserfc.jwk import RSAKey

from forum.models import AuditEntry, User
from tests.factories import PASSWORD, make_user
from tests.sso.conftest import choose_pseudonym


def _user(db, pseudonym):
    return db.session.scalar(select(User).where(User.pseudonym == pseudonym))


def _signed_in(client) -> bool:
    with client.session_transaction() as session:
        if "_user_id" not in session:
            return False
    return client.get("/account/2fa").status_code == 200


@pytest.fixture
def alex(client, db, sso_sign_in):
    sso_sign_in("alex")
    choose_pseudonym(client, "AlexAdmin")
    return _user(db, "AlexAdmin")


def test_a_group_removed_at_the_provider_lowers_the_role_and_ends_old_sessions(client, db, alex, sso_sign_in,
                                                                            oidc_provider):
    assert _signed_in(client)
    oidc_provider.set_user("alex", claims={"groups": ["rounds-staff"]})
    laptop = client.application.test_client()
    response = sso_sign_in("alex", app_client=laptop)
    assert response.status_code == 302
    db.session.refresh(alex)
    assert alex.role == "staff"
    assert not _signed_in(client)  # the admin session made before is over
    assert _signed_in(laptop)
    change = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.sso_role_changed"))
    assert (change.from_status, change.to_status) == ("admin", "staff")


def test_all_groups_removed_refuses_sign_in_and_ends_every_session(client, db, alex, sso_sign_in, oidc_provider):
    oidc_provider.set_user("alex", claims={"groups": ["all-staff"]})
    laptop = client.application.test_client()
    response = sso_sign_in("alex", app_client=laptop)
    assert response.status_code == 403
    assert not _signed_in(client) and not _signed_in(laptop)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "account.sso_access_removed"))


def test_back_channel_logout_from_the_provider_ends_the_sessions_of_the_sub(client, db, alex, oidc_provider):
    assert _signed_in(client)
    token = oidc_provider.control("logout-token", client_id="rounds", sub="alex")["logout_token"]
    response = client.application.test_client().post("/auth/oidc/backchannel-logout",
                                                     data={"logout_token": token})
    assert response.status_code == 200
    assert not _signed_in(client)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "account.sso_logout"))


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB"),
    lambda token: "not-a-token",
    lambda token: "",
])
def test_a_bad_logout_token_is_a_400_and_ends_nothing(client, db, alex, oidc_provider, mangle):
    token = oidc_provider.control("logout-token", client_id="rounds", sub="alex")["logout_token"]
    response = client.application.test_client().post("/auth/oidc/backchannel-logout",
                                                     data={"logout_token": mangle(token)})
    assert response.status_code == 400 and response.json["error"] == "invalid_request"
    assert _signed_in(client)


def test_an_id_token_is_not_accepted_as_a_logout_token(client, db, alex, sso_sign_in, oidc_provider):
    captured = {}
    oidc = client.application.extensions["oidc"]
    original = oidc.exchange_code

    def keep(*args):
        captured["id_token"] = original(*args)
        return captured["id_token"]

    oidc.exchange_code = keep
    sso_sign_in("alex", app_client=client.application.test_client())
    response = client.application.test_client().post("/auth/oidc/backchannel-logout",
                                                     data={"logout_token": captured["id_token"]})
    assert response.status_code == 400


def test_logout_goes_on_to_the_providers_end_session_endpoint(client, alex, oidc_provider):
    response = client.post("/auth/logout")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_provider.issuer}/session/end?client_id=rounds")
    assert "post_logout_redirect_uri=http%3A%2F%2Frounds.test%2F" in location
    # The provider accepts the request and asks the person to confirm signing out there.
    page = requests.get(location, timeout=5)
    assert page.status_code == 200 and "logout" in page.text.lower()


def test_local_logout_stays_local(client, db, oidc):
    make_user("staff", email="local.staff@example.test")
    db.session.commit()
    client.post("/auth/login", data={"email": "local.staff@example.test", "password": PASSWORD})
    assert client.post("/auth/logout").headers["Location"].endswith("/")
    assert "session/end" not in client.post("/auth/logout").headers["Location"]


def test_sign_in_without_mfa_is_refused_when_the_claim_is_required(client, db, sso_sign_in):
    response = sso_sign_in("pat")
    assert response.status_code == 403
    assert "multi-factor" in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"OIDC_REQUIRE_MFA_CLAIM": ""}], indirect=True)
def test_without_the_mfa_setting_the_provider_policy_is_trusted(client, db, sso_sign_in):
    response = sso_sign_in("pat")
    assert response.status_code == 302 and response.headers["Location"].endswith("/welcome")


def test_an_acr_value_can_show_mfa(client, sso_sign_in, oidc_provider):
    oidc_provider.set_user("pat", acr="mfa")
    assert sso_sign_in("pat").status_code == 302


def test_key_rotation_at_the_provider_is_followed(client, db, alex, sso_sign_in, oidc_provider):
    oidc = client.application.extensions["oidc"]
    old_kids = {key.kid for key in oidc._keys.keys}
    rotated = oidc_provider.control("rotate-keys")
    assert rotated["kid"] not in old_kids
    response = sso_sign_in("alex", app_client=client.application.test_client())
    assert response.status_code == 302 and not response.headers["Location"].endswith("/welcome")
    assert rotated["kid"] in {key.kid for key in oidc._keys.keys}


def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(client, db, alex, sso_sign_in,
                                                                         oidc_provider):
    stranger = RSAKey.generate_key(2048, parameters={"kid": "not-published"})
    forged = jwt.encode({"alg": "RS256", "kid": "not-published"},
                        {"iss": oidc_provider.issuer, "aud": "rounds", "sub": "alex", "iat": 1, "jti": "x",
                         "events": {"http://schemas.openid.net/event/backchannel-logout": {}}}, stranger)
    response = client.application.test_client().post("/auth/oidc/backchannel-logout", data={"logout_token": forged})
    assert response.status_code == 400 and response.json["error_description"] == "unknown_key"
    assert _signed_in(client)
