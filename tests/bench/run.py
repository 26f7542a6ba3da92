"""`make bench`: throughput, latency, queries per request and memory of the main pages.

Builds a fresh database (SQLite in a temporary directory, or --database-url), migrates
it, seeds the catalogue, policies, demo accounts, resource library and the scale volume
(`flask demo scale`), serves the app under gunicorn with production settings, and drives
each page with wrk for a fixed time. A bare Flask "hello world" under the same gunicorn
settings, measured in the same run, is the ceiling every page is compared with.

Queries per request are counted in process (the Flask test client against the same
database, one warmed-up request per page, page cache off) at --small-questions and at the
full size, so a count that grows with the data shows up as two different numbers.

Not collected by pytest (no test_ prefix); run it with `make bench BENCH_ARGS="..."`.
"""
import argparse
import html
import os
import platform
import re
import secrets
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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the app, imported in process for query counts and profiles
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-" + secrets.token_hex(4)
MEMBER = "member@demo.rounds.invalid"
CLINICIAN = "cardiologist@demo.rounds.invalid"

# Targets from the issue, as ratios of the ceiling's requests/s and p99 latencies in ms.
RATIO_TARGETS = {"anonymous": 0.50, "member": 0.15, "heavy": 0.10}
P99_TARGET_MS = 50.0
ASK_P99_TARGET_MS = 100.0
RSS_TARGET_MB = 150.0

HELLO_APP = '''from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
'''

COOKIE_LUA = '''wrk.headers["Cookie"] = "{cookie}"
'''

ASK_LUA = '''-- One new question per request, each with its own client_token.
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local body = "csrf_token={csrf}&client_token={nonce}-" .. tid .. "-" .. counter ..
    "&title=How+long+is+recovery+after+this+operation+number+" .. tid .. "+" .. counter ..
    "&body=I+am+booked+in+next+month+and+would+like+to+plan+time+off+work." ..
    "&primary_topic={topic}&second_topic=&third_topic=&asking_for=self&identity=pseudonym" ..
    -- As a browser whose similar.js already showed the "already answered?" suggestions.
    "&similar_seen=1"
  return wrk.format("POST", "/questions/ask", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}",
  }}, body)
end
'''


