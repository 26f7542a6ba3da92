"""SSO fixtures: one real provider per session, an app configured for it, sign-in helpers."""
from urllib.parse import urlsplit

import pytest

from tests.sso.provider import OidcProvider, ProviderBrowser


@pytest.fixture(scope="session")
def oidc_provider():
    provider = OidcProvider().start()
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def _fresh_provider_users(oidc_provider):
    """Each test starts with the configured users and no pending token change."""
    oidc_provider.control("reset")


@pytest.fixture
def app_config(request, oidc_provider):
    """Parametrize indirectly with a dict to change settings: @pytest.mark.parametrize("app_config", [{...}], indirect=True)."""
    return oidc_provider.app_config(**getattr(request, "param", {}))


@pytest.fixture
def oidc(app):
    """The app's OIDC client, once its start-up discovery has succeeded."""
    client = app.extensions["oidc"]
    assert client.wait_for_discovery(10), "discovery of the test provider did not succeed"
    yield client
    client.stop()


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def sso_sign_in(client, oidc, oidc_provider):
    """sso_sign_in("ada") -> the app's response to the provider's redirect back (not followed).

    Pass `browser=ProviderBrowser(...)` to reuse a provider session, `app_client=` for another
    Rounds browser, `before_callback=` to act before the callback reaches the app.
    """

    def _sign_in(username, *, app_client=None, browser=None, start="/auth/oidc/login", before_callback=None):
        app_client = app_client or client
        started = app_client.get(start) if start.endswith("login") else app_client.post(start)
        assert started.status_code == 302, started.get_data(as_text=True)
        browser = browser or ProviderBrowser(oidc_provider)
        callback = browser.sign_in(started.headers["Location"], username)
        assert isinstance(callback, str), f"the provider refused the login: {callback.status_code}"
        if before_callback:
            before_callback()
        response = app_client.get(local_path(callback))
        response.callback_url = callback
        return response

    return _sign_in


def choose_pseudonym(client, pseudonym):
    return client.post("/auth/oidc/welcome", data={"pseudonym": pseudonym})
