"""Every bad answer from the provider's side gives a clear 4xx page, changes no account, and is
logged without the token."""
import logging

import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry, LinkedIdentity, User
from tests.sso.conftest import choose_pseudonym, local_path
from tests.sso.provider import ProviderBrowser


def _counts(db):
    return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(LinkedIdentity.id))),
            db.session.scalar(select(func.count(AuditEntry.id))))


@pytest.fixture
def existing_staff(client, db, sso_sign_in):
    """Sam already has an account, signed out; its session token is remembered."""
    sso_sign_in("sam")
    choose_pseudonym(client, "StaffSam2")
    client.post("/auth/logout")
    user = db.session.scalar(select(User).where(User.pseudonym == "StaffSam2"))
    return user, user.session_token


@pytest.mark.parametrize("change, expected", [
    ("tampered", "signature is not valid"),
    ("expired", "has expired"),
    ("wrong_aud", "made for another application"),
    ("wrong_iss", "comes from another issuer"),
    ("wrong_nonce", "belongs to another sign-in"),
])
def test_a_bad_id_token_is_refused_and_changes_nothing(client, db, sso_sign_in, oidc_provider, existing_staff,
                                                       caplog, change, expected):
    user, token_before = existing_staff
    before = _counts(db)
    caplog.set_level(logging.INFO, logger="forum.sso")
    response = sso_sign_in("sam", before_callback=lambda: oidc_provider.change_next_token(change))
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert _counts(db) == before
    db.session.refresh(user)
    assert user.session_token == token_before
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert "sso sign-in refused" in caplog.text.lower()
    code = response.callback_url.split("code=")[1].split("&")[0]
    assert code not in caplog.text and "eyJ" not in caplog.text  # neither the code nor any JWT


def test_a_replayed_state_is_refused(client, db, sso_sign_in):
    first = sso_sign_in("sam")
    assert first.status_code == 302
    before = _counts(db)
    replay = client.get(local_path(first.callback_url))
    assert replay.status_code == 400
    assert "expired or was already used" in replay.get_data(as_text=True)
    assert _counts(db) == before


def test_a_forged_or_missing_state_is_refused(client, oidc):
    assert client.get("/auth/oidc/callback?code=abc&state=made-up").status_code == 400
    assert client.get("/auth/oidc/callback").status_code == 400


def test_a_callback_from_another_issuer_is_refused_before_the_code_is_used(client, oidc, oidc_provider):
    started = client.get("/auth/oidc/login")
    callback = ProviderBrowser(oidc_provider).sign_in(started.headers["Location"], "sam")
    forged = local_path(callback).replace("iss=", "iss=https%3A%2F%2Fimpostor.invalid&was=")
    response = client.get(forged)
    assert response.status_code == 400 and "another sign-in service" in response.get_data(as_text=True)


def test_a_cancelled_sign_in_at_the_provider_is_a_clear_400(client, oidc):
    started = client.get("/auth/oidc/login")
    state = started.headers["Location"].split("state=")[1].split("&")[0]
    response = client.get(f"/auth/oidc/callback?error=access_denied&state={state}")
    assert response.status_code == 400 and "cancelled or refused" in response.get_data(as_text=True)


@pytest.mark.parametrize("username, expected", [
    ("nora", "did not say which groups"),
    ("nick", "not in a group that may use Rounds"),
])
def test_a_missing_role_claim_or_unknown_group_creates_nothing(client, db, sso_sign_in, username, expected):
    before = _counts(db)
    response = sso_sign_in(username)
    assert response.status_code == 403
    assert expected in response.get_data(as_text=True)
    assert _counts(db) == before
    assert client.get("/auth/oidc/welcome").status_code == 400  # no pending sign-up either


def test_a_token_without_the_role_claim_from_the_network_is_refused(client, db, sso_sign_in, oidc_provider):
    before = _counts(db)
    response = sso_sign_in("sam", before_callback=lambda: oidc_provider.change_next_token("no_groups"))
    assert response.status_code == 403
    assert _counts(db) == before


def test_the_welcome_page_without_a_sign_in_is_a_400(client, oidc):
    assert client.post("/auth/oidc/welcome", data={"pseudonym": "Someone"}).status_code == 400
