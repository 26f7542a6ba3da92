"""Numbers that identify a person or their records.

National numbers use ``python-stdnum`` validators where a checksum exists (the NHS number;
SSNs by their area/group/serial rules); the rest are patterns anchored on cue words: hospital, MRN, encounter, billing,
pharmacy and insurance numbers, device serials, vehicle registrations, and IP addresses.
"""

from __future__ import annotations

import ipaddress
import re

from stdnum.gb import nhs

Candidate = tuple[str, int, int]

# ---------------------------------------------------------------------------
# US SSN: grouped any way, or nine digits after a cue
# ---------------------------------------------------------------------------
_SSN_FORMAT = re.compile(r"(?<![\w-])(\d{3})([-\s.])(\d{2})\2(\d{4})(?![\w-])")
_SSN_CUE = re.compile(
    r"(?i)\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?|social)"
    r"(?:\s+(?:is|was|number|no\.?))?\s*[:#(]?\s*"
    r"(?P<v>\d{3}[\s.-]?\d{2}[\s.-]?\d{4})(?![\w-])"
)
# Area, group and serial rules only: stdnum's is_valid also refuses the famous published
# numbers (078-05-1120), which people still type as their own.
_SSN_AREA = re.compile(r"^(?!000|666|9)\d{3}(?!00)\d{2}(?!0000)\d{4}$")
_SSN_CUE_NEAR = re.compile(r"(?i)\b(?:ssn|ss#|social|security)\b")


