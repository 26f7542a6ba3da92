"""Crisis red flags (v3): combinations read over the whole post, in the style of NHS 111
triage red flags, and the self-harm families issue 14 lists (past-tense acts, means,
indirect ideation, warning signs, text-speak). Each entry is a level, a family name and
regexes that must all match the normalised text; ``red_flag_level`` applies the guards.
"""

from __future__ import annotations

import re

from .guards import DISTANT_PAST, FIRST_PERSON_NOW, INFO_QUESTION, RESOLVED, RESOLVED2, TOPIC_CONTEXT

# ---------------------------------------------------------------------------
# v3 red flags: combinations read over the whole post (NHS 111 style), and the
# self-harm families the issue lists (past-tense acts, means, indirect ideation).
# Each entry: level, family, and regexes that must all match.
# ---------------------------------------------------------------------------
RED_FLAGS: list[tuple[int, str, tuple[re.Pattern[str], ...]]] = [
    (2, "past-tense overdose", (re.compile(
        r"\b(?:took|taken|swallowed|had|downed|necked|drank|drunk)\s+(?:all|every|the\s+whole|the\s+rest|a\s+whole|"
        r"all\s+of)\b(?:\s+\w+){0,4}\s+(?:them|tablets?|pills?|box|packet|bottle|meds|medication|strip|sertraline|"
        r"paracetamol|codeine|insulin|sleeping)"),)),
    (2, "exhaust fumes", (re.compile(
        r"\b(?:engine|car|motor)\s+(?:is\s+|still\s+)?(?:running|on)\b.{0,60}\b(?:garage|doors?\s+(?:shut|closed|locked)|"
        r"closed|locked|sat\s+in)|\bgarage\b.{0,60}\b(?:engine|car)\s+(?:is\s+)?(?:running|on)\b|"
        r"\bhose\w*\b.{0,40}\bexhaust|\bexhaust\b.{0,40}\b(?:hose|pipe|taped)|\bcharcoal\b.{0,40}\b(?:tent|room|car|sealed|taped)"),)),
    (1, "saving medication", (re.compile(
        r"\b(?:sav(?:e|ed|ing)|stockpil\w*|hoard\w*|stash\w*|putting\s+\w+\s+aside|put\s+\w+\s+aside|keep(?:ing)?\s+back)\b"
        r".{0,30}\b(?:pills|tablets|meds|medication|medicine|insulin)|\b(?:pills|tablets|meds)\b.{0,30}\b(?:saved\s+up|aside|stockpiled)"),)),
    (1, "heights and bridges", (re.compile(
        r"\b(?:how\s+(?:high|tall|far\s+down)|height\s+of|which|highest)\b.{0,30}\b(?:bridges?|car\s+parks?|multi[\s-]?stor(?:e)?y|"
        r"cliffs?|tower\s+block|roofs?|viaduct)\b|\bbridges?\s+(?:near\s+me|with\s+no\s+(?:fence|railing)s?)"),)),
    (1, "means kept for later", (re.compile(
        r"\b(?:gun|rifle|shotgun|knife|blade|rope|razor|pills|tablets)\b.{0,50}\b(?:for\s+later|just\s+in\s+case|for\s+when|"
        r"when\s+i\s+(?:need|can'?t))"),)),
    (1, "others better off", (re.compile(
        r"\b(?:better|happier)\s+off\s+(?:without\s+me|if\s+i\s+(?:was|were)n'?t)|\b(?:happier|better)\s+if\s+i\s+(?:wasn'?t|weren'?t|was\s+not)\s+(?:around|here)"),)),
    (1, "joining someone who died", (
        re.compile(r"\b(?:be\s+with|join|see)\s+(?:my\s+|him\s+|her\s+)?\w*\s*(?:again|soon|wherever)|\bjoin\s+(?:my|him|her)\b"),
        re.compile(r"\b(?:died|passed|death|gone|lost|funeral|late)\b"))),
    (1, "illness or skipped treatment ending it", (re.compile(
        r"\b(?:hop(?:e|es|ing)|wish|pray\w*|maybe|if\s+i)\b.{0,40}\b(?:cancer|tumou?r|illness|disease|it|this|condition|dialysis|"
        r"chemo|treatment|insulin|meds|heart)\b.{0,30}\b(?:ends?\s+(?:it|me|things|everything)|finish(?:es)?\s+me|takes?\s+me|"
        r"kills?\s+me|all\s+(?:just\s+)?end)|\b(?:stop(?:ping)?|skip(?:ping)?|refus\w+)\s+(?:my\s+|the\s+)?(?:dialysis|chemo|"
        r"treatment|insulin|meds|medication)\b.{0,40}\b(?:end|over|finish|die|let\s+it)"),)),
    (1, "wanting to stop existing", (re.compile(
        r"\bstop\s+existing\b|\bnot\s+(?:to\s+)?exist\b|\bcease\s+to\s+exist|\bdisappear\s+forever|\bnot\s+be\s+(?:here|alive)\s+anymore"),)),
    (1, "warning signs", (re.compile(
        r"\b(?:giv(?:e|ing|en)|gave)\s+(?:away\s+)?(?:all\s+)?(?:my|most\s+of\s+my)\s+(?:things|stuff|belongings|possessions|"
        r"books|clothes|guitar|pets?|cat|dog)\b(?:\s+away)?|\b(?:gave|giving|given)\s+away\s+(?:all\s+)?my\b|"
        r"\b(?:quiet|quietly|final|last)\s+(?:goodbyes?|saying\s+goodbye)|\bsaid\s+(?:my\s+)?(?:quiet\s+)?goodbyes?\b|"
        r"\bsorted\s+(?:out\s+)?my\s+will\b"),)),
    (1, "text-speak", (re.compile(r"\bkms\b|\bunaliv\w*|\bctb\b|\bsewerslide\b|\bsewer\s+slide\b|\bk\s*m\s*s\b"),)),
    (1, "self-harm without the word", (re.compile(
        r"\b(?:cutting|cut|scratch\w*|burn\w*|carv\w*|pick\w*)\s+(?:at\s+)?(?:my|her|his)\s+(?:arms?|legs?|thighs?|wrists?|skin|"
        r"stomach|hips?)\b|\b(?:till|until)\s+(?:they|it|i|the\s+skin)\s+bleeds?\b"),)),
    (2, "thunderclap headache", (
        re.compile(r"\b(?:sudden\w*|worst|thunderclap|like\s+being\s+hit|explod\w*|splitting|excruciating)\b.{0,60}\bheadache|"
                   r"\bheadache\b.{0,60}\b(?:sudden\w*|worst|ever\s+had)"),
        re.compile(r"\b(?:vision|see|seeing|double|blurr\w*|blind|sight|eye|confus\w*|stiff\s+neck|vomit\w*|being\s+sick)\b"))),
    (2, "vomiting blood", (re.compile(
        r"\b(?:vomit\w*|being\s+sick|is\s+sick|throwing\s+up|bringing\s+up|puk\w*|sick)\b.{0,40}\bblood|\bcoffee\s+grounds\b|"
        r"\bblood\b.{0,20}\bin\s+(?:his|her|my)\s+(?:sick|vomit)"),)),
    (2, "head injury then drowsy", (
        re.compile(r"\b(?:hit|banged|bumped|knocked|struck|fell\s+on|smacked)\b.{0,40}\bhead\b|\bhead\s+injury\b|\bfell\b.{0,40}\bhead"),
        re.compile(r"\b(?:drowsy|sleepy|nodding\s+off|keeps?\s+(?:falling\s+asleep|dozing)|can'?t\s+stay\s+awake|hard\s+to\s+wake|"
                   r"confused|vomit\w*|being\s+sick|not\s+making\s+sense)"))),
    (2, "swelling and wheeze after a sting or food", (
        re.compile(r"\b(?:swell\w*|swoll\w*|puff\w*|lips?\s+(?:are|is)\s+(?:huge|massive|big)|hives)\b"),
        re.compile(r"\b(?:wheez\w*|breath\w*|throat|tight\s+chest|can'?t\s+swallow)"))),
    (2, "too breathless to speak", (re.compile(
        r"\b(?:can'?t|cannot|unable\s+to|only|barely)\b.{0,25}\b(?:finish|get\s+out|say|speak|talk|get)\b.{0,30}\b(?:sentences?|words?)\b|"
        r"\b(?:too|so)\s+(?:breathless|out\s+of\s+breath)\s+to\s+(?:speak|talk)|\bspeak\s+in\s+full\s+sentences"),
        re.compile(r"\bbreath\w*|\binhaler|\bwheez|\basthma"))),
    (2, "waters breaking preterm", (
        re.compile(r"\bwaters?\s+(?:have\s+|has\s+|just\s+)?(?:broken|broke|gone|went)|\bfluid\s+(?:gushing|leaking)"),
        re.compile(r"\b(?:2[0-9]|3[0-6])\s*(?:weeks|wks|\+\d)"))),
    (2, "bleeding that will not stop", (re.compile(
        r"\bbleed\w*\b.{0,60}\b(?:won'?t|will\s+not|doesn'?t|does\s+not|isn'?t|not|can'?t)\s+(?:stop|stopping)|"
        r"\b(?:bleed\w*|blood)\b.{0,50}\b(?:through\s+(?:every|the|all|my)|soak\w*)\b.{0,20}\b(?:dressings?|pads?|towels?|bandages?)|"
        r"\b(?:bleed\w*|blood|clots)\b.{0,60}\b(?:surgery|operation|op|wound|stitches|tonsil\w*|post[\s-]?op|c[\s-]?section)\b.{0,40}"
        r"\b(?:again|won'?t|not\s+stop|keeps?|clots|started)|\b(?:surgery|operation|op|wound|tonsil\w*)\b.{0,60}\b(?:bleed\w*|clots)\b"
        r".{0,40}\b(?:again|won'?t|not\s+stop|keeps?|through|every)"),)),
]


def red_flag_level(norm: str) -> tuple[int, str]:
    """The highest red flag whose patterns all match, and the words that matched first."""
    if INFO_QUESTION.match(norm) and not FIRST_PERSON_NOW.search(norm):
        return 0, ""
    if DISTANT_PAST.search(norm) and (RESOLVED.search(norm) or RESOLVED2.search(norm)):
        return 0, ""
    if TOPIC_CONTEXT.search(norm) and not FIRST_PERSON_NOW.search(norm):
        return 0, ""
    best, words = 0, ""
    for level, _family, patterns in RED_FLAGS:
        if level <= best:
            continue
        matches = [rx.search(norm) for rx in patterns]
        if all(matches):
            best, words = level, matches[0].group(0)
    return best, words
