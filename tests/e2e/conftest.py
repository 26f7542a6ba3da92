"""Real-browser fixtures: the app under gunicorn on a free port, Debian's Chromium, pages.

One live server per session (a fresh migrated and seeded SQLite database); each test
makes its own accounts, so tests never share state. Chromium is never downloaded:
without /usr/bin/chromium (or ROUNDS_CHROMIUM) these tests skip, unless
ROUNDS_REQUIRE_BROWSER=1 (CI), where a missing browser fails them.

Adding a journey: write a test taking `page` (or `new_page(...)` for another viewport
or with JavaScript off) and `new_account(role)`, act through labels and roles, and call
`check_page(page)` from tests.e2e.accessibility after each navigation.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import accessibility

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "plum orchard lantern 42"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    base_url: str
    env: dict
    log: Path
    mail: Path  # MAIL_DEV_DIR: each email the server "sent", whole

    def run_python(self, code: str, *args: str) -> str:
        """Run a Python snippet against the live server's database (for accounts the UI cannot make)."""
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=self.env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout


def _flask(env: dict, *command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"flask {' '.join(command)} failed:\n{result.stderr}"


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server(chromium_path, tmp_path_factory):
    """The real app under gunicorn (2 workers) on a free port, with a fresh seeded database."""
    directory = tmp_path_factory.mktemp("e2e")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "MAIL_"))}
    env.update({
        "DATABASE_URL": f"sqlite:///{directory / 'e2e.db'}",
        "SECRET_KEY": "e2e-" + uuid.uuid4().hex,
        "ROUNDS_ENV": "testing",
        "RATELIMIT_ENABLED": "false",
        # Journeys post straight after registering and log clinicians and staff in with a
        # password; test_journeys_features.py walks two-factor enrolment once through the UI.
        "REQUIRE_EMAIL_VERIFICATION": "false",
        "REQUIRE_2FA": "false",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MAIL_DEV_DIR": str(directory / "mail"),
    })
    for command in (("db", "upgrade"), ("catalogue", "seed"), ("policies", "seed")):
        _flask(env, *command)
    port = _free_port()
    log = directory / "gunicorn.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "2", "wsgi:app"],
            cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url + "/", process, log)
        yield LiveServer(base_url=base_url, env=env, log=log, mail=directory / "mail")
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(request, browser, live_server):
    """new_page(javascript=True, width=1280, height=800, scale=1, locale=None): a page in its own
    context; `locale` is the browser's language (its Accept-Language), e.g. "es-US".

    Every page made here is screenshotted into tests/e2e/screenshots/ if the test fails.
    """
    contexts = []

    def _new_page(*, javascript: bool = True, width: int = 1280, height: int = 800, scale: float = 1,
                  locale: str | None = None):
        context = browser.new_context(base_url=live_server.base_url, java_script_enabled=javascript,
                                      viewport={"width": width, "height": height}, device_scale_factor=scale,
                                      **({"locale": locale} if locale else {}))
        context.set_default_timeout(10_000)
        if not javascript:
            accessibility.scriptless_contexts.add(context)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    failed = any(getattr(getattr(request.node, f"report_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    for number, context in enumerate(contexts):
        if failed:
            for index, page in enumerate(context.pages):
                SCREENSHOTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
                page.screenshot(path=SCREENSHOTS / f"{name}-{number}-{index}.png", full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page with JavaScript on, at the live server's base URL."""
    return new_page()


@dataclass
class Account:
    role: str
    email: str
    pseudonym: str
    password: str = PASSWORD


_MAKE_ACCOUNT = """
import sys
from forum import create_app
from forum.extensions import db
from tests.factories import make_user
role, email, pseudonym, password = sys.argv[1:]
with create_app().app_context():
    make_user(role, email=email, pseudonym=pseudonym, password=password)
    db.session.commit()
"""


@pytest.fixture
def new_account(new_page, live_server):
    """new_account(role): members and caregivers register through the UI; others are made directly.

    Returns an Account (email, pseudonym, password) that is logged out everywhere.
    """
    from tests.e2e import steps

    def _new_account(role: str = "member") -> Account:
        token = uuid.uuid4().hex[:8]
        account = Account(role=role, email=f"{role}-{token}@example.org", pseudonym=f"{role.capitalize()}{token}")
        if role in ("member", "caregiver"):
            page = new_page()
            steps.register(page, account)
            page.context.close()
        else:
            live_server.run_python(_MAKE_ACCOUNT, role, account.email, account.pseudonym, account.password)
        return account

    return _new_account


def build_world(live_server, script: str) -> dict:
    """Run a module's world-building `script` (argv: a token, the password) on the live server's
    database; its last printed line is JSON whose "people" become Accounts, plus the token."""
    token = uuid.uuid4().hex[:8]
    built = json.loads(live_server.run_python(script, token, PASSWORD).strip().splitlines()[-1])
    built["people"] = {name: Account(role=role, email=email, pseudonym=pseudonym)
                       for name, (role, email, pseudonym) in built["people"].items()}
    built["token"] = token
    return built
