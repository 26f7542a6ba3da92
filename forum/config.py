"""Configuration: documented defaults, overridden by environment variables.

Every setting here is listed in the README's configuration table.
"""
import os
import secrets
import sys
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")
# Per-language defaults of the settings a reader sees in their own language (forum/platform/i18n.py
# localised_setting). The Spanish ones apply only while the English one is left at its default:
# a site that sets its own CRISIS_CONTACTS (other numbers) without CRISIS_CONTACTS_ES shows those.
DEFAULT_MEDICAL_DISCLAIMER = {
    "en": "This answer is general information from a clinician, not medical advice for you. "
          "It does not create a doctor-patient relationship. Talk to your own care team "
          "before changing any treatment. In an emergency, call your local emergency number.",
    "es": "Esta respuesta es información general de un profesional de la salud, no un consejo médico "
          "para usted. No crea una relación entre médico y paciente. Hable con su propio equipo de "
          "atención médica antes de cambiar cualquier tratamiento. En una emergencia, llame al número "
          "de emergencias de su zona.",
}
DEFAULT_CRISIS_CONTACTS = {
    "en": "Emergency services|911;Suicide & Crisis Lifeline (call or text)|988",
    # 988 answers in Spanish after pressing 2 (calls) or texting AYUDA (988lifeline.org/es).
    "es": "Servicios de emergencia|911;Línea 988 de Prevención del Suicidio y Crisis "
          "(llame y oprima 2 para español, o envíe el texto AYUDA)|988",
}


class ConfigError(RuntimeError):
    """Raised when the app is asked to start with an unsafe configuration."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _prepare_threshold() -> int | None:
    """psycopg's prepare_threshold: runs of a statement before it is prepared; "off": never."""
    raw = (os.environ.get("DATABASE_PREPARE_THRESHOLD") or "5").strip().lower()
    return None if raw in ("off", "none") else int(raw)


