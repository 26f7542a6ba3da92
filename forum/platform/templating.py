"""Jinja set-up: permission predicates and display filters for templates."""
from datetime import datetime, timezone
from types import SimpleNamespace

from flask import Flask, current_app, has_request_context
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user

from forum.models.enums import ENUMS, AccountStatus, Role, TopicKind
from forum.permissions import TEMPLATE_PREDICATES, is_moderator
from forum.platform.i18n import localised_setting
from forum.platform.drafts import DRAFT_CLEAR, draft_key
from forum.services.account_status import account_status
from forum.services.articles import media_hosts

# How a role is named to people (the stored value is the Role itself).
ROLE_NAMES = {
    Role.MEMBER: _l("member"), Role.CAREGIVER: _l("caregiver"), Role.CLINICIAN: _l("clinician"),
    Role.STAFF: _l("staff"), Role.ADMIN: _l("admin"),
}
TOPIC_KIND_NAMES = {TopicKind.CONDITION: _l("Condition"), TopicKind.PROCEDURE: _l("Procedure")}
RESOURCE_FORMAT_NAMES = {"article": _l("Articles"), "video": _l("Videos"), "pdf": _l("PDFs"), "tool": _l("Tools")}
RESOURCE_FORMAT_NAME = {"article": _l("Article"), "video": _l("Video"), "pdf": _l("PDF"), "tool": _l("Tool")}
FORMER_MEMBER = _l("Former member")
ANONYMOUS_MEMBER = _l("A community member")


def humanize_age(moment: datetime | None, now: datetime | None = None) -> str:
    """'3 h', '2 days': how long ago, in the short form queue rows and lists use."""
    if moment is None:
        return ""
    now = now or datetime.now(timezone.utc)
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return _("less than a minute")
    if seconds < 3600:
        return _("%(minutes)d min", minutes=seconds // 60)
    if seconds < 86400:
        return _("%(hours)d h", hours=seconds // 3600)
    return ngettext("%(num)d day", "%(num)d days", seconds // 86400)


def display_name(user, anonymous: bool = False, viewer=None) -> str:
    """How a post's author is named: "Former member" once the account is deleted (or gone),
    "A community member" for anonymous posts (moderators and the author also see who),
    else the pseudonym. `viewer` defaults to the signed-in user."""
    if user is None or user.status == AccountStatus.DELETED:
        return str(FORMER_MEMBER)
    if not anonymous:
        return user.pseudonym
    if viewer is None and has_request_context():
        viewer = current_user
    if is_moderator(viewer):
        return _("A community member (%(pseudonym)s, posted anonymously)", pseudonym=user.pseudonym)
    if viewer is not None and viewer.is_authenticated and viewer.id == user.id:
        return _("A community member (you, posted anonymously)")
    return str(ANONYMOUS_MEMBER)


def reply_author_name(reply, question, viewer=None) -> str:
    """How a reply's author is named: an anonymous asker stays anonymous in their own
    replies on that question (naming them there would name the asker)."""
    anonymous = bool(question.anonymous and reply.author_id is not None and reply.author_id == question.author_id)
    return display_name(reply.author, anonymous, viewer)


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def crisis_contacts() -> list[tuple[str, str]]:
    """CRISIS_CONTACTS (CRISIS_CONTACTS_ES in Spanish) is 'Label|number;Label|number'."""
    contacts = []
    for entry in localised_setting("CRISIS_CONTACTS").split(";"):
        if "|" in entry:
            label, number = entry.split("|", 1)
            contacts.append((label.strip(), number.strip()))
    return contacts


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals["crisis_contacts"] = crisis_contacts
    # Templates compare with enums.QuestionStatus.PENDING, never a bare status string.
    app.jinja_env.globals["enums"] = SimpleNamespace(**ENUMS)
    app.jinja_env.globals["display_name"] = display_name
    app.jinja_env.globals["role_name"] = role_name
    app.jinja_env.globals["topic_kind_name"] = lambda kind: str(TOPIC_KIND_NAMES.get(kind, kind))
    app.jinja_env.globals["resource_format_name"] = lambda format, plural=False: str(
        (RESOURCE_FORMAT_NAMES if plural else RESOURCE_FORMAT_NAME).get(format, format))
    app.jinja_env.globals["draft_key"] = draft_key
    app.jinja_env.globals["unread_notifications"] = lambda: account_status(current_user).unread_notifications
    app.jinja_env.globals["DRAFT_CLEAR"] = DRAFT_CLEAR
    app.jinja_env.globals["reply_author_name"] = reply_author_name
    app.jinja_env.globals["media_hosts"] = media_hosts
    app.jinja_env.filters["age"] = humanize_age
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _site():
        return {
            "organisation_name": app.config["ORGANISATION_NAME"],
            "medical_disclaimer": localised_setting("MEDICAL_DISCLAIMER"),
        }
