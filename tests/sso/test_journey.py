"""In a real browser: "Sign in with Example Health" through the provider's own login page, the
first-sign-in pseudonym, then the provider signing the person out over the back channel."""
import os
import signal
import subprocess
import sys
import uuid

import pytest

from tests.e2e.accessibility import check_page
from tests.e2e.conftest import REPO, _flask, _free_port, _wait_until_serving
from tests.sso.provider import OidcProvider

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sso_server(chromium_path, tmp_path_factory):
    """The app under gunicorn on a free port, and a provider that knows its callback."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider = OidcProvider(extra_redirect_bases=[base_url]).start()
    directory = tmp_path_factory.mktemp("sso-e2e")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "MAIL_", "OIDC_"))}
    env.update({
        "DATABASE_URL": f"sqlite:///{directory / 'sso.db'}",
        "SECRET_KEY": "sso-e2e-" + uuid.uuid4().hex,
        "ROUNDS_ENV": "testing",
        "RATELIMIT_ENABLED": "false",
        "REQUIRE_2FA": "true",  # on, to show that the provider's MFA is what counts
        "PYTHONDONTWRITEBYTECODE": "1",
        **{key: str(value) for key, value in provider.app_config(BASE_URL=base_url).items()},
    })
    for command in (("db", "upgrade"), ("policies", "seed")):  # a staff journey needs no catalogue
        _flask(env, *command)
    log = directory / "gunicorn.log"
    with log.open("w") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "2",
                                    "wsgi:app"], cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(base_url + "/", process, log)
        yield base_url, provider
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        provider.stop()


def test_sign_in_with_the_provider_then_back_channel_logout(browser, sso_server):
    base_url, provider = sso_server
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/auth/login")
        check_page(page)
        page.get_by_role("link", name="Sign in with Example Health").click()
        # The provider's own page, on its own origin.
        page.wait_for_url(f"{provider.issuer}/interaction/**")
        page.get_by_label("Username").fill("sam")
        page.get_by_label("Password").fill(provider.passwords["sam"])
        page.get_by_role("button", name="Sign in to the identity provider").click()
        page.wait_for_url(f"{base_url}/auth/oidc/welcome")
        check_page(page)
        page.get_by_label("Public pseudonym").fill("StaffSamSSO")
        page.get_by_role("button", name="Create my Rounds account").click()
        page.get_by_text("Welcome to Rounds, StaffSamSSO.").wait_for()
        # Not sent to Rounds' own two-factor set-up: the provider's MFA counted.
        page.goto("/moderation/console")
        assert page.url == f"{base_url}/moderation/console"
        # The provider signs the person out (a leaver): it posts a logout token to Rounds.
        provider.control("backchannel-logout", client_id="rounds", sub="sam")
        page.goto("/moderation/console")
        assert "/auth/login" in page.url
    finally:
        context.close()
