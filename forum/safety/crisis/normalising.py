"""Normalising a post before any crisis layer reads it: lower case, straight apostrophes,
informal spellings ("cant"), and idioms and denials of ideation blanked out."""

from __future__ import annotations

import re

def any_of(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


IDIOMS = any_of(
    r"\b(?:i'?d|i would|could)\s+(?:kill|die|murder)\s+for\b",
    r"\bcould\s+murder\b",
    r"\bdying\s+(?:to|for)\b",
    r"\b(?:is|are|was|were|'s|'re)\s+(?:literally\s+)?killing\s+(?:me|my\s+\w+)\b",
    r"\bkilling\s+me\b",
    r"\b(?:be\s+)?the\s+death\s+of\s+me\b",
    r"\b(?:nearly|almost)\s+died\s+laughing\b",
    r"\bdied\s+laughing\b",
    r"\b(?:dying|die|died)\s+of\s+(?:embarrassment|boredom|laughter|shame|cringe)\b",
    r"\b(?:would|will|'ll|gonna)\s+kill\s+me\s+if\b",
    r"\bwould\s+kill\s+me\b",
    r"\b(?:nearly|almost)\s+killed\s+me\b",
    r"\bkilled\s+it\b",
    r"\bdead\s+(?:tired|on\s+my\s+feet|beat)\b",
    r"\b(?:legs|arms|feet)\s+were\s+dead\b",
    r"\bshoot\s+me\s+now\b",
    r"\bheart\s+attack\s+on\s+a\s+plate\b",
    r"\bheart\s+skipped\s+a\s+beat\b",
    r"\bbleeding\s+(?:money|me\s+dry)\b",
    r"\bis\s+murder\b",
    r"\bwas\s+a\s+killer\b",
    # v5: a scare told as an idiom ("honestly thought I was going to die, it's a bruise"), and
    # goodbyes at work ("said my goodbyes to the team, I'm retiring").
    r"\b(?:thought|felt\s+like|was\s+sure|swear|swore)\s+(?:i|we|he|she)\s+(?:was|were|would|'d)\s+"
    r"(?:going\s+to\s+|gonna\s+|about\s+to\s+)?(?:die|dying|be\s+dead)\b",
    r"\bthought\s+(?:that\s+)?(?:was|it\s+was)\s+the\s+end\s+of\s+me\b",
    r"\bsaid\s+(?:my\s+)?(?:goodbyes?|farewells?)\s+to\s+(?:my\s+|the\s+|all\s+(?:my\s+|the\s+)?)?(?:colleagues|team|"
    r"co-?workers|workmates|patients|pupils|class|staff|girls|lads|everyone\s+at\s+work)\b",
    r"\bsaid\s+(?:my\s+)?(?:goodbyes?|farewells?)\b(?=.{0,100}\b(?:retir\w*|last\s+shift|leaving\s+do|farewell\s+card))",
)

SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")

# Informal spellings are normalised before matching ("cant" -> "can't").
CONTRACTIONS = {
    "cant": "can't", "dont": "don't", "wont": "won't", "isnt": "isn't", "doesnt": "doesn't",
    "didnt": "didn't", "couldnt": "couldn't", "wouldnt": "wouldn't", "arent": "aren't",
    "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's", "theyre": "they're",
    "wasnt": "wasn't", "havent": "haven't", "hasnt": "hasn't", "youre": "you're",
    "whats": "what's", "theres": "there's", "thats": "that's",
}
CONTRACTION_RX = re.compile(r"\b(?:" + "|".join(CONTRACTIONS) + r")\b")

IDIOMS2 = any_of(
    r"\bsick\s+to\s+death\s+of\b", r"\b(?:laughing|laughed)\s+so\s+(?:hard|much)\s+(?:i|that\s+i)\s+(?:couldn'?t|could\s+not)\s+breathe\b",
    r"\bcouldn'?t\s+breathe\s+(?:for|from)\s+laughing\b", r"\b(?:legs|arms|feet)\s+are\s+dead\b",
    r"\bdead\s+(?:on|today)\b(?=.{0,20}\blol\b)", r"\bkilling\s+it\b", r"\bdrives?\s+me\s+(?:mad|insane|crazy)\b",
    r"\bbreathe\s+(?:so\s+much\s+)?(?:better|easier)\b",
)
# v3: idioms that read like intent to a model as much as to a phrase list.
IDIOMS3 = any_of(
    r"\bend(?:ing)?\s+(?:it|things)\s+with\s+(?:my|the|our|this|that|them|him|her)\b(?:\s+(?!life\b)\w+)?",
    r"\b(?:don'?t|do\s+not|didn'?t)\s+want\s+to\s+be\s+(?:here|stuck\s+here)\s+(?:in|at|on)\s+(?:this|the|a)\s+"
    r"(?:waiting\s+room|queue|clinic|hospital|a&e|ward|line|surgery|appointment|meeting|job|place)\b",
    r"\bwant\s+to\s+be\s+here\s+(?:in|at)\s+(?:this|the)\s+(?:waiting\s+room|queue)\b",
)
# v3: a denial of ideation ("I'm not suicidal", "no thoughts of harming myself", "I don't
# want to die, I want …") is blanked to the end of its clause before any layer reads it.
NEGATED_IDEATION = re.compile(
    r"\b(?:i'?m|i\s+am|i'?ve|i\s+have|i)\s+(?:really\s+|honestly\s+|definitely\s+)?(?:not|never|no\s+longer)\s+"
    r"(?:been\s+)?(?:suicidal|(?:going\s+to|gonna|planning\s+to|wanting\s+to|trying\s+to|tried\s+to|thought\s+(?:about|of))\s+"
    r"(?:hurt|harm|kill|end)\w*)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\b(?:i\s+)?(?:have|had|with|there\s+are)?\s*(?:no|zero|never\s+had\s+any)\s+(?:thoughts?|plans?|intention)\s+(?:of|about|to)\s+"
    r"(?:suicide|self[\s-]?harm\w*|hurting|harming|killing|ending)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\bnever\s+(?:tried|wanted|thought\s+(?:about|of))\s+(?:to\s+)?(?:kill|hurt|harm|end)\w*\s+(?:myself|my\s+life|it)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\bi\s+(?:don'?t|do\s+not)\s+want\s+to\s+die\b(?=\s*[,;]?\s*(?:i\s+(?:just\s+)?want|but|i'?m\s+just|just))"
)
# v4: counts written in words read as figures ("took forty of them" -> "took 40 of them"), so
# the quantity patterns need one form only. Only 10 and above: small counts are everyday doses.
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[\s-](" + "|".join(_UNITS) + r"))?|(" + "|".join(_TEENS) + r")|(a\s+dozen))\b")


