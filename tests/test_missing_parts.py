"""The end-of-run summary of tests skipped for missing system parts (tests/missing_parts.py)."""
import pytest

# Only the plugin under test: the inner runs need none of the suite's plugins.
PLUGINS = ("-p", "tests.missing_parts", "-p", "no:hypothesispytest")

SUITE = '''
import pytest
from tests.missing_parts import missing_part

@pytest.fixture(scope="session")
def chromium():
    missing_part("browser test", "Chromium not found", "none at /nowhere", required_by="ROUNDS_REQUIRE_BROWSER",
                 package="chromium")

@pytest.fixture
def redis():
    missing_part("server test", "redis-server not found", "not on PATH", required_by="ROUNDS_REQUIRE_SERVERS",
                 package="redis-server")

@pytest.mark.parametrize("n", range(3))
def test_journey(chromium, n):
    pass

@pytest.mark.parametrize("n", range(2))
def test_cache(redis, n):
    pass

def test_in_body():
    missing_part("server test", "PostgreSQL not found", "no initdb", required_by="ROUNDS_REQUIRE_SERVERS",
                 package="postgresql-15")

def test_provider():
    missing_part("server test", "the test OpenID provider is not installed", "no node_modules",
                 required_by="ROUNDS_REQUIRE_SERVERS", remedy="npm ci --prefix tests/sso/provider")

def test_sqlite_only():
    pytest.skip("SQLite transaction modes; this run uses PostgreSQL")

def test_plain():
    pass
'''


@pytest.fixture
def suite(pytester, monkeypatch):
    monkeypatch.delenv("ROUNDS_REQUIRE_BROWSER", raising=False)
    monkeypatch.delenv("ROUNDS_REQUIRE_SERVERS", raising=False)
    pytester.makepyfile(test_suite=SUITE)
    return pytester


def test_summary_counts_each_missing_part_and_names_the_install_command(suite):
    result = suite.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1, skipped=8)
    result.stdout.re_match_lines([
        r"=+ NOT RUN: 7 tests skipped, parts of this machine are missing =+",
        r"  3 browser tests: Chromium not found",
        r"  2 server tests: redis-server not found",
        r"  1 server test: (PostgreSQL not found|the test OpenID provider is not installed)",
        r"  1 server test: (PostgreSQL not found|the test OpenID provider is not installed)",
        r"  Install them: (sudo )?make setup-system   \(apt-get install chromium postgresql-15 redis-server\), "
        r"then make test again",
        r"  To run them: npm ci --prefix tests/sso/provider",
        r"-+ other skips: 1 test -+",
        r"  1: SQLite transaction modes; this run uses PostgreSQL",
    ], consecutive=True)


def test_summary_names_only_the_parts_that_were_missing(pytester, monkeypatch):
    monkeypatch.delenv("ROUNDS_REQUIRE_SERVERS", raising=False)
    pytester.makepyfile(test_suite=SUITE.split("def test_in_body")[0].replace("test_journey", "journey"))
    result = pytester.runpytest(*PLUGINS)
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*NOT RUN: 2 tests skipped*", "  2 server tests: redis-server not found",
                                 "  Install them: *(apt-get install redis-server), then make test again"])
    result.stdout.no_fnmatch_line("*Chromium*")
    result.stdout.no_fnmatch_line("*other skips*")


def test_no_summary_when_nothing_skipped(pytester):
    pytester.makepyfile(test_suite="def test_plain():\n    pass\n")
    result = pytester.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*NOT RUN*")
    result.stdout.no_fnmatch_line("*skips*")


def test_required_parts_fail_instead_of_skipping(suite, monkeypatch):
    monkeypatch.setenv("ROUNDS_REQUIRE_BROWSER", "1")
    result = suite.runpytest(*PLUGINS)
    result.assert_outcomes(passed=1, skipped=5, errors=3)
    result.stdout.fnmatch_lines(["*ROUNDS_REQUIRE_BROWSER=1 but Chromium not found: none at /nowhere*",
                                 "*NOT RUN: 4 tests skipped*", "  2 server tests: redis-server not found"])
    result.stdout.no_fnmatch_line("*browser tests: Chromium not found*")
