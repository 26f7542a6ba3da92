"""Real servers for the deployment tests: PostgreSQL, Redis and gunicorn on free local ports.

They are started the way the README's deployment guide says: `flask db upgrade`,
`flask catalogue seed` and `flask policies seed` once, then gunicorn with
gunicorn.conf.py and the production environment. Missing binaries skip the test,
or fail it when ROUNDS_REQUIRE_SERVERS=1 (as in CI).
"""
import glob
import http.client
import http.cookiejar
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.missing_parts import missing_part

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"
EMAIL_DOMAIN = "ops.example.com"  # the .test domain is refused outside the test process
_accounts = itertools.count(1)


def unavailable(reason: str, *, detail: str = "", package: str | None = None, remedy: str | None = None):
    """Skip a test whose server is missing: `reason` is the cause, `package` the Debian package
    that provides it (or `remedy` the command that does)."""
    missing_part("server test", reason, detail or "a deployment test needs it", required_by="ROUNDS_REQUIRE_SERVERS",
                 package=package, remedy=remedy)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def _answers(port: int, probe: bytes = b"", expect: bytes = b"") -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            if probe:
                conn.sendall(probe)
                return conn.recv(64).startswith(expect)
            return True
    except OSError:
        return False


class RedisServer:
    """redis-server without persistence, as a cache and queue for one test."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            unavailable("redis-server not found", detail="not on PATH", package="redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _answers(self.port, b"PING\r\n", b"+PONG"), 10, "redis-server")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class PostgresServer:
    """A throwaway PostgreSQL cluster (initdb into a temporary directory, run as `postgres`)."""

    def __init__(self):
        candidates = [shutil.which("initdb"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))]
        initdb = next((c for c in candidates if c), None)
        if not initdb:
            unavailable("PostgreSQL not found", detail="no initdb on PATH or in /usr/lib/postgresql/*/bin",
                        package="postgresql-15")
        self.bin = Path(initdb).parent
        self.directory = Path(tempfile.mkdtemp(prefix="rounds-ops-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        line = " ".join(command)
        if self.as_postgres:
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", line], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            subprocess.run(line, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> "PostgresServer":
        self._run(f"{self.bin}/initdb", "-D", f"{self.directory}/data", "-U", "rounds",
                  "--auth=trust", "-E", "UTF8", "--no-locale")
        return self.start()

    def start(self) -> "PostgresServer":
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c max_connections=100")
        self._run(f"{self.bin}/pg_ctl", "-D", f"{self.directory}/data", "-l", f"{self.directory}/log",
                  "-w", "-o", f"'{options}'", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(f"{self.bin}/pg_ctl", "-D", f"{self.directory}/data", "-m", mode, "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://rounds@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)


def deployment_env(database_url: str, redis_url: str | None = None, **settings) -> dict:
    """The production environment of the README's deployment guide."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("ROUNDS_", "DATABASE_", "REDIS_", "JOBS_", "RATELIMIT_", "LOG_"))}
    env.update(ROUNDS_ENV="production", SECRET_KEY="ops-tests-" + "k" * 40, DATABASE_URL=database_url,
               BASE_URL="http://127.0.0.1", SESSION_COOKIE_SECURE="false", RATELIMIT_ENABLED="false",
               LOG_FORMAT="json", PYTHONUNBUFFERED="1")
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:  # several workers on per-process page caches are refused in production (README)
        env["PAGE_CACHE_ENABLED"] = "false"
    env.update({name: str(value) for name, value in settings.items()})
    return env


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def prepare_database(env: dict) -> None:
    """What a deploy runs once before starting (or restarting) the app servers."""
    flask(env, "db", "upgrade")
    flask(env, "catalogue", "seed")
    flask(env, "policies", "seed")


class AppServer:
    """gunicorn -c gunicorn.conf.py wsgi:app on a free port, with its log in a file."""

    def __init__(self, env: dict, log_path: Path, workers: int = 1, port: int | None = None):
        self.env, self.log_path, self.workers = env, log_path, workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "AppServer":
        env = {**self.env, "PORT": str(self.port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(self.workers)}
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
                                        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        wait_until(lambda: self._ready() or self._died(), 30, f"gunicorn on port {self.port}")
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def _died(self) -> bool:
        return self.process.poll() is not None

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.split("/")[2]))
        return pids

    def kill_master(self) -> None:
        """kill -9 the master alone, as a crash of the master would, leaving its workers."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def kill(self) -> None:
        """kill -9 the master and its workers, as a crash or an OOM kill would."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Response:
    def __init__(self, status: int, text: str, headers):
        self.status, self.text, self.headers = status, text, headers


def _read(response) -> str:
    """The body; a server killed after sending its status line still gave that answer."""
    try:
        return response.read().decode(errors="replace")
    except http.client.IncompleteRead as error:
        return error.partial.decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """An HTTP client with a cookie jar that does not follow redirects (a 302 is the answer)."""

    def __init__(self, timeout: float = 30):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.timeout = timeout

    def request(self, url: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=self.timeout) as response:
                return Response(response.status, _read(response), response.headers)
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, _read(error), error.headers)

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, data: dict) -> Response:
        return self.request(url, data)

    @staticmethod
    def csrf_token(page: str, name: str = "csrf_token") -> str:
        match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page) or \
            re.search(rf'name="{re.escape(name)}" value="([^"]+)"', page)
        assert match, f"no {name} on the page"
        return match.group(1)

    def login(self, base_url: str, email: str, password: str = PASSWORD) -> Response:
        page = self.get(f"{base_url}/auth/login")
        return self.post(f"{base_url}/auth/login", {"csrf_token": self.csrf_token(page.text),
                                                    "email": email, "password": password})


def create_accounts(sqlalchemy_url: str, roles: list[str]) -> list[tuple[int, str]]:
    """Accounts with every policy accepted, written straight to the deployment's database."""
    from forum import create_app
    from forum.extensions import db
    from tests.factories import make_user

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sqlalchemy_url})
    accounts = []
    with app.app_context():
        for role in roles:
            user = make_user(role, email=f"{role}{next(_accounts)}-{os.getpid()}@{EMAIL_DOMAIN}",
                             pseudonym=f"Ops{role.capitalize()}{os.getpid()}x{next(_accounts)}")
            accounts.append((user.id, user.email))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return accounts


def sqlalchemy_url(database_url: str) -> str:
    return database_url.replace("postgresql://", "postgresql+psycopg://", 1)


def query(sqlalchemy_url_: str, sql: str, **params) -> list[tuple]:
    """Rows straight from the deployment's database, as the servers left them."""
    import sqlalchemy as sa

    engine = sa.create_engine(sqlalchemy_url_)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def ask(browser: Browser, base_url: str, topic_id: int, title: str, token: str, csrf: str) -> Response:
    """The ask form, as a member's browser sends it (`title` made long enough for the form's minimum)."""
    return browser.post(f"{base_url}/questions/ask", {
        "csrf_token": csrf, "title": f"{title}: what should I expect?",
        "body": f"Details for {title}, written as a member would.", "primary_topic": topic_id,
        "second_topic": "", "third_topic": "", "asking_for": "self", "identity": "pseudonym",
        "client_token": token})
