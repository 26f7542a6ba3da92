"""People's names, found by context and checked against a names list.

The list (``data/first_names.txt``, ``data/surnames.txt``, about 260 KB) is the US Census
first names and the 30,000 commonest surnames as shipped by the MIT-licensed ``names``
package, plus common South Asian, East Asian, African, Irish, Slavic, Hispanic, Italian,
German and Nordic names added by hand. It is read once per process.

Contexts: a cue ("my name is", "I'm", "this is", "X here"), a relative ("my sister ..."), a
sign-off line (a social title, a middle initial, an age), a name followed by a description
("..., mum of three"), and two list words in a row anywhere: first name then surname, or a
listed surname then a given name (family name first: "Huang Mei"); a hyphenated given name counts
when its parts are listed ("Lee-Ann"). Unlisted names are taken only in a sure context: a
sign-off ending the post, or a person doing something at the start of a sentence ("... asked").
Medical titles (Dr, Nurse, Prof) and verified clinicians' public names are not PHI.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import lexicon_en as lex
from .context import PhiContext

Candidate = tuple[str, int, int]
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower-case."""
    def read(name: str) -> frozenset[str]:
        with open(DATA_DIR / name, encoding="utf-8") as fh:
            return frozenset(line.strip().lower() for line in fh if line.strip())
    return read("first_names.txt"), read("surnames.txt")


_CAP = r"(?:[A-Z][a-z]*'[A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]+)?)"
_LOWER = r"(?:[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?)"
_INITIAL = r"(?:[A-Z]\.?)"
_REL = r"(?:" + "|".join(sorted((re.escape(r) for r in lex.RELATIVES), key=len, reverse=True)) + r")"
_TITLE = r"(?:Mrs|Mr|Ms|Miss|Mx|Rev(?:erend)?|Dr|Doctor|Prof(?:essor)?|Sir|Dame|Lady|Lord|Nurse|Sister)\.?"

# A full name in Title Case: two or three words, an optional middle initial.
_FULL = _CAP + r"(?:\s+" + _INITIAL + r")?(?:\s+" + _CAP + r"){1,2}"
_CUE = (r"(?:my\s+name\s+is|my\s+name's|name\s*:|names?\s+(?:is|are)|i'?m|im|i\s+am|this\s+is|it'?s|"
        r"called|named|signed)")
_CUED = re.compile(
    r"(?i:\b" + _CUE + r")\s+(?:(?i:my\s+" + _REL + r"\s+))?"
    r"(?P<v>" + _TITLE + r"\s+" + _CAP + r"(?:\s+" + _CAP + r")?|" + _FULL + r"|(?i:" + _LOWER + r"\s+" + _LOWER
    + r"(?:\s+" + _LOWER + r")?))(?![\w-]|'(?!s\b))"
)
_RELATIVE = re.compile(
    r"(?i:\bmy\s+(?:(?:little|older|younger|big|late|elder|eldest|youngest|teenage|adult|baby|twin|step)\s+)?"
    + _REL + r"(?:'s)?(?:\s*,)?(?:\s+(?:is|was))?(?:\s+(?:called|named))?)\s+(?P<v>" + _FULL + r"|" + _CAP + r")(?![\w-])"
)
_SIGNOFF = re.compile(
    r"(?im:(?:^|[.!?]\s+|\n)\s*(?:[-–—~]+\s*|" + lex.SIGN_OFFS + r"\s*[,!.:-]?\s*\n?\s*)?)"
    r"(?P<v>(?:" + _TITLE + r"\s+)?" + _FULL + r")"
    r"(?=\s*(?:$|\n|,\s*(?:\d{1,3}\b|aged?\b|age\b|mum\b|mom\b|mother\b|dad\b|father\b|wife\b|husband\b|"
    r"grand\w+\b|carer\b|caregiver\b|from\b|[A-Z][a-z]+\s*$|a\s+|an\s+|retired\b|new\b|living\b|just\b|"
    r"type\b|recently\b|diagnosed\b|nurse\b|teacher\b|student\b|\w+\s+of\s+\w+)|\s*\(\d{1,3}\)|\s+here\b))"
)
_HERE = re.compile(r"(?im)(?:^|[.!?,]\s+|\b(?:hi|hello|hey)(?:\s+all|\s+everyone|\s+there)?[,!]?\s+)(?P<v>" + _FULL
                   + r"|(?i:" + _LOWER + r"\s+" + _LOWER + r"(?:\s+" + _LOWER + r")?))\s+here\b")
_PAIR = re.compile(r"(?<![\w'-])(?P<v>" + _CAP + r"(?:\s+" + _INITIAL + r")?\s+" + _CAP + r"(?:\s+" + _CAP + r")?)(?![\w-])")
# A person doing something ("Wanjiru Kamau asked ...") or met ("bumped into ... at the pharmacy").
_PERSON_AFTER = re.compile(r"\s+(?:asked|wrote|said|told|phoned|rang|emailed|messaged|posted|replied|visited|"
                           r"recommended|suggested|explained|drove|came|went|has\s+(?:had|been|the)|had\s+the)\b")
_PERSON_BEFORE = re.compile(r"(?i)\b(?:bumped\s+into|ran\s+into|next\s+to|sat\s+with|talked\s+to|spoke\s+to|"
                            r"met|neighbour|neighbor|friend|colleague|flatmate|partner|under)\s+$")
