"""Where and when a person is: postal addresses, postcodes and dates of birth.

Addresses come in many shapes: US and UK street addresses (house number, street-type word),
a flat in a named house, a named cottage or farm in a village, continental streets with the
postcode before the city, and postcodes or ZIP codes on their own. All shapes are patterns
here: ``pyap`` 0.3.1, the address finder on PyPI, installs an old ``six`` import hook that
breaks imports under ``-W error`` and took ~0.1 s on a 3,000-character post; ``usaddress``
parses an address it is given but does not find one in running text. A bare appointment or procedure
date is not PHI; a date of birth is, however it is written.
"""

from __future__ import annotations

import re

from . import lexicon_en as lex

Candidate = tuple[str, int, int]

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
UK_POSTCODE = r"(?:(?:GIR\s?0AA)|(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}))"
_CITY = r"(?:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})"
_ADDR_TAIL = (
    r"(?:,?\s+" + _UNIT + r")?"
    r"(?:,\s*" + _CITY + r"(?:,?\s+" + _US_STATE + r"(?:\s+\d{5}(?:-\d{4})?)?|,?\s+" + UK_POSTCODE + r")?"
    r"|,?\s+" + UK_POSTCODE + r"|,?\s+" + _US_STATE + r"\s+\d{5}(?:-\d{4})?)?"
)
_HOUSE = r"(?=[\dAFSU#])(?:(?:" + _UNIT + r"),\s*)?\b\d{1,5}[A-Z]?(?:-\d{1,5})?"
_ADDRESS = re.compile(
    r"(?<![\w/.,])" + _HOUSE + r"\s+(?:" + _STREET_WORD + r"\s+){0,3}" + _STREET_SUFFIX
    + r"(?![\w'])" + _ADDR_TAIL
)
# No street suffix ("33 Kingsway"), but a city and a postcode or ZIP follow.
_ADDRESS_NOSUFFIX = re.compile(
    r"(?<![\w/.,])" + _HOUSE + r"\s+(?:" + _STREET_WORD + r"\s+){0,2}" + _STREET_WORD
    + r",\s*" + _CITY + r"(?:,?\s+" + _US_STATE + r"\s+\d{5}(?:-\d{4})?|,?\s+" + UK_POSTCODE + r")(?!\w)"
)
_BUILDING = r"(?:House|Court|Lodge|Mansions|Towers?|Buildings?|Hall|Heights|Point|Place|Apartments|Chambers|Villas?)"
_DWELLING = (r"(?:Cottage|Cottages|Farm|Farmhouse|Barn|Lodge|Manor|Grange|Mill|House|Bungalow|Croft|Hall|Rectory|"
             r"Vicarage|Forge|Granary|Smithy|Oast|Stables|Byre|Dairy|Schoolhouse|Coach\s+House|Old\s+School|"
             r"Villa|Chalet|Steading|Mains|Shieling|Bothy)")
