"""The real OpenID provider for the SSO tests: node-oidc-provider (tests/sso/provider/server.js).

Started once per test session on a free local port with test users and groups. A missing
`node` or a missing `npm ci` skips the tests, or fails them when ROUNDS_REQUIRE_SERVERS=1
(as in CI). `ProviderBrowser` signs in on the provider's own login page over HTTP, the way
a browser would, and hands back the URL the provider redirects to.
"""
import json
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.ops.servers import free_port, unavailable

HERE = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "rounds"
APP_BASE_URL = "http://rounds.test"

# username -> (claims, amr); passwords are made per run.
USERS = {
    "alex": ({"name": "Alex Admin", "email": "alex@hospital.example", "groups": ["rounds-admins", "all-staff"]},
             ["pwd", "mfa"]),
    "sam": ({"name": "Sam Staff", "email": "sam@hospital.example", "groups": ["rounds-staff"]}, ["pwd", "mfa"]),
    "ada": ({"name": "Dr Ada Heart", "email": "ada@hospital.example", "groups": ["cardiologists", "all-staff"]},
            ["pwd", "otp", "mfa"]),
    "vera": ({"name": "Dr Vera Bone", "email": "vera@hospital.example",
              "groups": ["orthopaedists", "verified-clinicians"]}, ["pwd", "mfa"]),
    "nick": ({"name": "Nick Facilities", "email": "nick@hospital.example", "groups": ["facilities"]},
             ["pwd", "mfa"]),
    "nora": ({"name": "Nora Nogroups", "email": "nora@hospital.example"}, ["pwd", "mfa"]),
    "pat": ({"name": "Pat Password", "email": "pat@hospital.example", "groups": ["rounds-staff"]}, ["pwd"]),
}
ROLE_MAP = ("rounds-admins=admin; rounds-staff=staff; cardiologists=clinician:cardiology; "
            "orthopaedists=clinician:orthopaedics; verified-clinicians=clinician")