# A sign-off that ends the post, with or without "to you all": "Warm wishes to you all, Florentyna Nowicka".
_SIGNOFF_END = re.compile(r"(?i:\b" + lex.SIGN_OFFS + r"(?:\s+(?:to\s+)?(?:you\s+all|all|everyone|everybody))?\s*[,!.:-]?\s*)"
                          r"(?P<v>" + _FULL + r")\s*[.!x]*\s*$")
_NAME_HINT = re.compile(r"name|i'?m|\bim\b|i\s+am|this\s+is|it'?s|called|named|my\s|here\b|signed|from|^|\n")


def _words(value: str) -> list[str]:
    return [w for w in value.split() if not re.fullmatch(r"[A-Z]\.?", w)]


def _plausible(words: list[str], *, strong: bool) -> bool:
    """Whether words read as a person's name. `strong` contexts ("my name is") need only
    one list word; weak ones (a pair of capitalised words) need first name + surname."""
    first_names, surnames = name_lists()
    lowered = [w.lower().strip("'") for w in words]
    if len(lowered) < 2 or lowered[0] in lex.NOT_NAME or any(w in lex.NOT_NAME - {"ward"} for w in lowered[1:]):
        return False  # a first name alone ("my son Jack") does not identify anyone
    if any(w in lex.NAME_SECOND_BAD for w in lowered[1:]) or lowered[0].endswith("ing"):
        return False
    parts = [p for w in lowered for p in w.split("-") if p]
    known = sum(1 for p in parts if p in first_names or p in surnames)
    if strong and not all(w.islower() for w in words):
        return known >= 1
    if strong:  # lower case ("im priya raman"): every word must be a listed name
        return (_given(lowered[0], first_names) and lowered[0] not in lex.COMMON_WORD_NAMES
                and all(p in first_names or p in surnames for p in parts))
    if lowered[0] in lex.COMMON_WORD_NAMES or lowered[-1] in lex.COMMON_WORD_NAMES:
        return False
    if _given(lowered[0], first_names) and any(p in surnames or p in first_names for p in lowered[-1].split("-")):
        return True
    # Family name first ("Huang Mei", "Pham Van Duc", "Kim Min-jun"): a listed surname, then a given name.
    return lowered[0] in surnames and _given(lowered[-1], first_names)


def _given(word: str, first_names: frozenset[str]) -> bool:
    """A listed first name, or a hyphenated one whose parts are all listed ("Lee-Ann", "Min-jun")."""
    return word in first_names or ("-" in word and all(p in first_names for p in word.split("-") if p))


def _unlisted_ok(words: list[str]) -> bool:
    """Two or three Title-Case words with no list word at all, taken as a name only in a sure
    context (a sign-off ending the post, a person doing something): none may be a common word."""
    lowered = [w.lower() for w in words]
    return (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not any(w in lex.NOT_NAME or w in lex.COMMON_WORD_NAMES or w in lex.NAME_SECOND_BAD for w in lowered))


def _strip_title(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    m = re.match(_TITLE + r"\s+", text[start:end])
    if not m:
        return start, end, None
    return start + m.end(), end, m.group(0).strip().lower()


_CLINICAL_NEAR = re.compile(r"(?i)\b(?:surgeon|consultant|registrar|specialist|operated|operation|clinic|"
                            r"hospital|team|under|referred|saw)\b")
_PRECEDING_TITLE = re.compile(r"(?i)(?<!my\s)(?<!our\s)(?<!his\s)(?<!her\s)\b(?:dr|doctor|prof|professor|nurse|sister|matron|consultant|surgeon)\.?\s+$")


def find_names(text: str, low: str, ctx: PhiContext) -> list[Candidate]:
    found: list[Candidate] = []
    if not _NAME_HINT.search(low) and not re.search(r"[A-Z][a-z]+\s+[A-Z][a-z]+", text):
        return found

    def add(start: int, end: int, *, strong: bool, title_ok: bool = True, sure: bool = False) -> None:
        value_start, value_end, title = _strip_title(text, start, end)
        if title in lex.MEDICAL_TITLES or _PRECEDING_TITLE.search(text[max(0, start - 15):start]):
            return  # clinicians are named in their role, publicly
        if title and not title_ok:
            return
        words = _words(text[value_start:value_end])
        if ctx.is_public_name(" ".join(words)) or not (_plausible(words, strong=strong)
                                                      or (sure and _unlisted_ok(words))):
            return
        if title in ("mr", "mr.") and _CLINICAL_NEAR.search(text[max(0, start - 50):end + 40]):
            return  # UK surgeons are "Mr": "my surgeon was Mr James Clarke"
        found.append(("name", start if title and title not in ("mr", "mr.") else value_start, end))

    for m in _CUED.finditer(text):
        value = m.group("v")
        if value.islower() and len(value.split()) < 2:
            continue
        add(m.start("v"), m.end("v"), strong=True)
    for m in _RELATIVE.finditer(text):
        add(m.start("v"), m.end("v"), strong=True)
    for m in _SIGNOFF.finditer(text):
        add(m.start("v"), m.end("v"), strong=True)
    for m in _HERE.finditer(text):
        add(m.start("v"), m.end("v"), strong=True)
    for m in _SIGNOFF_END.finditer(text):
        add(m.start("v"), m.end("v"), strong=True, sure=True)
    for m in _PAIR.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        at_start = not before.strip() or re.search(r"[.!?\n]\s*$", before)
        acting = bool(_PERSON_AFTER.match(text, m.end())) and bool(at_start)
        met = bool(_PERSON_BEFORE.search(before))
        add(m.start("v"), m.end("v"), strong=acting or met, sure=acting)
    return found