@dataclass
class Page:
    name: str
    path: str
    who: str | None  # None (anonymous), "member" or "clinician"
    target: str  # key of RATIO_TARGETS, or "ask"
    method: str = "GET"
    result: dict = field(default_factory=dict)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of an EMPTY database (default: SQLite in a temp dir)")
    parser.add_argument("--small-database-url", help="a second empty database for the small query-count run "
                                                      "(PostgreSQL; default: SQLite in the temp dir)")
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=None, help="default: 3 per question")
    parser.add_argument("--members", type=int, default=None, help="default: 1 per 10 questions")
    parser.add_argument("--clinicians", type=int, default=50)
    parser.add_argument("--resources", type=int, default=500)
    parser.add_argument("--small-questions", type=int, default=1000,
                        help="size of the second database for the constant-queries check (0 skips it)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--duration", default="10s", help="wrk run time per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", help="comma-separated page names to run (default: all)")
    parser.add_argument("--profile", action="store_true",
                        help="profile (pyinstrument) every page that misses a target, in process")
    parser.add_argument("--output", help="also write the table (Markdown) to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict, *args: str, quiet: bool = False) -> str:
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        for line in result.stdout.splitlines():
            print("   ", line, flush=True)
    return result.stdout


def build_database(url: str, args, questions: int) -> None:
    """Migrate, seed, and add the scale volume; seeding runs as development (demo data)."""
    env = {**os.environ, "ROUNDS_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": "bench-seed",
           "LOG_LEVEL": "WARNING", "DEMO_PASSWORD": PASSWORD}
    print(f"== building {url} with {questions:,} questions", flush=True)
    flask(env, "db", "upgrade", quiet=True)
    for group in ("catalogue", "policies", "demo", "resources"):
        flask(env, group, "seed", quiet=True)
    scale = ["demo", "scale", "--questions", str(questions), "--clinicians", str(args.clinicians),
             "--resources", str(args.resources)]
    if args.replies is not None:
        scale += ["--replies", str(round(args.replies * questions / args.questions))]
    if args.members is not None:
        scale += ["--members", str(max(1, round(args.members * questions / args.questions)))]
    started = time.perf_counter()
    output = flask(env, *scale, quiet=True)
    print("   ", output.strip().splitlines()[-1], f"(wall {time.perf_counter() - started:.0f} s)", flush=True)


def server_env(url: str) -> dict:
    return {**os.environ, "ROUNDS_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url,
            "RATELIMIT_ENABLED": "false", "LOG_LEVEL": "WARNING",
            # Plain HTTP on localhost: the session cookie cannot be Secure here.
            "SESSION_COOKIE_SECURE": "false",
            # The demo clinician has no authenticator app; production would ask for TOTP first.
            "REQUIRE_2FA": "false", "REDIS_URL": "", "JOBS_BACKEND": "inline", "GUNICORN_MAX_REQUESTS": "0",
            # Per-worker page caches are refused in production (stale hidden pages); nothing is hidden here.
            "ALLOW_PER_PROCESS_PAGE_CACHE": "true",
            # gunicorn.conf.py's log formatter lives in forum/, also for the hello app's directory.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


class Gunicorn:
    """gunicorn on a free local port; stop() ends the master (and so its workers)."""

    def __init__(self, app: str, cwd: Path, env: dict, args, log_dir: Path, probe: str = "/"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.probe = probe
        # The production settings file (timeouts, logging), with the bench's workers and port;
        # GUNICORN_MAX_REQUESTS=0 (server_env) so no worker restarts in the middle of a run.
        command = [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
                   "--workers", str(args.workers), "--worker-class", args.worker_class,
                   "--bind", f"127.0.0.1:{self.port}", app]
        self.log = open(log_dir / f"gunicorn-{self.port}.log", "w")
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited; see {self.log.name}")
            try:
                urllib.request.urlopen(self.url + self.probe, timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        sys.exit("gunicorn did not start in 60 s")

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", status, re.M):
                match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
                if match:
                    sizes.append(int(match.group(1)) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# -- logging in over HTTP, as a browser would ---------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str, cookie: str | None = None, data: dict | None = None):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data else None)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        response = _opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:  # 302 lands here with redirects switched off
        response = error
    body = response.read().decode("utf-8", "replace")
    set_cookie = response.headers.get("Set-Cookie")
    if set_cookie:
        cookie = set_cookie.split(";", 1)[0]
    return response.status, body, cookie


def _csrf(body: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body) or \
        re.search(r'name="csrf_token" value="([^"]+)"', body)
    if not match:
        sys.exit("no CSRF token found in the form")
    return html.unescape(match.group(1))


def log_in(base: str, email: str) -> str:
    """A session cookie ("session=...") for the account, through the real login form."""
    _, body, cookie = _fetch(base + "/auth/login")
    status, _, cookie = _fetch(base + "/auth/login", cookie, {"csrf_token": _csrf(body), "email": email,
                                                               "password": PASSWORD})
    if status != 302:
        sys.exit(f"logging in as {email} failed with {status}")
    return cookie


def ask_form(base: str, cookie: str) -> tuple[str, str, str]:
    """The ask form's CSRF token and a topic id, with the cookie that holds the token."""
    status, body, cookie = _fetch(base + "/questions/ask", cookie)
    if status != 200:
        sys.exit(f"the ask form answered {status}")
    topic = re.search(r'<option value="(\d+)"', body)
    return _csrf(body), topic.group(1), cookie


# -- wrk ----------------------------------------------------------------------------------

def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, args, script: str | None, workdir: Path) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}", "--latency"]
    if script:
        path = workdir / f"bench-{secrets.token_hex(4)}.lua"
        path.write_text(script)
        command += ["-s", str(path)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        result[f"p{percent}"] = _ms(*match.groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["bad"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = socket_errors.group(1) if socket_errors else ""
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


# -- in-process measurements --------------------------------------------------------------

def in_process_app(url: str):
    os.environ.setdefault("SECRET_KEY", "bench-in-process")
    from forum import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
                       "RATELIMIT_ENABLED": False, "PAGE_CACHE_ENABLED": False, "REQUIRE_2FA": False,
                       "SERVER_NAME": "bench.invalid", "JOBS_BACKEND": "inline", "MAIL_SERVER": ""})


def _client_for(app, who: str | None):
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import User

    client = app.test_client()
    if who:
        with app.app_context():
            token = db.session.scalar(select(User.session_token).where(
                User.email == (MEMBER if who == "member" else CLINICIAN)))
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
    return client


def _ask_data(n: int, topic: str) -> dict:
    return {"client_token": f"count-{secrets.token_hex(6)}-{n}", "title": f"How long is recovery, part {n}?",
            "body": "I am booked in next month and would like to plan time off work.", "primary_topic": topic,
            "second_topic": "", "third_topic": "", "asking_for": "self", "identity": "pseudonym", "similar_seen": "1"}


def count_queries(url: str, pages: list[Page], topic_id: str) -> dict[str, int]:
    """SQL statements for one warmed-up request of each page (before_cursor_execute events)."""
    from sqlalchemy import event

    from forum.extensions import db

    app = in_process_app(url)
    counts = {}
    with app.app_context():
        engine = db.engine
    for page in pages:
        client = _client_for(app, page.who)
        statements = []

        def _count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        for attempt in range(2):
            statements.clear()
            event.listen(engine, "before_cursor_execute", _count)
            try:
                with app.app_context():
                    if page.method == "POST":
                        response = client.post(page.path, data=_ask_data(attempt, topic_id))
                    else:
                        response = client.get(page.path)
            finally:
                event.remove(engine, "before_cursor_execute", _count)
            if response.status_code != (302 if page.method == "POST" else 200):
                sys.exit(f"{page.name}: {page.path} answered {response.status_code} in process")
        counts[page.name] = len(statements)
    with app.app_context():
        db.engine.dispose()
    return counts


def profile_page(url: str, page: Page, topic_id: str, requests: int = 50) -> str:
    from pyinstrument import Profiler

    from forum.extensions import db

    app = in_process_app(url)
    client = _client_for(app, page.who)
    profiler = Profiler(interval=0.0005)
    with app.app_context():
        profiler.start()
        for n in range(requests):
            with app.app_context():
                if page.method == "POST":
                    client.post(page.path, data=_ask_data(n, topic_id))
                else:
                    client.get(page.path)
        profiler.stop()
        db.engine.dispose()
    return profiler.output_text(unicode=True, color=False, show_all=False, short_mode=True)


def pick_pages(url: str) -> tuple[list[Page], str]:
    """The pages to drive, with ids chosen from the database: a busy topic and a public
    answered question with ten published replies."""
    from sqlalchemy import func, select

    from forum.extensions import db
    from forum.models import Question, QuestionTopic, Topic

    app = in_process_app(url)
    with app.app_context():
        topic_slug = db.session.scalar(
            select(Topic.slug).join(QuestionTopic, QuestionTopic.topic_id == Topic.id)
            .where(QuestionTopic.listing == "answered").group_by(Topic.id)
            .order_by(func.count().desc()).limit(1))
        question_id = db.session.scalar(
            select(Question.id).where(Question.status == "answered", Question.visibility == "public",
                                      Question.reply_count == 10).order_by(Question.id.desc()).limit(1))
        if question_id is None:  # small volumes: the busiest public answered question
            question_id = db.session.scalar(
                select(Question.id).where(Question.status == "answered", Question.visibility == "public")
                .order_by(Question.reply_count.desc(), Question.id.desc()).limit(1))
        topic_id = str(db.session.scalar(select(Topic.id).where(Topic.slug == topic_slug)))
        db.engine.dispose()
    question = f"/questions/{question_id}"
    topic = f"/topics/{topic_slug}"
    pages = [
        Page("hello (ceiling)", "/", None, "ceiling"),
        Page("home", "/", None, "anonymous"),
        Page("topic", topic, None, "anonymous"),
        Page("question (10 replies)", question, None, "anonymous"),
        Page("home, member", "/", "member", "member"),
        Page("topic, member", topic, "member", "member"),
        Page("question, member", question, "member", "member"),
        Page("search", "/search?q=recovery", None, "heavy"),  # a word in every eighth seeded title
        Page("queue, clinician", "/moderation/", "clinician", "heavy"),
        Page("ask (POST), member", "/questions/ask", "member", "ask", method="POST"),
    ]
    return pages, topic_id


def question_count(url: str) -> int:
    from sqlalchemy import func, select

    from forum.extensions import db
    from forum.models import Question

    app = in_process_app(url)
    with app.app_context():
        count = db.session.scalar(select(func.count(Question.id)))
        db.engine.dispose()
    return count


# -- the run ------------------------------------------------------------------------------

def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return f"{os.cpu_count()} cores ({model or 'unknown CPU'}), Python {platform.python_version()}"


def check(page: Page, ceiling: float) -> list[str]:
    """The targets this page misses."""
    result, missed = page.result, []
    if page.target in RATIO_TARGETS and result["rps"] < RATIO_TARGETS[page.target] * ceiling:
        missed.append(f"{result['rps'] / ceiling:.0%} of ceiling < {RATIO_TARGETS[page.target]:.0%}")
    limit = ASK_P99_TARGET_MS if page.target == "ask" else P99_TARGET_MS
    if page.target != "ceiling" and result["p99"] > limit:
        missed.append(f"p99 {result['p99']:.1f} ms > {limit:.0f} ms")
    if result.get("bad"):
        missed.append(f"{result['bad']} non-2xx/3xx responses")
    return missed


def table(pages: list[Page], ceiling: float, small: dict, full: dict, small_n: int, full_n: int,
          rss: list[float]) -> str:
    lines = [f"| page | requests/s | p50 ms | p99 ms | ratio to ceiling | queries at {small_n:,} | "
             f"queries at {full_n:,} | targets |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for page in pages:
        result = page.result
        missed = check(page, ceiling)
        lines.append(
            f"| {page.name} | {result['rps']:,.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
            f"{result['rps'] / ceiling:.0%} | {small.get(page.name, '–')} | {full.get(page.name, '–')} | "
            f"{'; '.join(missed) if missed else ('met' if page.target != 'ceiling' else '')} |")
    lines.append("")
    lines.append("Worker RSS after the run: " + ", ".join(f"{size:.0f} MB" for size in rss)
                 + (" (target < 150 MB: met)" if rss and max(rss) < RSS_TARGET_MB else " (target < 150 MB: MISSED)"))
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    workdir = Path(tempfile.mkdtemp(prefix="rounds-bench-"))
    servers: list[Gunicorn] = []
    try:
        url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
        started = time.perf_counter()
        build_database(url, args, args.questions)
        small_counts: dict[str, int] = {}
        small_url = None
        if args.small_questions:
            small_url = args.small_database_url or f"sqlite:///{workdir / 'small.db'}"
            build_database(small_url, args, args.small_questions)
        pages, topic_id = pick_pages(url)
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            pages = [page for page in pages if page.name in wanted or page.target == "ceiling"]
        measured = [page for page in pages if page.target != "ceiling"]
        if small_url:
            small_pages, small_topic = pick_pages(small_url)
            by_name = {page.name: page for page in small_pages}
            small_counts = count_queries(small_url, [by_name[p.name] for p in measured], small_topic)
        full_counts = count_queries(url, measured, topic_id)
        print(f"== database ready in {time.perf_counter() - started:.0f} s", flush=True)

        (workdir / "hello").mkdir()
        (workdir / "hello" / "hello.py").write_text(HELLO_APP)
        env = server_env(url)
        hello = Gunicorn("hello:app", workdir / "hello", env, args, workdir)
        servers.append(hello)
        pages[0].result = run_wrk(hello.url + "/", args, None, workdir)
        hello.stop()
        ceiling = pages[0].result["rps"]
        print(f"   ceiling: {ceiling:,.0f} requests/s", flush=True)

        app = Gunicorn("wsgi:app", ROOT, env, args, workdir, probe="/healthz")
        servers.append(app)
        cookies = {"member": log_in(app.url, MEMBER), "clinician": log_in(app.url, CLINICIAN)}
        before = after = 0
        for page in pages[1:]:
            script = COOKIE_LUA.format(cookie=cookies[page.who]) if page.who else None
            if page.method == "POST":
                csrf, topic, cookie = ask_form(app.url, cookies[page.who])
                script = ASK_LUA.format(csrf=urllib.parse.quote(csrf), nonce=secrets.token_hex(4), topic=topic,
                                        cookie=cookie)
                before = question_count(url)
            page.result = run_wrk(app.url + page.path, args, script, workdir)
            if page.method == "POST":
                after = question_count(url)
                page.result["created"] = after - before
            print(f"   {page.name}: {page.result['rps']:,.0f} requests/s, p99 {page.result['p99']:.1f} ms",
                  flush=True)
        rss = app.worker_rss_mb()
        app.stop()

        report = [f"Rounds benchmark, {date.today().isoformat()}, {machine()}",
                  f"{args.questions:,} questions on {url.split(':', 1)[0]}; gunicorn {args.workers} "
                  f"{args.worker_class} workers; wrk -t{args.threads} -c{args.connections} -d{args.duration}", "",
                  table(pages, ceiling, small_counts, full_counts, args.small_questions, args.questions, rss)]
        ask = next((page for page in pages if page.method == "POST"), None)
        if ask is not None:
            # Requests still in flight when wrk stops are not counted by wrk but do create questions.
            ok = ask.result["bad"] == 0 and ask.result["created"] >= ask.result["requests"]
            report.append(f"Ask POST: {ask.result['created']:,} questions created for {ask.result['requests']:,} "
                          f"completed requests ({'all succeeded' if ok else 'SOME FAILED'}).")
        if small_counts:
            grew = [name for name, count in full_counts.items() if small_counts.get(name) != count]
            report.append("Queries per request constant from "
                          f"{args.small_questions:,} to {args.questions:,} questions: "
                          + ("yes" if not grew else "NO (" + ", ".join(grew) + ")"))
        text = "\n".join(report)
        print("\n" + text)
        if args.output:
            Path(args.output).write_text(text + "\n")
        if args.profile:
            for page in measured:
                if check(page, ceiling):
                    print(f"\n== profile of {page.name} ({page.path}), 50 requests in process")
                    print(profile_page(url, page, topic_id))
        return 0
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            print(f"(kept {workdir})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
