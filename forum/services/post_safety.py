"""Screening a post before it is saved: the PHI guard and the crisis check.

Crisis comes first and cannot be skipped: a post that may describe a crisis is always
saved (pending, marked for the queue) and never held back by the PHI warning, which would
delay the member seeing the crisis contacts. Otherwise, a post with personal details is
refused once with a PhiWarning; the member may confirm, and the confirmation only counts
for the exact text it was given for (an HMAC of the text rides in a hidden field).
"""
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models.accounts import ClinicianProfile
from forum.models.enums import CrisisLevel
from forum.safety import PhiSpan, assess_crisis, detect_phi
from forum.safety.phi import PhiContext, app_context_or_default
from forum.services import DomainError

PHI_WARNING = ("It looks like your post includes personal details such as a phone number or a name. "
               "Posts are public; please remove them, or confirm if you are sure.")


class PhiWarning(DomainError):
    """The text has personal details and the member has not confirmed this exact text."""

    status = 422
    shown_by_page = True

    def __init__(self, text: str, spans: list[PhiSpan], fingerprint: str):
        super().__init__(PHI_WARNING)
        self.text = text
        self.spans = spans
        self.fingerprint = fingerprint


@dataclass(frozen=True)
class Screening:
    phi_flagged: bool
    crisis_level: str

    @property
    def crisis(self) -> bool:
        return self.crisis_level != CrisisLevel.NONE


def phi_fingerprint(text: str) -> str:
    """An HMAC of the text under SECRET_KEY: what a confirmation is bound to."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"phi-confirm:" + text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def phi_context() -> PhiContext:
    """The PHI guard's context for this app: its settings, plus every verified clinician's
    public name (a member thanking "Dr Asha Rao" by name is not sharing PHI)."""
    names = db.session.scalars(select(ClinicianProfile.full_name).where(
        ClinicianProfile.verified_at.is_not(None), ClinicianProfile.revoked_at.is_(None))).all()
    return app_context_or_default().with_public_names(list(names))


def screen_post(text: str, *, phi_confirmed: str | None = None) -> Screening:
    """Run both detectors on the text about to be saved.

    Raises PhiWarning when personal details are found, there is no crisis, and
    `phi_confirmed` is not this text's fingerprint. Otherwise returns what to mark on the post.
    """
    crisis_level = assess_crisis(text)
    spans = detect_phi(text, phi_context())
    if spans and crisis_level == CrisisLevel.NONE:
        fingerprint = phi_fingerprint(text)
        if not (phi_confirmed and hmac.compare_digest(phi_confirmed, fingerprint)):
            raise PhiWarning(text, spans, fingerprint)
    return Screening(phi_flagged=bool(spans), crisis_level=crisis_level)


def question_text(title: str, body: str) -> str:
    """What the detectors read for a question: its title, a blank line, its body."""
    return f"{title}\n\n{body}"
