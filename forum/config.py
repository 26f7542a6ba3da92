"""Configuration: documented defaults, overridden by environment variables.

Every setting here is listed in the README's configuration table.
"""
import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """Raised when the app is asked to start with an unsafe configuration."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _development_secret(instance_path: Path) -> str:
    """A key generated once per checkout so sessions survive restarts in development."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: str) -> dict:
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    env = os.environ.get("ROUNDS_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"ROUNDS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == "production"

    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production (ROUNDS_ENV=production).")
        secret_key = _development_secret(instance)

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'rounds.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]

    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 256 * 1024),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": _env_int("SESSION_LIFETIME_HOURS", 12) * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "ESTABLISHED_MEMBER_POSTS": _env_int("ESTABLISHED_MEMBER_POSTS", 3),
        "CLAIM_MINUTES": _env_int("CLAIM_MINUTES", 30),
        "PAGE_SIZE": _env_int("PAGE_SIZE", 20),
        "PROXY_FIX_HOPS": _env_int("PROXY_FIX_HOPS", 0),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Rounds <no-reply@rounds.invalid>"),
        "ALLOW_HTTP_RESOURCES": _env_bool("ALLOW_HTTP_RESOURCES", not production),
        "ALLOW_SELF_VETTING": _env_bool("ALLOW_SELF_VETTING", False),
        "MEDICAL_DISCLAIMER": os.environ.get(
            "MEDICAL_DISCLAIMER",
            "This answer is general information from a clinician, not medical advice for you. "
            "It does not create a doctor-patient relationship. Talk to your own care team "
            "before changing any treatment. In an emergency, call your local emergency number.",
        ),
        "CRISIS_CONTACTS": os.environ.get(
            "CRISIS_CONTACTS",
            "Emergency services|911;Suicide & Crisis Lifeline (call or text)|988",
        ),
        "ONCALL_EMAILS": os.environ.get("ONCALL_EMAILS", ""),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Rounds Community"),
    }
