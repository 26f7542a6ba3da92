"""Languages and time zones: which ones a request uses, the message catalogues, dates and numbers.

The language of a request is, in order: the signed-in member's setting (`User.language`),
else the language switch's cookie (set by `POST /language`, so it works without an account
and without JavaScript), else the browser's `Accept-Language`, else `DEFAULT_LOCALE`. The
time zone is the member's setting (`User.time_zone`), else `DEFAULT_TIMEZONE`.

The catalogues are the `.po` files in forum/translations/<language>/LC_MESSAGES/ (kept in
the repository; `make messages` extracts and updates them). They are compiled in memory
when the app starts, so a fresh clone needs no compile step and no `.mo` file is ever
stale: `CatalogueDomain` hands Flask-Babel the compiled catalogue instead of reading `.mo`
files from disk.

Emails are written in their recipient's language: `in_language_of(user)` around the code
that renders them (it is `flask_babel.force_locale`).
"""
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import available_timezones

from babel import Locale, support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_app_context, has_request_context, request
from flask_babel import Babel, Domain, force_locale, format_date, format_datetime, get_locale
from flask_login import current_user
from werkzeug.utils import cached_property

from forum.config import DEFAULT_CRISIS_CONTACTS, DEFAULT_MEDICAL_DISCLAIMER, ConfigError
from forum.models.enums import Language

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
# Set by POST /language (forum/views/language.py); read before Accept-Language.
LANGUAGE_COOKIE = "rounds_language"
LANGUAGE_COOKIE_DAYS = 365
# Each language named in itself, so a reader who cannot read the current one finds theirs.
LANGUAGE_NAMES = {Language.EN: "English", Language.ES: "Español"}


def supported_languages() -> list[str]:
    return [language.value for language in Language]


@cache
def compiled_catalogue(language: str) -> support.Translations | None:
    """The language's .po file compiled to a gettext catalogue, once per process (None: no file)."""
    po_file = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.exists():
        return None
    with po_file.open("rb") as source:
        catalogue = read_po(source, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalogue)  # fuzzy entries are left out, as `pybabel compile` does
    buffer.seek(0)
    return support.Translations(fp=buffer, domain=DOMAIN)


class CatalogueDomain(Domain):
    """Flask-Babel's domain, fed from the in-memory catalogues instead of .mo files."""

    def get_translations(self):
        if not has_app_context():
            return support.NullTranslations()
        return compiled_catalogue(str(get_locale().language)) or support.NullTranslations()


class RoundsBabel(Babel):
    @cached_property
    def domain_instance(self):
        return CatalogueDomain(domain=DOMAIN)


babel = RoundsBabel()


def language_from_request() -> str | None:
    """The switch's cookie, else the best Accept-Language match; None when neither names ours."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in supported_languages():
        return chosen
    return request.accept_languages.best_match(supported_languages())


def select_language() -> str:
    """Flask-Babel's locale selector (see the module docstring for the order)."""
    if has_request_context():
        if current_user.is_authenticated and current_user.language:
            return current_user.language
        from_request = language_from_request()
        if from_request:
            return from_request
    return current_app.config["DEFAULT_LOCALE"]


def select_time_zone() -> str:
    if has_request_context() and current_user.is_authenticated and current_user.time_zone:
        return current_user.time_zone
    return current_app.config["DEFAULT_TIMEZONE"]


def current_language() -> str:
    """The language of this request (or of the `in_language_of` block around it), e.g. "es"."""
    return str(get_locale().language)


def content_language(chosen: str | None = None) -> str:
    """The language a new post is written in: `chosen` if it is one we support, else the
    interface language of the request writing it. DomainError-free: a bad value falls back."""
    return chosen if chosen in supported_languages() else current_language()


@contextmanager
def in_language_of(user):
    """Render what is inside (an email) in `user`'s language, else DEFAULT_LOCALE; no request needed."""
    language = (getattr(user, "language", None) or current_app.config["DEFAULT_LOCALE"])
    with force_locale(language):
        yield


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zones a member may choose (the forms' choices and the setting's validator)."""
    return tuple(sorted(name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/"))))


def _aware(moment):
    """Stored times are UTC; a naive one (SQLite without the UTC column type) is read as UTC."""
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def localised_date(moment: date | None, format: str = "long") -> str:
    """A date in the viewer's language and time zone: "December 2, 2026" / "2 de diciembre de 2026"."""
    return format_date(_aware(moment), format) if moment is not None else ""


def localised_datetime(moment: datetime | None, format: str = "medium") -> str:
    return format_datetime(_aware(moment), format) if moment is not None else ""


LOCALISED_DEFAULTS = {"MEDICAL_DISCLAIMER": DEFAULT_MEDICAL_DISCLAIMER, "CRISIS_CONTACTS": DEFAULT_CRISIS_CONTACTS}


def localised_setting(name: str, language: str | None = None) -> str:
    """A setting in the reader's language: NAME_ES for Spanish if set; else NAME itself, unless
    NAME is still the English default, in which case the built-in default for the language."""
    language = language or current_language()
    config = current_app.config
    own = config.get(f"{name}_{language.upper()}")
    if own:
        return own
    value = config[name]
    defaults = LOCALISED_DEFAULTS[name]
    return defaults.get(language, value) if value == defaults["en"] else value


def language_name(code: str | None) -> str:
    """A content language's name in the reader's language ("inglés" for an English post read in Spanish)."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, TypeError):
        return code


def init_app(app: Flask) -> None:
    if app.config["DEFAULT_LOCALE"] not in supported_languages():
        raise ConfigError(f"DEFAULT_LOCALE must be one of {', '.join(supported_languages())}")
    if app.config["DEFAULT_TIMEZONE"] not in available_timezones():
        raise ConfigError(f"DEFAULT_TIMEZONE {app.config['DEFAULT_TIMEZONE']!r} is not an IANA time zone")
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["DEFAULT_TIMEZONE"]
    babel.init_app(app, locale_selector=select_language, timezone_selector=select_time_zone)
    # {% trans %} blocks ignore line breaks and indentation, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    for language in supported_languages():
        compiled_catalogue(language)  # a broken catalogue stops start-up, not a page later
    app.jinja_env.globals.update(
        current_language=current_language,
        language_names=LANGUAGE_NAMES,
        language_name=language_name,
    )
    app.jinja_env.filters["date"] = localised_date
    app.jinja_env.filters["datetime"] = localised_datetime