_NAMED = r"(?:[A-Z][a-z]+(?:'s)?(?:[\s-][A-Z][a-z]+(?:'s)?)?)"
_LANE = r"(?:[A-Z][a-z]+\s+(?:Lane|Road|Street|Way|Close|Drive|Avenue|Row|Green|Hill|End|Walk|Terrace))"
# "Flat 3, Rosemount House, Kiln Lane"; "Ivy Cottage, Little Hatherden"; "Keeper's Cottage, Long Sutton, TA10 9HT"
_NAMED_HOUSE = re.compile(
    r"(?<![\w])(?:(?:Flat|Apartment|Apt|Unit|Room)\.?\s*\d+[A-Z]?,?\s+" + _NAMED + r"\s+" + _BUILDING
    + r"|(?:" + _NAMED + r"\s+|The\s+(?:Old\s+)?)" + _DWELLING + r")"
    r"(?:,\s*(?:" + _LANE + r"|" + _CITY + r"))(?:,\s*" + _CITY + r")?(?:,?\s+" + UK_POSTCODE + r")?(?![\w])"
)
# Continental: "Hauptstraße 12, 10115 Berlin", "Rue des Lilas 4, 75011 Paris", "12 rue de la Paix, 75002 Paris".
_EU_STREET = (
    r"(?:[A-ZÄÖÜ][\wäöüßéèà-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|laan|straat|gracht|"
    r"plein|vej|gade|gatan|vägen|väg|veien|katu|tie|utca|ulica)"
    r"|(?i:Rue|Avenue|Boulevard|Bd|Chemin|Place|Allée|Impasse|Quai|Via|Viale|Piazza|Corso|Calle|Avenida|Plaza|"
    r"Paseo|Rua|Travessa|Carrer|Ulica|ul\.)\s+(?:(?:de|des|du|la|le|les|del|della|di|da|do|dos|das|d'|l')\s*)*"
    r"[A-ZÀ-Ý][\wà-ÿ'-]+(?:\s+[A-ZÀ-Ý][\wà-ÿ'-]+){0,2})"
)
# Postcode before the city: 10115 (DE), D-10115, 1017 GM (NL), 1100-053 (PT), 00-950 (PL).
_EU_POSTCODE = r"(?:\d{4}\s?[A-Z]{2}(?=\s+[A-Z][a-z])|\d{4}-\d{3}|\d{2}-\d{3}|(?:[A-Z]{1,2}-)?\d{4,5})"
_EU_ADDRESS = re.compile(
    r"(?<![\w])(?:" + _EU_STREET + r"\s+\d{1,4}[a-z]?|\d{1,4}[a-z]?,?\s+(?i:rue|avenue|boulevard|via|calle|place|"
    r"chemin)\s+(?:(?:de|des|du|la|le|les|del|di)\s+)*[A-ZÀ-Ý][\wà-ÿ'-]+(?:\s+[A-ZÀ-Ý][\wà-ÿ'-]+){0,2})"
    r",?\s+" + _EU_POSTCODE + r"\s+[A-ZÀ-Ý][\wà-ÿ-]+(?![\w])"
)
_UK_POSTCODE_ALONE = re.compile(r"(?<![\w-])" + UK_POSTCODE + r"(?![\w-])")
_ZIP_CUED = re.compile(r"(?i)\b(?:zip(?:\s*code)?|post\s*code|postal\s+code)(?:\s+(?:is|was))?\s*[:#]?\s*(?P<v>\d{5}(?:-\d{4})?)(?![\w-])")
_ADDR_BAD_FIRST = re.compile(
    r"(?i)^\d+\s+(?:mg|ml|kg|lbs?|units?|times|weeks?|days?|hours?|years?|months?|miles?|"
    r"minutes?|x|more|of|or|and|to|in|on|at)\b"
)
# Words that show a named building is the hospital's, not a home.
_INSTITUTION = re.compile(
    r"(?i)\b(?:hospital|infirmary|clinic|surgery|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|"
    r"hospice|trust|university|school|college|pharmacy|church|station|library|council|outpatients?)\b"
)

# "Church Street", "School Lane", "Church Farm", "Chapel Cottage": a street or a home named after an
# institution is not the institution.
_STREET_NAMED_AFTER = re.compile(r"(?i)\b(?:church|chapel|station|school|college|hospital|library)\s+"
                                 r"(?:street|road|lane|way|close|row|walk|hill|green|terrace|farm|cottage|"
                                 r"house|barn|lodge)\b")


def find_addresses(text: str, n_digits: int) -> list[Candidate]:
    found: list[Candidate] = []
    if n_digits:
        for rx in (_ADDRESS, _ADDRESS_NOSUFFIX, _EU_ADDRESS):
            for m in rx.finditer(text):
                if not _ADDR_BAD_FIRST.match(m.group(0)):
                    found.append(("address", m.start(), m.end()))
        for m in _UK_POSTCODE_ALONE.finditer(text):
            found.append(("address", m.start(), m.end()))
        for m in _ZIP_CUED.finditer(text):
            found.append(("address", m.start("v"), m.end("v")))
    for m in _NAMED_HOUSE.finditer(text):
        if not _INSTITUTION.search(_STREET_NAMED_AFTER.sub("", m.group(0))):
            found.append(("address", m.start(), m.end()))
    return found


