"""`make setup-system` and the install step of `make test`, on a simulated machine.

PATH holds only make, a shell's helpers and fakes of apt-get, id and sudo that log their
calls; the virtualenv is a fake python that logs its arguments. So redis-server, wrk,
node and npm are missing, ROUNDS_CHROMIUM hides Chromium, and nothing is installed or
removed on the real machine. tests/test_missing_parts.py covers the summary at the end.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MISSING = "chromium redis-server wrk nodejs npm"
APT = "DEBIAN_FRONTEND=noninteractive apt-get"

FAKES = {
    "apt-get": 'echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND apt-get $*" >> "$CALLS"',
    "id": 'echo "$FAKE_UID"',
    # Passwordless sudo when FAKE_SUDO=yes; otherwise `sudo -n` fails as it does without a rule.
    "sudo": '[ "$FAKE_SUDO" = yes ] || exit 1\n[ "$1" = -n ] && shift\n'
            '[ "$1" = true ] || echo "sudo $1" >> "$CALLS"\nexec "$@"',
}

# npm ci writes node_modules/.package-lock.json, as the real one does.
FAKE_NPM = '#!/bin/sh\necho "npm $*" >> "$CALLS"\nmkdir -p "$3/node_modules" && touch "$3/node_modules/.package-lock.json"\n'


@pytest.fixture
def machine(tmp_path):
    """run_make(*targets, uid=..., sudo=...) -> (completed process, logged calls)."""
    fakebin = tmp_path / "bin"
    fakebin.mkdir()
    for tool in ("make", "env", "ls", "true", "mkdir", "touch"):
        (fakebin / tool).symlink_to(shutil.which(tool))
    for name, body in FAKES.items():
        (fakebin / name).write_text(f"#!/bin/sh\n{body}\n")
        (fakebin / name).chmod(0o755)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text('#!/bin/sh\necho "python $*" >> "$CALLS"\n')
    (venv / "bin" / "python").chmod(0o755)
    for stamp in (".installed", ".installed-test"):  # newer than pyproject.toml: no pip run
        (venv / stamp).touch()
    provider = tmp_path / "provider"  # the SSO tests' npm package, with a lock file
    provider.mkdir()
    (provider / "package-lock.json").write_text("{}")
    calls = tmp_path / "calls"

    def run_make(*targets, uid: int = 0, sudo: bool = False, extra: tuple = ()):
        calls.write_text("")
        env = {"PATH": str(fakebin), "CALLS": str(calls), "FAKE_UID": str(uid),
               "FAKE_SUDO": "yes" if sudo else "no", "ROUNDS_CHROMIUM": str(tmp_path / "no-chromium")}
        result = subprocess.run(["make", "--no-print-directory", f"VENV={venv}", f"PYTHON={sys.executable}",
                                 f"PROVIDER={provider}", *extra, *targets], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        return result, calls.read_text().splitlines()

    run_make.fakebin = fakebin
    run_make.provider = provider
    run_make.chromium = tmp_path / "no-chromium"
    return run_make


def test_root_installs_only_the_missing_packages_after_an_update(machine):
    result, calls = machine("setup-system", uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == [f"{APT} update -qq", f"{APT} install -y -qq {MISSING}"]


def test_passwordless_sudo_installs_through_sudo(machine):
    result, calls = machine("setup-system", uid=1000, sudo=True)
    assert result.returncode == 0, result.stderr
    assert calls == ["sudo env", f"{APT} update -qq", "sudo env", f"{APT} install -y -qq {MISSING}"]


def test_without_root_or_sudo_setup_system_fails_and_says_how(machine):
    result, calls = machine("setup-system", uid=1000)
    assert result.returncode != 0
    assert f"Missing system packages: {MISSING}" in result.stdout
    assert "sudo make setup-system" in result.stdout
    assert calls == []


def test_nothing_installed_when_every_package_is_present(machine):
    for tool in ("redis-server", "wrk", "node", "npm"):
        (machine.fakebin / tool).write_text("#!/bin/sh\n")
        (machine.fakebin / tool).chmod(0o755)
    shutil.copy(machine.fakebin / "wrk", machine.chromium)
    result, calls = machine("setup-system", uid=0)
    assert result.returncode == 0, result.stderr
    assert "System packages present" in result.stdout
    assert calls == []


def test_make_test_as_root_installs_then_runs_the_whole_suite(machine):
    result, calls = machine("test", uid=0, extra=("PYTEST_ARGS=-x",))
    assert result.returncode == 0, result.stderr
    assert calls == [f"{APT} update -qq", f"{APT} install -y -qq {MISSING}", "python -m pytest -x"]


def test_make_test_without_root_runs_the_suite_and_says_what_will_skip(machine):
    result, calls = machine("test", uid=1000)
    assert result.returncode == 0, result.stderr
    assert f"Missing system packages: {MISSING} (installing needs apt-get, and root or passwordless sudo)" in result.stdout
    assert "sudo make setup-system installs them" in result.stdout
    assert calls == ["python -m pytest"]


def test_make_test_goes_on_when_the_install_fails(machine):
    (machine.fakebin / "apt-get").write_text('#!/bin/sh\necho "apt-get $*" >> "$CALLS"\nexit 100\n')
    result, calls = machine("test", uid=0)
    assert result.returncode == 0, result.stderr
    assert f"make setup-system failed: the tests needing {MISSING} will skip" in result.stdout
    assert calls == ["apt-get update -qq", "python -m pytest"]


def test_ci_uses_the_same_target():
    ci = (REPO / ".ci" / "run").read_text()
    assert "make setup-system" in ci
    assert "apt-get" not in ci
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_make_test_without_apt_get_does_not_try_to_install(machine):
    (machine.fakebin / "apt-get").unlink()
    result, calls = machine("test", uid=0)
    assert result.returncode == 0, result.stderr
    assert f"Missing system packages: {MISSING} (installing needs apt-get" in result.stdout
    assert calls == ["python -m pytest"]


def test_make_test_installs_the_sso_provider_once_npm_is_there(machine):
    (machine.fakebin / "npm").write_text(FAKE_NPM)
    (machine.fakebin / "npm").chmod(0o755)
    result, calls = machine("test", uid=1000)
    assert result.returncode == 0, result.stderr
    npm_ci = f"npm ci --prefix {machine.provider} --no-audit --no-fund --loglevel=error"
    assert calls == [npm_ci, "python -m pytest"]
    result, calls = machine("test", uid=1000)
    assert calls == ["python -m pytest"]  # installed and the lock file unchanged
    (machine.provider / "package-lock.json").touch()
    os.utime(machine.provider / "node_modules" / ".package-lock.json", (0, 0))
    result, calls = machine("test", uid=1000)
    assert calls == [npm_ci, "python -m pytest"]

