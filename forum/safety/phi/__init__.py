"""PHI (protected health information) guard for forum posts.

``detect_phi(text)`` returns non-overlapping :class:`PhiSpan` objects sorted by start
offset. It works in layers, each on a well-kept library where one exists:

* contacts (``contacts.py``): ``phonenumbers`` for phone numbers, numbers told in words or
  spaced digit by digit, plain and written-out emails, links that point at a person;
* identifiers (``identifiers.py``): ``python-stdnum`` validators for SSN and NHS numbers,
  cue-anchored record, billing, pharmacy, insurance, device and vehicle numbers, IPs;
* places (``places.py``): ``pyap`` plus UK/EU address shapes and postcodes; dates of birth;
* names (``names.py``): a shipped names list with context rules.

Never PHI (``context.py``): the configured organisation contacts, the crisis contacts,
verified clinicians' public names, and contacts introduced as an organisation's. Candidates
from all layers are merged; on overlap the higher-priority kind wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import contacts, identifiers, names, places
from .context import PhiContext, app_context_or_default

__all__ = ["PhiSpan", "PhiContext", "detect_phi", "PHI_KINDS", "app_context_or_default"]

PHI_KINDS = (
    "phone",
    "email",
    "address",
    "date_of_birth",
    "ssn",
    "national_id",
    "record_number",
    "device_id",
    "vehicle_registration",
    "ip_address",
    "url_identifier",
    "name",
)


@dataclass(frozen=True, order=True)
class PhiSpan:
    kind: str
    start: int
    end: int


# Lower number wins when two candidate spans overlap.
_PRIORITY = {
    "url_identifier": 0,
    "email": 1,
    "ssn": 2,
    "national_id": 3,
    "record_number": 4,
    "device_id": 5,
    "vehicle_registration": 6,
    "ip_address": 7,
    "date_of_birth": 8,
    "phone": 9,
    "address": 10,
    "name": 11,
}


def _resolve(cands: list[tuple[str, int, int]]) -> list[PhiSpan]:
    cands.sort(key=lambda c: (_PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
    chosen: list[tuple[str, int, int]] = []
    for kind, s, e in cands:
        if e <= s or any(s < ce and cs < e for _, cs, ce in chosen):
            continue
        chosen.append((kind, s, e))
    chosen.sort(key=lambda c: c[1])
    return [PhiSpan(k, s, e) for k, s, e in chosen]


def detect_phi(text: str, context: PhiContext | None = None) -> list[PhiSpan]:
    """PHI spans in `text` (non-overlapping, sorted). `context` defaults to the running
    app's settings (organisation and crisis contacts, phone regions) or built-in defaults."""
    if not text:
        return []
    ctx = context or app_context_or_default()
    low = text.lower()
    n_digits = sum(ch.isdigit() for ch in text)
    cands: list[tuple[str, int, int]] = []
    cands += contacts.find_urls(text, ctx)
    cands += contacts.find_emails(text, ctx)
    if n_digits >= 4:
        cands += identifiers.find_ssns(text)
        cands += identifiers.find_national_ids(text, low)
        cands += identifiers.find_ip_addresses(text)
    cands += identifiers.find_record_numbers(text)
    cands += places.find_dates_of_birth(text, low)
    cands += contacts.find_phones(text, ctx, n_digits)
    cands += contacts.find_spoken_numbers(text, low, ctx)
    for kind, start, end in places.find_addresses(text, n_digits):
        if not (ctx.is_public_address(text[start:end]) or places.said_to_be_institutional(text, start, end)):
            cands.append((kind, start, end))
    cands += names.find_names(text, low, ctx)
    return _resolve(cands)