def find_ssns(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _SSN_FORMAT.finditer(text):
        value = m.group(1) + m.group(3) + m.group(4)
        cued = bool(_SSN_CUE_NEAR.search(text[max(0, m.start() - 40):m.start()]))
        # A dashed 3-2-4 number is an SSN by its shape; spaced or dotted ones need a cue,
        # since "123 45 6789" could as well be a phone number in a foreign format.
        if _SSN_AREA.match(value) and (m.group(2) == "-" or cued):
            found.append(("ssn", m.start(), m.end()))
    for m in _SSN_CUE.finditer(text):
        found.append(("ssn", m.start("v"), m.end("v")))
    return found


# ---------------------------------------------------------------------------
# UK National Insurance number, NHS number
# ---------------------------------------------------------------------------
# Two prefix letters (D, F, I, Q, U, V never; O not second), six digits, suffix A-D; "QQ"
# is the form's own example prefix and people copy it.
_NINO = re.compile(
    r"(?<![\w])(?:QQ|(?![DFIQUV])[A-Z](?![DFIOQUV])[A-Z])\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\w])"
)
_NINO_CUED = re.compile(
    r"(?i)\b(?:national\s+insurance|N\.?I\.?)(?:\s+(?:number|no\.?|#))?(?:\s+(?:is|was))?\s*[:#]?\s*"
    r"(?P<v>[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])(?![\w])"
)
_NHS_SHAPE = re.compile(r"(?<![\w-])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\w-])")
_NHS_CUE = re.compile(r"(?i)\b(?:nhs|chi)\b")


def find_national_ids(text: str, low: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _NINO.finditer(text):
        found.append(("national_id", m.start(), m.end()))
    if "insurance" in low or "ni" in low:
        for m in _NINO_CUED.finditer(text):
            found.append(("national_id", m.start("v"), m.end("v")))
    if "nhs" in low or "chi" in low:
        for m in _NHS_SHAPE.finditer(text):
            if _NHS_CUE.search(text[max(0, m.start() - 40):m.start()]) and nhs.is_valid(re.sub(r"\D", "", m.group(0))):
                found.append(("record_number", m.start(), m.end()))
    return found


# ---------------------------------------------------------------------------
# record numbers: hospital, MRN, encounter, billing, pharmacy, insurance
# ---------------------------------------------------------------------------
_RECORD_CUE = (
    r"(?:medical\s+record(?:\s+(?:number|no\.?|#))?|MRN|hospital\s+(?:number|no\.?|#|ID)|"
    r"NHS\s+(?:number|no\.?|#)|CHI\s+(?:number|no\.?)|record\s+(?:number|no\.?|#)|"
    r"patient\s+(?:ID|number|no\.?|#)|chart\s+(?:number|no\.?|#)|case\s+(?:number|no\.?|#|ID)|"
    r"encounter(?:\s+(?:number|no\.?|#|ID))?|visit\s+(?:number|no\.?|#|ID)|admission\s+(?:number|no\.?|#)|"
    r"(?:billing|hospital|patient)?\s*account(?:\s+(?:number|no\.?|#|ID))?|acct\.?(?:\s+(?:number|no\.?|#))?|"
    r"invoice\s+(?:number|no\.?|#)|claim\s+(?:number|no\.?|#|ID)|reference\s+(?:number|no\.?|#)|ref\.?\s*(?:no\.?|#)|"
    r"R[xX](?:\s+(?:number|no\.?|#))?|prescription\s+(?:number|no\.?|#|ID)|"
    r"(?:insurance\s+)?member(?:ship)?\s+(?:ID|number|no\.?|#)|(?:insurance\s+)?(?:policy|subscriber)\s*"
    r"(?:number|no\.?|ID|#)|insurance\s+(?:ID|number|no\.?|#)|medicare\s+(?:number|no\.?|ID|#)|"
    r"medicaid\s+(?:number|no\.?|ID|#)|group\s+(?:number|no\.?|#)|health\s+(?:card|plan)\s+(?:number|no\.?|ID|#)|"
    r"ID\s+(?:number|no\.?|#)|wristband|"
    r"serial(?:\s+(?:number|no\.?|#))?|(?-i:S/N|SN(?=[\s:#]))|device\s+(?:ID|number|no\.?)|transmitter(?:\s+(?:ID|serial|number))?|"
    r"IMEI|model\s+and\s+serial|"
    r"(?:car\s+|vehicle\s+)?reg(?:istration)?(?:\s+(?:number|no\.?|plate))?|(?:number|license|licence)\s+plate(?:\s+(?:number|no\.?))?|plate(?:\s+(?:number|no\.?))?|tag\s+number)"
)
_RECORD = re.compile(
    r"(?i)\b" + _RECORD_CUE + r"(?:'s)?"
    r"(?:\s+(?:on|in|at|for|from|of)\s+(?:my|the|his|her|their)\s+[a-z]+)?"
    r"(?:\s+(?:is|was|are|were|reads|says|shows))?\s*[:#(,]?\s*(?:is\s+)?#?\s*"
    r"(?P<v>(?-i:[A-Z]{0,5})[-\s]?[\dA-Z][\dA-Z]*(?:[-\s/][\dA-Z]*\d[\dA-Z]*){0,3})(?![\w-])"
)
# Letter-prefixed numbers that name themselves ("MRN12345678", "ENC-2219834", "RX4412873").
_PREFIXED = re.compile(r"(?<![\w-])(?:MRN|ENC|HN|HOSP|PID|ACCT|INV|CLM|MBR|RX)[-#:]?\d{5,}(?![\w-])")
_KIND_BY_CUE = (
    (re.compile(r"(?i)serial|s/?n\b|device|transmitter|imei"), "device_id"),
    (re.compile(r"(?i)\breg|plate|tag\s+number"), "vehicle_registration"),
)
_VALUE_STOP = re.compile(r"(?i)^(?:is|was|the|a|an|my|on|in|of|and|number|no|card|please|if|it|this|that|to)$")
_UK_PLATE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}\s?[A-Z]{3}(?![\w])")
_UK_PLATE_CUE = re.compile(r"(?i)\b(?:car|reg|registration|plate|vehicle|van|parked|parking|towed|clamped|ticket)\b")


def _cue_kind(cue_text: str) -> str:
    for rx, kind in _KIND_BY_CUE:
        if rx.search(cue_text):
            return kind
    return "record_number"


def find_record_numbers(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _RECORD.finditer(text):
        value = m.group("v").rstrip(" -/")
        first = value.split()[0] if value.split() else ""
        if not value or _VALUE_STOP.match(first):
            continue
        # Keep only the tokens that carry digits or look like an id ("KX19 ABC" keeps "ABC").
        kind = _cue_kind(text[m.start():m.start("v")])
        n_digits = sum(ch.isdigit() for ch in value)
        if kind == "vehicle_registration":
            if not (n_digits >= 1 and len(value.replace(" ", "")) >= 5 and re.search(r"[A-Z]", value)):
                continue
        elif kind == "device_id":
            if n_digits < 1 or len(value.replace(" ", "").replace("-", "")) < 5:
                continue
        elif n_digits < 4 or len(value) < 5:
            continue
        found.append((kind, m.start("v"), m.start("v") + len(value)))
    for m in _PREFIXED.finditer(text):
        found.append(("record_number", m.start(), m.end()))
    for m in _UK_PLATE.finditer(text):
        if _UK_PLATE_CUE.search(text[max(0, m.start() - 50):m.end() + 30]):
            found.append(("vehicle_registration", m.start(), m.end()))
    return found


# ---------------------------------------------------------------------------
# IP addresses
# ---------------------------------------------------------------------------
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")
_IPV6 = re.compile(r"(?i)(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?![\w:])")
_VERSION_CUE = re.compile(r"(?i)\b(?:version|v|ver|release|build|update|firmware|app|ios|android)\s*$")


def find_ip_addresses(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for rx in (_IPV4, _IPV6):
        for m in rx.finditer(text):
            try:
                address = ipaddress.ip_address(m.group(0))
            except ValueError:
                continue
            if address.is_loopback or address.is_unspecified or _VERSION_CUE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            found.append(("ip_address", m.start(), m.end()))
    return found