def _question_visibility_default() -> str:
    value = (os.environ.get("QUESTION_VISIBILITY_DEFAULT") or "public").strip().lower()
    if value not in ("public", "members"):
        raise ConfigError(f"QUESTION_VISIBILITY_DEFAULT must be 'public' or 'members', not {value!r}")
    return value


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

    redis_url = os.environ.get("REDIS_URL", "")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret_key,
        # Keys the audit chain's HMACs; unset, one is derived from SECRET_KEY (forum/services/audit.py).
        "AUDIT_KEY": os.environ.get("AUDIT_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # PostgreSQL waits (forum/platform/database.py, forum/platform/postgres.py), in seconds.
        "DATABASE_CONNECT_TIMEOUT": _env_int("DATABASE_CONNECT_TIMEOUT", 2),
        "DATABASE_POOL_TIMEOUT": _env_int("DATABASE_POOL_TIMEOUT", 5),
        # Server-side prepared statements (psycopg 3); "off" behind PgBouncer < 1.21 in transaction mode.
        "DATABASE_PREPARE_THRESHOLD": _prepare_threshold(),
        "DATABASE_WAIT_SECONDS": _env_float("DATABASE_WAIT_SECONDS", 2.0),
        "DATABASE_RETRY_SECONDS": _env_float("DATABASE_RETRY_SECONDS", 3.0),
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 256 * 1024),
        # Unset outside production: forum/platform/links.py uses the development server's address.
        "BASE_URL": os.environ.get("BASE_URL", ""),
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": _env_int("SESSION_LIFETIME_HOURS", 12) * 3600,
        # forum/platform/sessions.py: absolute and idle lifetimes kept inside the signed session.
        "SESSION_LIFETIME_HOURS": _env_int("SESSION_LIFETIME_HOURS", 12),
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 30),
        "PASSWORD_RESET_MINUTES": _env_int("PASSWORD_RESET_MINUTES", 60),
        "EMAIL_VERIFICATION_HOURS": _env_int("EMAIL_VERIFICATION_HOURS", 72),
        "REQUIRE_EMAIL_VERIFICATION": _env_bool("REQUIRE_EMAIL_VERIFICATION", True),
        # Off under ROUNDS_ENV=testing so tests of other features can log in directly.
        "REQUIRE_2FA": _env_bool("REQUIRE_2FA", env != "testing"),
        "REQUIRE_2FA_ROLES": os.environ.get("REQUIRE_2FA_ROLES", "clinician,staff,admin"),
        "WTF_CSRF_TIME_LIMIT": None,
        "REDIS_URL": redis_url,
        # rq (a Redis queue and `flask jobs worker`) or inline (in this process, after commit).
        "JOBS_BACKEND": os.environ.get("JOBS_BACKEND") or ("rq" if redis_url else "inline"),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if production else "plain"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # forum/platform/page_cache.py: anonymous public pages, keyed by a content generation.
        "PAGE_CACHE_ENABLED": _env_bool("PAGE_CACHE_ENABLED", True),
        "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "rounds:",
        # Short in process (other workers learn of changes only when pages expire), longer on Redis.
        "CACHE_DEFAULT_TIMEOUT": _env_int("PAGE_CACHE_SECONDS", 300 if redis_url else 30),
        "CACHE_THRESHOLD": _env_int("PAGE_CACHE_MAX_PAGES", 500),
        # Every Redis client waits at most this long per reply, then the whole process treats
        # Redis as down for REDIS_RETRY_SECONDS (forum/platform/redis_guard.py).
        "REDIS_TIMEOUT_SECONDS": _env_float("REDIS_TIMEOUT_SECONDS", 0.25),
        "REDIS_RETRY_SECONDS": _env_float("REDIS_RETRY_SECONDS", 5.0),
        # Redis going away must not take the site down: limits fall back to this process.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Named limits (forum/platform/rate_limits.py); Flask-Limiter syntax, e.g. "20 per 15 minutes".
        "RATELIMIT_LOGIN": os.environ.get("RATELIMIT_LOGIN", "20 per 15 minutes"),
        "RATELIMIT_REGISTER": os.environ.get("RATELIMIT_REGISTER", "10 per hour"),
        "RATELIMIT_PASSWORD_RESET": os.environ.get("RATELIMIT_PASSWORD_RESET", "5 per 15 minutes"),
        "RATELIMIT_EMAIL": os.environ.get("RATELIMIT_EMAIL", "5 per hour"),
        "RATELIMIT_POST": os.environ.get("RATELIMIT_POST", "30 per hour"),
        "RATELIMIT_FLAG": os.environ.get("RATELIMIT_FLAG", "20 per hour"),
        "RATELIMIT_SEARCH": os.environ.get("RATELIMIT_SEARCH", "60 per minute"),
        "RATELIMIT_DOWNLOAD": os.environ.get("RATELIMIT_DOWNLOAD", "10 per hour"),
        "ESTABLISHED_MEMBER_POSTS": _env_int("ESTABLISHED_MEMBER_POSTS", 3),
        "CLAIM_MINUTES": _env_int("CLAIM_MINUTES", 30),
        "PAGE_SIZE": _env_int("PAGE_SIZE", 20),
        "PROXY_FIX_HOPS": _env_int("PROXY_FIX_HOPS", 0),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        # Without MAIL_SERVER, outside production, each email is written whole to a file here
        # (links included, so a developer can confirm an account); the log names the file only.
        "MAIL_DEV_DIR": os.environ.get("MAIL_DEV_DIR", "" if production else str(instance / "mail")),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Rounds <no-reply@rounds.invalid>"),
        "ALLOW_HTTP_RESOURCES": _env_bool("ALLOW_HTTP_RESOURCES", not production),
        "ALLOW_SELF_VETTING": _env_bool("ALLOW_SELF_VETTING", False),
        "MEDICAL_DISCLAIMER": os.environ.get("MEDICAL_DISCLAIMER", DEFAULT_MEDICAL_DISCLAIMER["en"]),
        "MEDICAL_DISCLAIMER_ES": os.environ.get("MEDICAL_DISCLAIMER_ES", ""),
        "CRISIS_CONTACTS": os.environ.get("CRISIS_CONTACTS", DEFAULT_CRISIS_CONTACTS["en"]),
        "CRISIS_CONTACTS_ES": os.environ.get("CRISIS_CONTACTS_ES", ""),
        # The organisation's own public contacts (switchboard, ward lines, department emails,
        # building addresses): never reported as PHI. Same format as CRISIS_CONTACTS.
        "ORGANISATION_CONTACTS": os.environ.get("ORGANISATION_CONTACTS", ""),
        # Regions the PHI guard reads phone numbers for (ISO 3166 codes, comma-separated).
        "PHI_PHONE_REGIONS": os.environ.get("PHI_PHONE_REGIONS", "GB,US"),
        "ONCALL_EMAILS": os.environ.get("ONCALL_EMAILS", ""),
        # forum/platform/i18n.py: the language when neither the member, the switch nor the
        # browser names a supported one, and the time zone of dates for anyone without their own.
        "DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "en"),
        "DEFAULT_TIMEZONE": os.environ.get("DEFAULT_TIMEZONE", "UTC"),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Rounds Community"),
        "IP_RETENTION_DAYS": _env_int("IP_RETENTION_DAYS", 30),
        # Content review cycle and clinician re-verification (the staff console).
        "ANSWER_REVIEW_MONTHS": _env_int("ANSWER_REVIEW_MONTHS", 24),
        "RESOURCE_REVIEW_MONTHS": _env_int("RESOURCE_REVIEW_MONTHS", 12),
        "ARTICLE_REVIEW_MONTHS": _env_int("ARTICLE_REVIEW_MONTHS", 12),
        # Hosts an article's video or podcast may be embedded from (https only); also the
        # page's CSP frame-src. Comma-separated.
        "ARTICLE_MEDIA_HOSTS": os.environ.get(
            "ARTICLE_MEDIA_HOSTS", "www.youtube-nocookie.com,player.vimeo.com,media.rounds.invalid"),
        # The picture Open Graph and Twitter cards show for a shared link (a path or a URL).
        "SHARE_IMAGE": os.environ.get("SHARE_IMAGE", "/static/img/share.png"),
        "CLINICIAN_VERIFICATION_MONTHS": _env_int("CLINICIAN_VERIFICATION_MONTHS", 24),
        "DELETION_KEEPS_ANSWERED_QUESTIONS": _env_bool("DELETION_KEEPS_ANSWERED_QUESTIONS", True),
        # Who may read a new question: "public" (everyone) or "members" (signed-in only);
        # askers choose per question unless ALLOW_MEMBERS_ONLY_QUESTIONS is off.
        "QUESTION_VISIBILITY_DEFAULT": _question_visibility_default(),
        "ALLOW_MEMBERS_ONLY_QUESTIONS": _env_bool("ALLOW_MEMBERS_ONLY_QUESTIONS", True),
        # Single sign-on for clinicians and staff (forum/services/sso.py); off while OIDC_ISSUER is empty.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").rstrip("/"),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("OIDC_SCOPES", "openid email profile"),
        "OIDC_ROLE_CLAIM": os.environ.get("OIDC_ROLE_CLAIM", "groups"),
        "OIDC_ROLE_MAP": os.environ.get("OIDC_ROLE_MAP", ""),
        "OIDC_BUTTON_LABEL": os.environ.get("OIDC_BUTTON_LABEL", "Sign in with your organisation account"),
        "OIDC_REQUIRE_MFA_CLAIM": os.environ.get("OIDC_REQUIRE_MFA_CLAIM", ""),
        "OIDC_TRUSTS_VERIFICATION": os.environ.get("OIDC_TRUSTS_VERIFICATION", ""),
        "OIDC_TIMEOUT_SECONDS": float(os.environ.get("OIDC_TIMEOUT_SECONDS") or 5),
        "OIDC_CLOCK_SKEW_SECONDS": _env_int("OIDC_CLOCK_SKEW_SECONDS", 60),
        "OIDC_DISCOVERY_RETRY_SECONDS": float(os.environ.get("OIDC_DISCOVERY_RETRY_SECONDS") or 2),
        "OIDC_DISCOVERY_RETRY_MAX_SECONDS": float(os.environ.get("OIDC_DISCOVERY_RETRY_MAX_SECONDS") or 300),
    }