_HOSPITAL_PLACE_CUE = re.compile(
    r"(?i)\b(?:hospital|infirmary|clinic|surgery|practice|hospice|pharmacy|department|outpatients?|"
    r"reception|main\s+entrance|entrance|unit|centre|center|site|campus|trust|offices?|building|wing|"
    r"ward|a&e|pals|car\s+park)\b"
)


_HOSPITAL_NAMED = re.compile(r"(?i)\b(?:hospital|infirmary|clinic|hospice|health\s+cent(?:re|er)|medical\s+cent(?:re|er))\b")


def said_to_be_institutional(text: str, start: int, end: int) -> bool:
    """An address introduced as the hospital's ("the main hospital is at ...") or named
    together with one ("St James's University Hospital, Beckett Street")."""
    before = text[max(0, start - 50):start]
    cut = max((m.end() for m in re.finditer(r"[.!?\n]", before)), default=0)
    before = before[cut:]
    if re.search(r"(?i)\b(?:my|our|his|her|their|mum's|dad's|i|we|me|us)\b", before):
        return False
    return bool(_HOSPITAL_PLACE_CUE.search(before) or _HOSPITAL_NAMED.search(text[start:end]))


# ---------------------------------------------------------------------------
# dates of birth (a cue is required; the date may be in figures or in words)
# ---------------------------------------------------------------------------
_MONTH = lex.MONTHS
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"(?:" + "|".join(sorted(lex.ORDINAL_DAYS, key=len, reverse=True)) + r")"
_ORDINAL_DAY = (r"(?:(?:twenty|thirty)[\s-]" + _ORDINAL + r"|" + _ORDINAL + r")")
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_YEAR_WORDS = (
    r"(?:nineteen(?:\s+hundred)?\s+(?:and\s+)?(?:" + _TENS + r"(?:[\s-]" + _UNIT_WORD + r")?|" + _TEENS
    + r"|(?:oh|o)[\s-]" + _UNIT_WORD + r")"
    r"|two\s+thousand(?:\s+and)?(?:\s+(?:" + _UNIT_WORD + r"|" + _TEENS + r"|" + _TENS + r"(?:[\s-]" + _UNIT_WORD + r")?))?"
    r"|twenty\s+(?:" + _TEENS + r"|" + _TENS + r"(?:[\s-]" + _UNIT_WORD + r")?|(?:oh|o)[\s-]" + _UNIT_WORD + r"))"
)
_ANY_YEAR = r"(?:" + _YEAR + r"|'\d\d|" + _YEAR_WORDS + r")"
_DATE = (
    r"(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 03/07/1985, 7/4/71, 14.03.1961
    r"|" + _YEAR + r"-\d{1,2}-\d{1,2}"  # 1990-11-02
    r"|(?:the\s+)?(?:" + _DAY + r"|" + _ORDINAL_DAY + r")(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _ANY_YEAR + r")?"
    r"|" + _MONTH + r"\s+(?:the\s+)?(?:" + _DAY + r"|" + _ORDINAL_DAY + r")(?:,?\s+" + _ANY_YEAR + r")?"
    + r"|" + lex.HOLIDAYS + r",?\s+(?:in\s+|of\s+)?" + _ANY_YEAR
    + r"|" + lex.HOLIDAYS + r"(?=\s*(?:[,.;!)]|$|\s+(?:so|and|which|but)\b))"
    r")"
)
_DOB_CUE = (
    r"(?:born(?:\s+on)?|b\.|D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthday|b'day|bday)"
)
_DOB = re.compile(
    r"(?i)(?<![\w])" + _DOB_CUE + r"(?:\s+(?:is|was|on|=|the))*\s*[:(]?\s*(?:is\s+|on\s+)?"
    r"(?P<v>" + _DATE + r")(?![\w/])"
)
_DOB_HINT = re.compile(r"born|d\.?o\.?b|birth|b'day|bday|\bb\.")


def find_dates_of_birth(text: str, low: str) -> list[Candidate]:
    if not _DOB_HINT.search(low):
        return []
    return [("date_of_birth", m.start("v"), m.end("v")) for m in _DOB.finditer(text)]
