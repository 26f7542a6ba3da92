"""Ways to reach a person: phone numbers, email addresses and links that point at someone.

Phone numbers come from libphonenumber's matcher (``phonenumbers``) with the configured
region hints, plus numbers told in words or one digit at a time, which the matcher cannot
read. Numbers that belong to organisations (toll-free and shared-cost ranges, helplines, the
configured switchboard and ward lines, or a number introduced as one) are left alone.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from . import lexicon_en as lex
from .context import PhiContext

Candidate = tuple[str, int, int]

# ---------------------------------------------------------------------------
# email: plain and written out ("jo dot smith at gmail dot com", "jo (at) mail (dot) com")
# ---------------------------------------------------------------------------
EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)
_TLD = r"(?:com|org|net|edu|gov|io|me|info|co|uk|us|de|fr|es|it|nl|ie|ca|au|nz|in|eu|biz|email)"
_WEBMAIL = (r"(?:gmail|googlemail|hotmail|outlook|yahoo|ymail|icloud|aol|protonmail|proton|live|msn|"
            r"btinternet|sky|virginmedia|talktalk|gmx|mail|me)")
_DOT = r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)\s*|\s+dot\s+|\.)"
_AT = r"(?:\s*(?:\(at\)|\[at\]|\{at\}|<at>)\s*|\s+at\s+|\s*@\s*)"
_OBFUSCATED_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])(?P<local>[a-z0-9][a-z0-9_%+-]*(?:" + _DOT + r"[a-z0-9_%+-]+){0,3})" + _AT
    + r"(?P<domain>(?:" + _WEBMAIL + r"|[a-z0-9][a-z0-9-]*)(?:" + _DOT + r"[a-z0-9-]+){0,3}?"
    r"(?:" + _DOT + _TLD + r")+|" + _WEBMAIL + r")(?![\w@])"
)
_EMAIL_OBFUSCATION = re.compile(r"(?i)\(at\)|\[at\]|\{at\}|<at>|\(dot\)|\[dot\]|\{dot\}|<dot>|\s(?:at|dot)\s")
# "at" as a preposition followed by a real word and a domain-looking end is rare; a plain
# "x at y" also needs a dot somewhere (a TLD) or a webmail name, which the pattern requires.
_LOCAL_STOP = frozenset("i me we you he she they it is am are was were be me him her us them look "
                        "there here home work school clinic hospital ward one".split())


def _is_role_mailbox(local: str) -> bool:
    tokens = re.split(r"[._+\-\s]+|\bdot\b", local.lower())
    return any(tok in lex.ROLE_MAILBOX_WORDS for tok in tokens if tok)


def _is_website(text: str, m: re.Match, *, webmail: bool) -> bool:
    """"the leaflet at www.nhs.uk", "info at diabetes.org.uk/diet": "at" is a preposition before a
    web address (www., a path, or a word then a dotted non-webmail domain), not an email's "@"."""
    domain = m.group("domain")
    if domain.lower().startswith("www") or text[m.end():m.end() + 1] == "/":
        return True
    spoken_at = re.search(r"(?i)\s+at\s+$", text[m.start("local"):m.start("domain")])
    return bool(spoken_at and not webmail and "dot" not in domain.lower()
                and re.fullmatch(r"[A-Za-z]+", m.group("local")))


def find_emails(text: str, ctx: PhiContext) -> list[Candidate]:
    found: list[Candidate] = []
    if "@" in text:
        for m in EMAIL.finditer(text):
            value = m.group(0)
            local, domain = value.split("@", 1)
            if ctx.is_public_email(value) or (_is_role_mailbox(local) and not re.match(_WEBMAIL + r"\.", domain.lower())):
                continue
            found.append(("email", m.start(), m.end()))
    low = text.lower()
    if " at " in low or "(at)" in low or "[at]" in low or "{at}" in low or "<at>" in low:
        for m in _OBFUSCATED_EMAIL.finditer(text):
            if "@" in m.group(0) and not _EMAIL_OBFUSCATION.search(m.group(0)):
                continue  # a plain address, handled above
            local = m.group("local")
            webmail = re.match(r"(?i)" + _WEBMAIL + r"\b", m.group("domain"))
            if local.lower() in _LOCAL_STOP or (_is_role_mailbox(local) and not webmail):
                continue
            if not re.search(r"(?i)dot|\.|" + _WEBMAIL, m.group("domain")):
                continue
            if _is_website(text, m, webmail=bool(webmail)):
                continue
            found.append(("email", m.start(), m.end()))
    return found


