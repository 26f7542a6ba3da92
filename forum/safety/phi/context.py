"""What the PHI guard is told about the deployment: phone regions and the never-PHI list.

The organisation's own contacts (ORGANISATION_CONTACTS), the CRISIS_CONTACTS numbers and
verified clinicians' public names are public by design, so a span equal to one of them is
never reported. Both contact settings share one format: ``Label|value`` entries separated by
``;``, the value a phone number, an email address or a postal address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app, has_app_context

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TITLE = re.compile(r"^(?:(?:dr|doctor|prof|professor|mr|mrs|ms|miss|mx|nurse|sister)\.?\s+)+")


def digits_of(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def address_key(value: str) -> str:
    """Lower-case letters and digits only: "1 Great George St." and "1 great george st" agree."""
    return _NON_ALNUM.sub("", value.lower())


def _phone_key(digits: str) -> str:
    # National and international forms of one number share their last nine digits
    # (0113 243 3144 and +44 113 243 3144); shorter numbers (999, 116 123) compare whole.
    return digits[-9:] if len(digits) > 9 else digits


@dataclass(frozen=True)
class PhiContext:
    phone_regions: tuple[str, ...] = ("GB", "US")
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    public_names: frozenset[str] = field(default_factory=frozenset)

    def is_public_phone(self, value: str) -> bool:
        digits = digits_of(value)
        return bool(digits) and _phone_key(digits) in self.phones

    def is_public_email(self, value: str) -> bool:
        return value.lower() in self.emails

    def is_public_address(self, value: str) -> bool:
        key = address_key(value)
        return len(key) >= 5 and any(key in known or (len(known) >= 5 and known in key)
                                     for known in self.addresses)

    def is_public_name(self, value: str) -> bool:
        return " ".join(value.lower().split()) in self.public_names

    def with_public_names(self, names: list[str]) -> PhiContext:
        # Profiles may carry the title ("Dr Helen Marsh"); a post may name her either way.
        extra = {_TITLE.sub("", " ".join(n.lower().split())) for n in names if n and n.strip()}
        return PhiContext(self.phone_regions, self.phones, self.emails, self.addresses,
                          self.public_names | frozenset(extra))


def parse_contacts(*settings: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(phone keys, emails, address keys) from ``Label|value;Label|value`` settings."""
    phones: set[str] = set()
    emails: set[str] = set()
    addresses: set[str] = set()
    for setting in settings:
        for entry in (setting or "").split(";"):
            value = entry.split("|", 1)[1] if "|" in entry else entry
            value = value.strip()
            if not value:
                continue
            if "@" in value:
                emails.add(value.lower())
            elif re.search(r"[a-zA-Z]{3,}", value):
                addresses.add(address_key(value))
            elif digits_of(value):
                phones.add(_phone_key(digits_of(value)))
    return frozenset(phones), frozenset(emails), frozenset(addresses)


@lru_cache(maxsize=8)
def build_context(organisation_contacts: str, crisis_contacts: str, regions: str) -> PhiContext:
    phones, emails, addresses = parse_contacts(organisation_contacts, crisis_contacts)
    region_list = tuple(r.strip().upper() for r in regions.split(",") if r.strip()) or ("GB", "US")
    return PhiContext(region_list, phones, emails, addresses)


def app_context_or_default() -> PhiContext:
    """The context for the running app's settings, or the defaults outside an app."""
    if not has_app_context():
        return DEFAULT_CONTEXT
    config = current_app.config
    # Every language's crisis numbers (CRISIS_CONTACTS_ES may name other lines).
    crisis = ";".join(filter(None, (config.get("CRISIS_CONTACTS", ""), config.get("CRISIS_CONTACTS_ES", ""))))
    return build_context(config.get("ORGANISATION_CONTACTS", ""), crisis,
                         config.get("PHI_PHONE_REGIONS", "GB,US"))


DEFAULT_CONTEXT = PhiContext()
