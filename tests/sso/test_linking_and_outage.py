"""Linking a local staff account once; the provider being down at start-up and during sign-in."""
import time

import pytest
from sqlalchemy import func, select

from forum import create_app
from forum.extensions import db as _db
from forum.models import AuditEntry, LinkedIdentity
from forum.platform.oidc import OidcClient
from tests.conftest import BASE_CONFIG
from tests.factories import PASSWORD, make_user, seed_basics
from tests.sso.conftest import choose_pseudonym, local_path
from tests.sso.provider import OidcProvider, ProviderBrowser


def _log_in(client, email):
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_local_staff_account_links_once_and_then_signs_in_with_the_provider(client, db, sso_sign_in):
    staff = make_user("staff", email="local.sam@example.test")
    db.session.commit()
    _log_in(client, "local.sam@example.test")
    page = client.get("/account/2fa").get_data(as_text=True)
    assert "Link my organisation account" in page
    # The offer is on the page once, and the tab's title stays plain text.
    assert page.count("Link my organisation account") == 1
    assert page.split("<title>")[1].split("</title>")[0].startswith("Two-factor authentication ·")
    response = sso_sign_in("sam", start="/auth/oidc/link")
    assert response.status_code == 302
    link = db.session.scalar(LinkedIdentity.for_user(staff.id))
    assert link is not None and link.subject == "sam"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "account.sso_linked"))
    # Once: a second link is refused, and the password no longer logs in.
    again = sso_sign_in("sam", start="/auth/oidc/link")
    assert again.status_code == 409
    other = client.application.test_client()
    refused = other.post("/auth/login", data={"email": "local.sam@example.test", "password": PASSWORD},
                         follow_redirects=True)
    assert "signs in with" in refused.get_data(as_text=True)
    # The provider now signs in to the same account, without a pseudonym step.
    signed = sso_sign_in("sam", app_client=other)
    assert signed.status_code == 302 and not signed.headers["Location"].endswith("/welcome")
    assert db.session.scalar(select(func.count(LinkedIdentity.id))) == 1


def test_an_identity_already_linked_cannot_be_linked_to_a_second_account(client, db, sso_sign_in):
    sso_sign_in("sam")
    choose_pseudonym(client, "StaffSam2")
    make_user("staff", email="second.staff@example.test")
    db.session.commit()
    other = client.application.test_client()
    _log_in(other, "second.staff@example.test")
    response = sso_sign_in("sam", app_client=other, start="/auth/oidc/link")
    assert response.status_code == 409 and "already linked" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LinkedIdentity.id))) == 1


@pytest.mark.parametrize("role", ["member", "caregiver"])
def test_patients_accounts_are_never_linked(client, db, oidc, login_as, role):
    login_as(role)
    assert client.post("/auth/oidc/link").status_code == 403
    assert db.session.scalar(select(func.count(LinkedIdentity.id))) == 0


def test_routes_are_404_while_sso_is_off(database_url):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    client = app.test_client()
    assert "oidc" not in app.extensions
    assert client.get("/auth/oidc/login").status_code == 404
    assert "Sign in with" not in client.get("/auth/login").get_data(as_text=True)


def test_a_provider_down_at_start_up_does_not_hold_up_the_app_and_is_picked_up_later(database_url):
    provider = OidcProvider()  # configured, not started yet: its port answers nothing
    started = time.monotonic()
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **provider.app_config()})
    assert time.monotonic() - started < 2
    oidc = app.extensions["oidc"]
    try:
        with app.app_context():
            seed_basics()
            make_user("member", email="patient@example.test")
            _db.session.commit()
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        assert "is unavailable right now" in page
        outage = client.get("/auth/oidc/login")
        assert outage.status_code == 503 and "can still log in" in outage.get_data(as_text=True)
        # Local login still works for patients.
        assert client.post("/auth/login", data={"email": "patient@example.test",
                                                "password": PASSWORD}).status_code == 302
        provider.start()
        assert oidc.wait_for_discovery(10)
        assert client.get("/auth/oidc/login").status_code == 302
    finally:
        oidc.stop()
        provider.stop()
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


def test_a_provider_gone_during_sign_in_is_a_503_not_a_500(client, db, oidc, oidc_provider):
    oidc.metadata = {**oidc.metadata, "token_endpoint": "http://127.0.0.1:9/token"}  # nothing listens there
    started = client.get("/auth/oidc/login")
    callback = ProviderBrowser(oidc_provider).sign_in(started.headers["Location"], "sam")
    response = client.get(local_path(callback))
    assert response.status_code == 503 and "unavailable right now" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LinkedIdentity.id))) == 0


def test_a_process_without_the_discovery_thread_starts_it_again(app, oidc_provider):
    """As in a server that forks after the app is made: threads do not survive into the child."""
    forked = OidcClient(app.config)  # made, but its discovery thread never ran here
    try:
        assert forked.available is False
        assert forked.wait_for_discovery(10)
        assert forked.available is True
    finally:
        forked.stop()
