"""A member's language and time zone (read by forum/platform/i18n.py on every request)."""
from flask_babel import gettext as _

from forum.models import User
from forum.models.enums import Language
from forum.platform.i18n import time_zone_names
from forum.services import DomainError


def set_language(user: User, language: str) -> None:
    """The member's own choice (any signed-in user, for themselves). DomainError: not a supported language."""
    if language not in set(Language):
        raise DomainError(_("Choose one of the languages offered."), field="language")
    user.language = Language(language)


def set_preferences(user: User, *, language: str, time_zone: str) -> None:
    """Language and time zone together, from the account page. DomainError: unknown language or zone."""
    if time_zone not in time_zone_names():
        raise DomainError(_("Choose a time zone from the list."), field="time_zone")
    set_language(user, language)
    user.time_zone = time_zone