def check_server_settings(workers: int, environ=os.environ) -> None:
    """gunicorn.conf.py, before any worker starts: refuse settings that serve stale pages.

    Without REDIS_URL each worker keeps its own page cache and generation, so a question
    hidden through one worker stays visible on the others' cached pages for up to
    PAGE_CACHE_SECONDS. In production that is refused with several workers: set REDIS_URL,
    or PAGE_CACHE_ENABLED=false, or run one worker. ALLOW_PER_PROCESS_PAGE_CACHE=true starts
    anyway and says so in the log (a benchmark, a site with no moderation going on).
    """
    def flag(name: str, default: str) -> bool:
        return (environ.get(name) or default).strip().lower() in ("1", "true", "yes", "on")

    production = environ.get("ROUNDS_ENV", "development") == "production"
    if not (production and flag("PAGE_CACHE_ENABLED", "true") and workers > 1 and not environ.get("REDIS_URL")):
        return
    problem = (f"ROUNDS_ENV=production with {workers} workers and no REDIS_URL: each worker keeps its own "
               "page cache, so hidden content can stay visible on another worker's cached pages for up "
               "to PAGE_CACHE_SECONDS")
    if flag("ALLOW_PER_PROCESS_PAGE_CACHE", "false"):
        print(f"WARNING: {problem} (started anyway: ALLOW_PER_PROCESS_PAGE_CACHE=true).", file=sys.stderr)
        return
    raise ConfigError(f"{problem}. Set REDIS_URL (one shared cache), or PAGE_CACHE_ENABLED=false, or "
                      "WEB_CONCURRENCY=1 (or ALLOW_PER_PROCESS_PAGE_CACHE=true to accept it).")
