import pytest
from sqlalchemy import func, select

from forum import create_app
from forum.config import ConfigError, check_server_settings, load_config
from forum.models import Topic, User
from forum.permissions import can_vet_resource
from forum.services.catalogue import load_seed_catalogue
from moderation.services.resources import propose_resource
from tests.factories import make_user


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("ROUNDS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_development_generates_a_secret_key_once(monkeypatch, tmp_path):
    monkeypatch.setenv("ROUNDS_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    assert len(first) >= 32
    assert load_config(str(tmp_path))["SECRET_KEY"] == first


def test_database_url_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal/rounds")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal/rounds"


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("ROUNDS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_catalogue_seed_is_complete_and_idempotent(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalogue", "seed"])
    assert result.exit_code == 0, result.output
    data = load_seed_catalogue()
    conditions = sum(1 for t in data["topics"] if t["kind"] == "condition")
    procedures = sum(1 for t in data["topics"] if t["kind"] == "procedure")
    assert conditions >= 40 and procedures >= 25
    count = db.session.scalar(select(func.count(Topic.id)))
    assert count >= conditions + procedures
    again = runner.invoke(args=["catalogue", "seed"])
    assert "0 specialties and 0 topics created" in again.output
    assert db.session.scalar(select(func.count(Topic.id))) == count
    assert all(len(t["description"]) > 20 for t in data["topics"])


def test_demo_seed_prints_accounts_that_can_log_in(app, db, client):
    runner = app.test_cli_runner()
    runner.invoke(args=["catalogue", "seed"])
    result = runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    assert result.exit_code == 0, result.output
    assert "cardiologist@demo.rounds.invalid" in result.output
    again = runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("%@demo.rounds.invalid"))) == 8
    clinician = db.session.scalar(User.by_email("cardiologist@demo.rounds.invalid"))
    assert clinician.is_verified_clinician
    assert [s.slug for s in clinician.clinician_profile.specialties] == ["cardiology"]
    response = client.post("/auth/login", data={"email": "cardiologist@demo.rounds.invalid",
                                                "password": "demo-password-for-test"})
    assert response.status_code == 302


def test_the_demo_has_two_staff_so_one_can_vet_what_the_other_proposes(app, db):
    app.test_cli_runner().invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    staff = db.session.scalars(select(User).where(User.role == "staff",
                                                  User.email.like("%@demo.rounds.invalid"))).all()
    assert len(staff) == 2
    proposal = propose_resource(staff[0], title="Heart failure: a patient guide", url="https://example.org/hf",
                                publisher="Example Heart Charity", summary="What to expect.",
                                topics=["heart-failure"])
    assert not can_vet_resource(staff[0], proposal) and can_vet_resource(staff[1], proposal)


def test_demo_totp_prints_the_code_that_logs_a_privileged_demo_account_in(app, db, client):
    app.config["REQUIRE_2FA"] = True
    runner = app.test_cli_runner()
    runner.invoke(args=["catalogue", "seed"])
    seeded = runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    assert "demo totp cardiologist@demo.rounds.invalid" in seeded.output
    member = db.session.scalar(User.by_email("member@demo.rounds.invalid"))
    assert not member.has_two_factor  # members are never made to use it
    assert all(db.session.scalar(User.by_email(f"{local}@demo.rounds.invalid")).has_two_factor
               for local in ("cardiologist", "staff", "curator", "admin"))
    printed = runner.invoke(args=["demo", "totp", "cardiologist@demo.rounds.invalid"])
    assert printed.exit_code == 0, printed.output
    code = printed.output.split()[0]
    assert len(code) == 6 and code.isdigit()
    password_step = client.post("/auth/login", data={"email": "cardiologist@demo.rounds.invalid",
                                                     "password": "demo-password-for-test"})
    assert password_step.headers["Location"] == "/auth/2fa"
    assert client.post("/auth/2fa", data={"code": code}).status_code == 302  # logged in with the printed code
    # Seeding again keeps the secret (the printed codes stay right) and resets only the password.
    secret = db.session.scalar(User.by_email("staff@demo.rounds.invalid")).totp_secret
    runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    db.session.expire_all()
    assert db.session.scalar(User.by_email("staff@demo.rounds.invalid")).totp_secret == secret


@pytest.mark.parametrize("email, message", [("member@demo.rounds.invalid", "no two-factor"),
                                            ("someone@example.org", "Only demo accounts")])
def test_demo_totp_refuses_other_accounts(app, db, email, message):
    app.config["REQUIRE_2FA"] = True
    make_user("staff", email="someone@example.org")
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "seed", "--password", "demo-password-for-test"])
    result = runner.invoke(args=["demo", "totp", email])
    assert result.exit_code != 0 and message in result.output


def test_demo_totp_refuses_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["demo", "totp", "staff@demo.rounds.invalid"])
    assert result.exit_code != 0 and "never printed in production" in result.output


def test_demo_seed_refuses_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code != 0 and "never created in production" in result.output


def test_wsgi_exposes_the_app(monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "moderation" in app.blueprints and app.static_folder.endswith("static")


PRODUCTION = {"ROUNDS_ENV": "production"}


def test_production_refuses_several_workers_on_per_process_page_caches(capsys):
    with pytest.raises(ConfigError, match="REDIS_URL"):
        check_server_settings(2, PRODUCTION)
    check_server_settings(1, PRODUCTION)  # one worker: one cache, nothing stale elsewhere
    check_server_settings(4, {**PRODUCTION, "REDIS_URL": "redis://cache:6379/0"})
    check_server_settings(4, {**PRODUCTION, "PAGE_CACHE_ENABLED": "false"})
    check_server_settings(4, {"ROUNDS_ENV": "development"})
    check_server_settings(4, {**PRODUCTION, "ALLOW_PER_PROCESS_PAGE_CACHE": "true"})
    assert "WARNING" in capsys.readouterr().err  # started anyway, and said why not to
