"""Tests that skip because a system part is missing, and the summary that ends such a run.

A test needing Chromium, Redis or PostgreSQL calls `missing_part(...)` when the part is
absent: a skip (or a failure when the run sets ROUNDS_REQUIRE_BROWSER=1 or
ROUNDS_REQUIRE_SERVERS=1, as CI does). The skip carries what was missing and its Debian
package, so the run can end with a count per cause ("26 browser tests: Chromium not
found") and the one command that installs them, taken from the skips that happened, not
from a guess about the machine. A green "passed" must not hide that the browser journeys
and deployment tests did not run.
"""
import os
from collections import Counter
from typing import NoReturn

import pytest

INSTALL_TARGET = "make setup-system"


class MissingPart(pytest.skip.Exception):
    """A skip because the machine lacks something; `package` is the Debian package that provides it."""

    def __init__(self, message: str, *, tests: str, what: str, package: str | None, remedy: str | None):
        super().__init__(message)
        self.tests, self.what, self.package, self.remedy = tests, what, package, remedy


def missing_part(tests: str, what: str, detail: str, *, required_by: str,
                 package: str | None = None, remedy: str | None = None) -> NoReturn:
    """Skip the current test: `tests` names its kind ("browser test"), `what` the cause.

    `required_by` is the environment variable that turns this skip into a failure.
    Without a Debian `package`, `remedy` says what to do instead.
    """
    fix = f"install it with `{INSTALL_TARGET}` (apt-get install {package})" if package else remedy
    message = f"{what}: {detail}; {fix}" if fix else f"{what}: {detail}"
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{required_by}=1 but {message}", pytrace=False)
    raise MissingPart(message, tests=tests, what=what, package=package, remedy=remedy)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and call.excinfo is not None and isinstance(call.excinfo.value, MissingPart):
        part = call.excinfo.value
        report.missing_part = (part.tests, part.what, part.package, part.remedy)
    return report


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _skip_reason(report) -> str:
    if isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped: ")
    return str(report.longrepr)


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    parts = Counter(report.missing_part for report in skipped if getattr(report, "missing_part", None))
    others = Counter(_skip_reason(report) for report in skipped if not getattr(report, "missing_part", None))
    if not parts and not others:
        return
    write = terminalreporter.write_line
    if parts:
        total = sum(parts.values())
        terminalreporter.write_sep("=", f"NOT RUN: {_plural(total, 'test')} skipped, parts of this machine are missing",
                                   red=True, bold=True)
        for (tests, what, _package, _remedy), count in parts.most_common():
            write(f"  {_plural(count, tests)}: {what}", red=True, bold=True)
        packages = sorted({package for _tests, _what, package, _remedy in parts if package})
        if packages:
            sudo = "" if os.geteuid() == 0 else "sudo "
            write(f"  Install them: {sudo}{INSTALL_TARGET}   (apt-get install {' '.join(packages)}), "
                  "then make test again", bold=True)
        for remedy in sorted({remedy for _tests, _what, package, remedy in parts if remedy and not package}):
            write(f"  To run them: {remedy}", bold=True)
    if others:
        terminalreporter.write_sep("-", f"other skips: {_plural(sum(others.values()), 'test')}")
        for reason, count in others.most_common():
            write(f"  {count}: {reason}")