class OidcProvider:
    def __init__(self, extra_redirect_bases=(), port: int | None = None, shared_password: bool = False):
        self.node = shutil.which("node")
        if not self.node:
            unavailable("node not found", detail="the single sign-on tests' OpenID provider runs on it",
                        package="nodejs")
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            unavailable("the test OpenID provider is not installed", detail="no tests/sso/provider/node_modules",
                        remedy="make test (it runs npm ci --prefix tests/sso/provider once npm is there)")
        self.port = port or free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_secret = secrets.token_urlsafe(24)
        shared = secrets.token_urlsafe(12)
        self.passwords = {name: shared if shared_password else secrets.token_urlsafe(12) for name in USERS}
        bases = [APP_BASE_URL, *extra_redirect_bases]
        self.directory = Path(tempfile.mkdtemp(prefix="rounds-oidc-"))
        self.config_path = self.directory / "config.json"
        self.config_path.write_text(json.dumps({
            "issuer": self.issuer,
            "port": self.port,
            "title": "Example Health sign-in",
            "clients": [{
                "client_id": CLIENT_ID,
                "client_secret": self.client_secret,
                "redirect_uris": [f"{base}/auth/oidc/callback" for base in bases],
                "post_logout_redirect_uris": [f"{base}/" for base in bases],
                "backchannel_logout_uri": f"{bases[-1]}/auth/oidc/backchannel-logout",
                "token_endpoint_auth_method": "client_secret_basic",
            }],
            "users": {name: {"password": self.passwords[name], "claims": claims, "amr": amr}
                      for name, (claims, amr) in USERS.items()},
        }))
        self.log = self.directory / "provider.log"
        self.process = None

    def start(self) -> "OidcProvider":
        with self.log.open("w") as log:
            self.process = subprocess.Popen([self.node, str(HERE / "server.js"), str(self.config_path)],
                                            cwd=HERE, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the test provider exited:\n{self.log.read_text()}")
            if "READY" in self.log.read_text():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"the test provider did not start in 20 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    def control(self, path: str, **body) -> dict:
        response = requests.post(f"{self.issuer}/_control/{path}", json=body, timeout=10)
        assert response.status_code == 200, f"provider /_control/{path}: {response.status_code} {response.text}"
        return response.json()

    def set_user(self, username: str, **changes) -> None:
        self.control(f"users/{username}", **changes)

    def change_next_token(self, change: str) -> None:
        self.control("change-next-token", change=change)

    def app_config(self, **overrides) -> dict:
        return {
            "BASE_URL": APP_BASE_URL,
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": self.client_secret,
            "OIDC_SCOPES": "openid email profile groups",
            "OIDC_ROLE_CLAIM": "groups",
            "OIDC_ROLE_MAP": ROLE_MAP,
            "OIDC_BUTTON_LABEL": "Sign in with Example Health",
            "OIDC_REQUIRE_MFA_CLAIM": "mfa",
            "OIDC_TRUSTS_VERIFICATION": "groups=verified-clinicians",
            "OIDC_TIMEOUT_SECONDS": 5,
            "OIDC_DISCOVERY_RETRY_SECONDS": 0.2,
            "OIDC_DISCOVERY_RETRY_MAX_SECONDS": 1,
            **overrides,
        }


class ProviderBrowser:
    """The provider side of a browser: its cookies, its login page, its redirects."""

    def __init__(self, provider: OidcProvider):
        self.provider = provider
        self.http = requests.Session()

    def sign_in(self, authorize_url: str, username: str, password: str | None = None) -> str:
        """Follow the authorization request through the login page; return the redirect back to the app."""
        password = self.provider.passwords[username] if password is None else password
        url = authorize_url
        for _ in range(10):
            response = self.http.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                if not url.startswith(self.provider.issuer):
                    return url
                continue
            assert response.status_code == 200, response.text
            action = re.search(r'<form method="post" action="([^"]+)"', response.text).group(1)
            login = self.http.post(urljoin(url, action), data={"username": username, "password": password},
                                   allow_redirects=False, timeout=10)
            if not login.is_redirect:
                return login
            url = urljoin(url, login.headers["Location"])
        raise AssertionError("too many redirects at the provider")


def main(argv=None) -> None:
    """`make oidc-dev`: the test provider in the foreground, with demo users, for `make run` beside it.

    Writes the app's OIDC_* settings to an env file that `make run` reads, and removes it on exit.
    """
    import argparse
    import os
    import signal

    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=5556)
    parser.add_argument("--app-url", default="http://127.0.0.1:5000")
    parser.add_argument("--env-file", default="instance/oidc-dev.env")
    args = parser.parse_args(argv)
    os.environ.pop("ROUNDS_REQUIRE_SERVERS", None)
    provider = OidcProvider(extra_redirect_bases=[args.app_url.rstrip("/")], port=args.port,
                            shared_password=True)
    settings = provider.app_config(BASE_URL=args.app_url.rstrip("/"), OIDC_DISCOVERY_RETRY_SECONDS=2,
                                   OIDC_DISCOVERY_RETRY_MAX_SECONDS=30)
    env_file = Path(args.env_file)
    env_file.parent.mkdir(parents=True, exist_ok=True)
    env_file.write_text("".join(f"{key}='{value}'\n" for key, value in settings.items()))
    env_file.chmod(0o600)
    provider.start()
    print(f"Test OpenID provider at {provider.issuer}; `make run` now offers “{settings['OIDC_BUTTON_LABEL']}”.")
    print("Users (any of them, password below):")
    for name, (claims, amr) in USERS.items():
        print(f"  {name:5} {', '.join(claims.get('groups', ['(no groups claim)'])):40} amr={','.join(amr)}")
    print(f"Password for every user this run: {provider.passwords['alex']}")
    print("Ctrl-C stops it.")
    try:
        provider.process.wait()
    except KeyboardInterrupt:
        print()
    finally:
        provider.stop()
        env_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
