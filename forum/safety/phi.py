"""PHI (protected health information) guard for forum posts.

``detect_phi(text)`` returns non-overlapping :class:`PhiSpan` objects sorted by
start offset. Detection is pure-stdlib regular expressions plus light
heuristics; every pattern is compiled at import time.

Design notes
------------
* Identifiers that only make sense with context (record numbers, dates of
  birth, names) require a cue ("MRN", "born on", "my name is", ...). The span
  covers the value only, not the cue.
* Self-identifying formats (emails, phone numbers, SSNs, postal addresses,
  URLs with identifying query parameters) are detected on their own.
* Candidates from all detectors are merged; on overlap the higher-priority
  kind wins (e.g. a URL containing an email is reported once, as
  ``url_identifier``; a cued NHS number is ``record_number`` not ``phone``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PhiSpan", "detect_phi", "PHI_KINDS"]

PHI_KINDS = (
    "phone",
    "email",
    "address",
    "date_of_birth",
    "ssn",
    "record_number",
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
    "record_number": 3,
    "date_of_birth": 4,
    "phone": 5,
    "address": 6,
    "name": 7,
}

# ---------------------------------------------------------------------------
# email
# ---------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)

# ---------------------------------------------------------------------------
# URLs with identifying query parameters
# ---------------------------------------------------------------------------
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_ID_PARAM = re.compile(
    r"(?i)[?&;](?:patient(?:_?id)?|pid|mrn|nhs(?:_?(?:no|number))?|email|e-mail|mail|"
    r"(?:first_?|last_?|full_?|user_?|sur)?name|fname|lname|id|uid|user(?:_?id)?|username|"
    r"member(?:_?id)?|dob|birth_?date|ssn|phone|tel|mobile|record(?:_?id)?|chart|account|acct)="
)
_URL_TRAIL = ".,;:!?)]}'\""

# ---------------------------------------------------------------------------
# SSN
# ---------------------------------------------------------------------------
_SSN_FORMAT = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_SSN_CUE = re.compile(
    r"(?i)\b(?=[s])(?:SSN|SSN#|social\s+security(?:\s+(?:number|no\.?|#))?|social)"
    r"(?:\s+(?:is|was|number|no\.?))?\s*[:#(]?\s*"
    r"(?P<v>\d{3}[\s-]?\d{2}[\s-]?\d{4})(?![\w-])"
)

# ---------------------------------------------------------------------------
# record numbers (MRN, NHS number, member ID, policy number, ...)
# ---------------------------------------------------------------------------
_RECORD_CUE = (
    r"(?:medical\s+record(?:\s+(?:number|no\.?|#))?|MRN|hospital\s+(?:number|no\.?)|"
    r"NHS\s+(?:number|no\.?|#)|CHI\s+(?:number|no\.?)|record\s+(?:number|no\.?)|"
    r"patient\s+(?:ID|number|no\.?)|chart\s+(?:number|no\.?)|"
    r"(?:insurance\s+)?member\s+(?:ID|number|no\.?)|(?:insurance\s+)?(?:policy|subscriber)\s+"
    r"(?:number|no\.?|ID|#)|insurance\s+(?:ID|number|no\.?)|medicare\s+(?:number|no\.?|ID)|"
    r"medicaid\s+(?:number|no\.?|ID)|group\s+number)"
)
# Value: groups of letters/digits separated by single spaces or dashes; the
# whole value must contain at least 4 digits.
_RECORD = re.compile(
    r"(?i)\b(?=[mnhcrpigs])" + _RECORD_CUE + r"(?:'s)?"
    r"(?:\s+(?:on|in|at|for|from|of)\s+(?:my|the|his|her|their)\s+[a-z]+)?"  # "on my wristband"
    r"(?:\s+(?:is|was|are|were|reads|says))?\s*[:#(,]?\s*"
    r"(?P<v>(?-i:[A-Z]{0,4})[-\s]?\d[\dA-Z]*(?:[-\s][\dA-Z]*\d[\dA-Z]*){0,3})(?![\w-])"
)

# ---------------------------------------------------------------------------
# dates of birth (cue required)
# ---------------------------------------------------------------------------
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    r"(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 03/07/1985, 7/4/71, 19.10.1940
    r"|" + _YEAR + r"-\d{1,2}-\d{1,2}"  # 1990-11-02
    r"|(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?"  # 14 March 1962
    r"|" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?"  # September 9, 1977
    r")"
)
_DOB_CUE = (
    r"(?:born(?:\s+on)?|D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthday|"
    r"birthday\s+is|b'day)"
)
_DOB = re.compile(
    r"(?i)\b(?=[bdl])" + _DOB_CUE + r"(?:\s+(?:is|was|on|=))*\s*[:(]?\s*(?:is\s+|on\s+)?"
    r"(?P<v>" + _DATE + r")(?![\w/])"
)

# ---------------------------------------------------------------------------
# phone numbers
# ---------------------------------------------------------------------------
_PHONE_US = re.compile(
    r"(?<![\w/.+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w/-]|\.\d)"
)
_PHONE_UK = re.compile(
    r"(?<![\w/.+-])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/-]|\.\d)"
)
_PHONE_INTL = re.compile(r"(?<![\w/.+-])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?![\w/-]|\.\d)")
_DATEISH = re.compile(r"^\d{1,2}[.-]\d{1,2}[.-]\d{2,4}$")

# ---------------------------------------------------------------------------
# postal addresses
# ---------------------------------------------------------------------------
_STREET_SUFFIX = (
    r"(?:(?:Street|Road|Avenue|Lane|Drive|Boulevard|Court|Close|Way|Place|Terrace|Crescent|"
    r"Gardens|Grove|Parkway|Highway|Square|Circle|Row|Mews|Walk|Hill|Park|View|Rise|Trail|"
    r"Parade|Green|Vale|Wharf|Broadway)"
    r"|(?:St|Rd|Ave|Av|Ln|Dr|Blvd|Ct|Pl|Terr?|Cres|Gdns|Gr|Pkwy|Hwy|Sq|Cir|Trl|Pde)\.?)"
)
_STREET_WORD = r"(?:[A-Z][a-z]+(?:'s)?|[NSEW]\.?|[A-Z][a-z]*'[A-Z]?[a-z]+)"
_UNIT = r"(?:(?:Apt|Apartment|Unit|Suite|Ste|Flat|Fl|#)\.?\s*#?\d+[A-Z]?|(?:Apt|Unit|Flat)\.?\s*[A-Z]\d*)"
_US_STATE = (
    r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
    r"S[CD]|T[NX]|UT|V[AT]|W[AIVY])"
)
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})"
_CITY = r"(?:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})"
_ADDR_TAIL = (
    r"(?:,?\s+" + _UNIT + r")?"
    r"(?:,\s*" + _CITY + r"(?:,?\s+" + _US_STATE + r"(?:\s+\d{5}(?:-\d{4})?)?|\s+" + _UK_POSTCODE + r")?"
    r"|,?\s+" + _UK_POSTCODE + r"|,?\s+" + _US_STATE + r"\s+\d{5}(?:-\d{4})?)?"
)
_HOUSE = r"(?=[\dAFSU#])(?:(?:" + _UNIT + r"),\s*)?\b\d{1,5}[A-Z]?(?:-\d{1,5})?"
_ADDRESS = re.compile(
    r"(?<![\w/.,])" + _HOUSE + r"\s+(?:" + _STREET_WORD + r"\s+){0,3}" + _STREET_SUFFIX
    + r"(?![\w'])" + _ADDR_TAIL
)
# No street suffix (e.g. "33 Kingsway"), but followed by a city + postcode/ZIP.
_ADDRESS_NOSUFFIX = re.compile(
    r"(?<![\w/.,])" + _HOUSE + r"\s+(?:" + _STREET_WORD + r"\s+){0,2}" + _STREET_WORD
    + r",\s*" + _CITY + r"(?:,?\s+" + _US_STATE + r"\s+\d{5}(?:-\d{4})?|\s+" + _UK_POSTCODE + r")(?!\w)"
)
_ADDR_BAD_FIRST = re.compile(
    r"(?i)^\d+\s+(?:mg|ml|kg|lbs?|units?|times|weeks?|days?|hours?|years?|months?|miles?|"
    r"minutes?|x)\b"
)

# ---------------------------------------------------------------------------
# names (cue required)
# ---------------------------------------------------------------------------
_NAME_WORD = r"(?:[A-Z][a-z]*'[A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_RELATIVE = (
    r"(?:son|daughter|husband|wife|mother|mum|mom|mam|father|dad|partner|brother|sister|"
    r"boyfriend|girlfriend|fianc[eé]e?|grandson|granddaughter|grandmother|grandfather|gran|"
    r"grandma|grandad|grandpa|nan|nana|aunt|auntie|uncle|niece|nephew|cousin|child|baby|"
    r"stepson|stepdaughter|stepmother|stepfather|twin|friend|carer|flatmate|neighbour|neighbor)"
)
_NAME_CUE = (
    r"(?:my\s+name\s+is|my\s+name's|name\s*:|i'm|i\s+am|this\s+is|called|named|"
    r"my\s+(?:(?:little|older|younger|big|late|elder|eldest|youngest|teenage|adult)\s+)?"
    + _RELATIVE + r"(?:'s)?(?:\s+(?:is|was))?(?:\s+(?:called|named))?)"
)
_NAME = re.compile(
    r"(?i:\b(?=[mnitc])" + _NAME_CUE + r")\s+(?:(?i:my\s+(?:" + _RELATIVE + r")\s+))?"
    r"(?P<v>" + _NAME_WORD + r"(?:\s+[A-Z]\.)?(?:\s+" + _NAME_WORD + r"){1,2})(?![\w-]|'(?!s\b))"
)
# Capitalised words that follow "I'm" / "called" etc. but are not names.
_NOT_NAME = frozenset(
    """
    type very so really not just still new on off in at the a an and but or my your our his her
    their this that these those here there now today currently always never also too quite
    diabetic diabetes pregnant scared worried terrified anxious tired sick ill feeling feel
    struggling waiting going trying looking hoping living dealing having getting being doing
    british english scottish welsh irish american canadian australian indian pakistani african
    european asian chinese jewish muslim catholic christian hindu sikh vegan vegetarian
    dr doctor mr mrs ms miss mx prof professor nurse sister sir dame lord lady rev st saint
    nhs gp mind macmillan boots pharmacy hospital clinic surgery centre center health medical
    trust practice direct line group foundation support service services team unit ward
    living well with about from for of to by when what who where why how yes no ok okay
    back again better worse fine good great home here patient advice liaison care helpline
    mum mom dad nan gran grandma grandad god jesus lord
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december
    type1 type2 stage grade level
    """.split()
)
_NAME_SECOND_BAD = frozenset(
    """
    hospital clinic surgery centre center pharmacy health medical trust practice direct line
    group foundation support service services team unit ward street road avenue lane
    university college school syndrome disease disorder cancer diabetes type stiff waiting
    advice liaison care helpline
    """.split()
)


_RECORD_HINT = re.compile(
    r"mrn|record|nhs|member|policy|patient|chart|insurance|subscriber|medicare|medicaid|hospital|chi\b|group"
)
_DOB_HINT = re.compile(r"born|d\.?o\.?b|birth|b'day")
_NAME_HINT = re.compile(r"name|i'm|i\s+am|this\s+is|called|my\s")


def _resolve(cands: list[tuple[str, int, int]]) -> list[PhiSpan]:
    # Higher priority first, then longer spans, then earlier.
    cands.sort(key=lambda c: (_PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
    chosen: list[tuple[str, int, int]] = []
    for kind, s, e in cands:
        if e <= s:
            continue
        if any(s < ce and cs < e for _, cs, ce in chosen):
            continue
        chosen.append((kind, s, e))
    chosen.sort(key=lambda c: c[1])
    return [PhiSpan(k, s, e) for k, s, e in chosen]


def _digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def detect_phi(text: str) -> list[PhiSpan]:
    """Return PHI spans found in ``text`` (non-overlapping, sorted by start)."""
    if not text:
        return []
    cands: list[tuple[str, int, int]] = []
    add = cands.append
    # Cheap prefilters: skip whole detectors whose cue/anchor is absent.
    low = text.lower()
    n_digits = _digits(text)

    for m in _URL.finditer(text) if ("http" in low or "www." in low) else ():
        url = m.group(0)
        stripped = url.rstrip(_URL_TRAIL)
        if _ID_PARAM.search(stripped):
            add(("url_identifier", m.start(), m.start() + len(stripped)))

    for m in _EMAIL.finditer(text) if "@" in text else ():
        add(("email", m.start(), m.end()))

    for m in _SSN_FORMAT.finditer(text) if "-" in text and n_digits >= 9 else ():
        add(("ssn", m.start(), m.end()))
    for m in _SSN_CUE.finditer(text) if ("ssn" in low or "social" in low) else ():
        add(("ssn", m.start("v"), m.end("v")))

    for m in _RECORD.finditer(text) if n_digits >= 4 and _RECORD_HINT.search(low) else ():
        v = m.group("v").rstrip(" -")
        if _digits(v) >= 4 and len(v) >= 5:
            add(("record_number", m.start("v"), m.start("v") + len(v)))

    for m in _DOB.finditer(text) if _DOB_HINT.search(low) else ():
        add(("date_of_birth", m.start("v"), m.end("v")))

    for rx in (_PHONE_US, _PHONE_UK, _PHONE_INTL) if n_digits >= 10 else ():
        for m in rx.finditer(text):
            val = m.group(0)
            n = _digits(val)
            if not 10 <= n <= 13 or _DATEISH.match(val):
                continue
            add(("phone", m.start(), m.end()))

    for rx in (_ADDRESS, _ADDRESS_NOSUFFIX) if n_digits else ():
        for m in rx.finditer(text):
            val = m.group(0)
            if _ADDR_BAD_FIRST.match(val):
                continue
            add(("address", m.start(), m.end()))

    for m in _NAME.finditer(text) if _NAME_HINT.search(low) else ():
        words = m.group("v").split()
        words = [w for w in words if not (len(w) == 2 and w.endswith("."))]
        if any(w.lower() in _NOT_NAME for w in words):
            continue
        if words[0].lower().endswith("ing"):  # "I'm Taking Vitamin D", "I'm Feeling Better"
            continue
        if any(w.lower() in _NAME_SECOND_BAD for w in words[1:]):
            continue
        add(("name", m.start("v"), m.end("v")))

    return _resolve(cands)