# ---------------------------------------------------------------------------
# links that point at a person
# ---------------------------------------------------------------------------
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|me|io|uk)/[^\s<>\"']+")
_ID_PARAM = re.compile(
    r"(?i)[?&;](?:patient(?:_?id)?|pid|mrn|nhs(?:_?(?:no|number))?|email|e-mail|mail|"
    r"(?:first_?|last_?|full_?|user_?|sur)?name|fname|lname|id|uid|user(?:_?id)?|username|"
    r"member(?:_?id)?|dob|birth_?date|ssn|phone|tel|mobile|record(?:_?id)?|chart|account|acct)="
)
# Paths that name or number a person: a portal page with an id, a profile, a fundraiser.
_PERSON_PATH = re.compile(
    r"(?i)/(?:patients?|users?|members?|profiles?|people|person|accounts?|records?|charts?|mychart|"
    r"portal|u|in|f|fundraiser|fundraising|campaign|page|team)/[^/\s]*[a-z0-9]"
    r"|/(?:[^/\s]*/)*[a-z]*\d{4,}(?:[/?#]|$)"
)
_SOCIAL_HOSTS = (r"(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|youtube|threads|snapchat|"
                 r"pinterest|reddit|tumblr|gofundme|justgiving|crowdfunder|go\.fundme|patreon|"
                 r"caringbridge|mealtrain|givesendgo|spotfund|ko-fi|onlyfans|medium|substack)")
_SOCIAL = re.compile(
    r"(?i)\b(?:https?://)?(?:www\.)?" + _SOCIAL_HOSTS + r"\.com/(?!(?:help|about|legal|privacy|terms|"
    r"search|explore|hashtag|watch\?|results|discover|start|c/|s/|hub)\b)[@\w.\-/]*\w"
)
_SPOKEN_SOCIAL = re.compile(
    r"(?i)\b" + _SOCIAL_HOSTS + r"\s+dot\s+com\s+(?:forward\s+)?slash\s+(?:at\s+)?"
    r"[\w-]+(?:\s+(?:dot|underscore|dash|slash)\s+[\w-]+|_[\w-]+){0,4}"
)
_URL_TRAIL = ".,;:!?)]}'\""
_PUBLIC_SITES = re.compile(r"(?i)\b(?:nhs\.uk|nhs\.net|gov\.uk|\.gov\b|who\.int|cdc\.gov|nih\.gov|mayoclinic\.org|"
                           r"wikipedia\.org|nice\.org\.uk|bnf\.nice|medlineplus|webmd\.com|diabetes\.org)")


def find_urls(text: str, ctx: PhiContext) -> list[Candidate]:
    low = text.lower()
    found: list[Candidate] = []
    if "/" in text:
        for rx in (_URL, _SOCIAL):
            for m in rx.finditer(text):
                url = m.group(0).rstrip(_URL_TRAIL)
                end = m.start() + len(url)
                social = bool(_SOCIAL.search(url))
                personal = bool(_ID_PARAM.search(url))
                if not personal and not _PUBLIC_SITES.search(url):
                    personal = social or bool(_PERSON_PATH.search(re.sub(r"(?i)^(?:https?://)?[^/]+", "", url)))
                if personal:
                    found.append(("url_identifier", m.start(), end))
    if " dot com" in low:
        for m in _SPOKEN_SOCIAL.finditer(text):
            found.append(("url_identifier", m.start(), m.end()))
    return found


# ---------------------------------------------------------------------------
# numbers written in words or one digit at a time ("oh seven seven double oh nine ...")
# ---------------------------------------------------------------------------
_NUMBER_WORD = "|".join(sorted({*lex.DIGIT_WORDS, *lex.TEEN_WORDS, *lex.TENS_WORDS, *lex.REPEAT_WORDS},
                               key=len, reverse=True))
_SPOKEN_TOKEN = r"(?:\d+|(?:" + _NUMBER_WORD + r")\b)"
SPOKEN_RUN = re.compile(r"(?i)(?<![\w.])" + _SPOKEN_TOKEN + r"(?:[\s,.\-]{1,3}" + _SPOKEN_TOKEN + r"){3,}")
_TOKEN_SPLIT = re.compile(r"[\s,.\-]+")