def _figure(match: re.Match[str]) -> str:
    tens, unit, teen, dozen = match.groups()
    if dozen:
        return "12"
    if teen:
        return str(10 + _TEENS.index(teen))
    return str(20 + 10 * _TENS.index(tens) + (_UNITS.index(unit) + 1 if unit else 0))


# v4: "I don't want to be here (anymore)" said of a place one is waiting in ("sat in A&E for six
# hours, I don't want to be here anymore"): the sentence names the place or the wait.
_WAITING_PLACE = re.compile(
    r"\b(?:a&e|a\s+and\s+e|waiting|queue|clinic|appointment|meeting|traffic|airport|dentist|reception|"
    r"(?:for|over)\s+(?:\d+|an?|two|three|four|five|six|seven|eight|nine|ten)\s+hours?)\b")
_BE_HERE = re.compile(r"\b(?:don'?t|do\s+not)\s+(?:really\s+)?want\s+to\s+be\s+(?:here|stuck\s+here)(?:\s+any\s*more)?")


def _blank_waiting_room(norm: str) -> str:
    return "".join(_BE_HERE.sub(" ", sentence) if _WAITING_PLACE.search(sentence) else sentence
                   for sentence in re.split(r"(?<=[.!?\n])", norm))


def normalise(text: str) -> str:
    norm = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    norm = CONTRACTION_RX.sub(lambda m: CONTRACTIONS[m.group(0)], norm)
    norm = _NUMBER_WORD.sub(_figure, norm)
    norm = _blank_waiting_room(norm)
    norm = IDIOMS.sub(" ", norm)
    norm = IDIOMS3.sub(" ", norm)
    norm = NEGATED_IDEATION.sub(" ", norm)
    return IDIOMS2.sub(" ", norm)