def spoken_digits(run: str) -> tuple[str, bool]:
    """The digits a run of spoken or spaced tokens stands for, and whether it was spoken
    (had a word) or spaced single digits; ('', False) when it is neither."""
    digits: list[str] = []
    repeat = 1
    has_word = False
    singles = True
    tokens = [t for t in _TOKEN_SPLIT.split(run.lower()) if t]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isdigit():
            if len(tok) > 1:
                singles = False
            digits.append(tok * repeat if len(tok) == 1 else tok)
            repeat = 1
        elif tok in lex.REPEAT_WORDS:
            repeat = lex.REPEAT_WORDS[tok]
            has_word = True
        elif tok in lex.DIGIT_WORDS:
            digits.append(lex.DIGIT_WORDS[tok] * repeat)
            repeat = 1
            has_word = True
        elif tok in lex.TEEN_WORDS:
            digits.append(lex.TEEN_WORDS[tok])
            has_word = True
        elif tok in lex.TENS_WORDS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt in lex.DIGIT_WORDS and nxt not in ("oh", "o", "nil", "nought", "zero"):
                digits.append(lex.TENS_WORDS[tok] + lex.DIGIT_WORDS[nxt])
                i += 1
            else:
                digits.append(lex.TENS_WORDS[tok] + "0")
            has_word = True
        i += 1
    value = "".join(digits)
    if has_word or singles:
        return value, has_word
    return "", False


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
_DATEISH = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
# Freephone, shared-cost and helpline ranges: numbers that belong to organisations.
_ORG_NUMBER = re.compile(
    r"^(?:(?:\+?44|0)(?:800|808|500|845|844|843|870|871|872|873|3\d\d)|(?:\+?1)?(?:800|888|877|866|855|844|833)"
    r"|116\d{3}$|(?:\+?44)?0?1(?:11|19)$)"
)
_NON_PERSONAL_TYPES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                       PhoneNumberType.SHARED_COST}
_ORG_CUE = re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in lex.ORGANISATION_CUES) + r")\b")
_PERSON_CUE = re.compile(r"(?i)\b(?:my|me|mine|i|i'm|im|our|us|his|her|him|their|them|text|whatsapp|dm)\b")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\b(?:or|and|but)\b")


def said_to_be_organisational(text: str, start: int) -> bool:
    """True when the words just before a contact introduce an organisation's line ("ring the
    ward on", "the switchboard number is", "Samaritans are on") and none introduce a person."""
    window = text[max(0, start - 60):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    org = list(_ORG_CUE.finditer(window))
    if not org:
        return False
    return not _PERSON_CUE.search(window[org[-1].end():]) and not re.search(
        r"(?i)\b(?:my|our)\s+(?:\w+\s+){0,2}$", window[:org[-1].start()])


def _owned_by_person(text: str, start: int) -> bool:
    """"I gave them 1-800-...", "my work line is ...": a person's own number, whatever its range."""
    window = text[max(0, start - 40):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    return bool(_PERSON_CUE.search(window))


def _is_org_number(value: str, ctx: PhiContext, text: str = "", start: int = 0) -> bool:
    digits = re.sub(r"\D", "", value)
    if ctx.is_public_phone(value):
        return True
    if _ORG_NUMBER.match(("+" if value.strip().startswith("+") else "") + digits):
        return not _owned_by_person(text, start)
    for region in ctx.phone_regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _NON_PERSONAL_TYPES:
            return True
    return False


def find_phones(text: str, ctx: PhiContext, n_digits: int) -> list[Candidate]:
    spans: dict[tuple[int, int], None] = {}
    if n_digits >= 7:
        for region in ctx.phone_regions:
            for m in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
                spans[(m.start, m.end)] = None
        if n_digits >= 10:
            for rx in (_PHONE_US, _PHONE_UK, _PHONE_INTL):
                for m in rx.finditer(text):
                    spans[(m.start(), m.end())] = None
    found: list[Candidate] = []
    for start, end in spans:
        value = text[start:end]
        n = sum(ch.isdigit() for ch in value)
        if not 9 <= n <= 15 or _DATEISH.match(value) or re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", value):
            continue
        if re.search(r"(?i)\b(?:ext(?:ension)?\.?)\s*\d+$", value):
            trimmed = re.sub(r"(?i)[\s,]*\b(?:ext(?:ension)?\.?)\s*\d+$", "", value)
            if _is_org_number(trimmed, ctx, text, start) or said_to_be_organisational(text, start):
                continue
        if _is_org_number(value, ctx, text, start) or said_to_be_organisational(text, start):
            continue
        found.append(("phone", start, end))
    return found


def find_spoken_numbers(text: str, low: str, ctx: PhiContext) -> list[Candidate]:
    """Phone numbers, SSNs and record numbers written in words or spaced digit by digit."""
    found: list[Candidate] = []
    for m in SPOKEN_RUN.finditer(text):
        value, spoken = spoken_digits(m.group(0))
        if len(value) < 6:
            continue
        before = low[max(0, m.start() - 40):m.start()]
        if len(value) == 9 and re.search(r"\b(?:ssn|social(?:\s+security)?|ss#)\b", before):
            found.append(("ssn", m.start(), m.end()))
        elif re.search(r"\b(?:nhs|mrn|record|hospital|patient|member|policy|account|rx|prescription)\b", before):
            found.append(("record_number", m.start(), m.end()))
        elif 9 <= len(value) <= 13:
            if _ORG_NUMBER.match(value) or ctx.is_public_phone(value) or said_to_be_organisational(text, m.start()):
                continue
            if not spoken and not re.search(r"\b(?:call|ring|text|phone|number|mobile|cell|reach|contact|whatsapp|on)\b", before):
                continue
            found.append(("phone", m.start(), m.end()))
    return found
