"""Context that changes what a crisis pattern means: informational questions and topics,
distant-past and resolved events, transient symptoms, reassurance, minor injuries."""

from __future__ import annotations

import re

from .normalising import any_of

# Informational questions: start with an interrogative / conditional.
INFO_QUESTION = re.compile(
    r"^\s*(?:what|what's|whats|how|when|which|why|where|who|are\s+there|is\s+it|is\s+(?:a|an|the|\w+)|"
    r"are|does|do|can|could|should|would|(?:does\s+)?any\s*(?:one|body)\s+know|has\s+any\s*(?:one|body)|"
    r"if\s+(?:someone|somebody|a\s+person|"
    r"my|your|a|an)|any\s+(?:tips|advice))\b(?!')"
)

# Context that makes suicide/self-harm vocabulary informational.
TOPIC_CONTEXT = any_of(
    r"\bprevention\b", r"\bhelpline\b", r"\bcrisis\s+line\b", r"\bsupport\s+service\b",
    r"\bworkshop\b", r"\bresources\b", r"\bvolunteer", r"\b(?:my\s+)?novel\b", r"\bcharacter\b",
    r"\bsigns?\s+(?:that|of)\b", r"\btalk\s+to\b.*\babout\b",
)

# Distant past ("in 2019", "years ago", "as a teenager") and recovery.
DISTANT_PAST = any_of(
    r"\b(?:last|this\s+past)\s+(?:year|spring|summer|autumn|fall|winter)\b",
    r"\b(?:\d+|a\s+few|a\s+couple\s+of|two|three|four|five|six|ten|several|many)\s+years?\s+ago\b",
    r"\byears\s+ago\b",
    r"\b(?:in|since|back\s+in)\s+(?:19|20)\d\d\b",
    r"\bback\s+in\b",
    r"\bwhen\s+(?:i|he|she|we|they)\s+(?:was|were)\s+(?:little|young|a\s+(?:kid|child|teenager|baby)|\d+)\b",
    r"\bas\s+a\s+(?:teenager|child|kid|student)\b",
    r"\bin\s+my\s+(?:teens|twenties|thirties|forties|youth)\b",
    r"\bi\s+used\s+to\b",
    r"\bonce\s+in\s+(?:19|20)\d\d\b",
)
RESOLVED = any_of(
    r"\b(?:fully\s+)?recovered\b", r"\bdoing\s+(?:well|great|fine|better|much\s+better)\b",
    r"\b(?:i'?m|i\s+am|she'?s|he'?s)\s+(?:fine|ok|okay|well)\s+now\b", r"\bfine\s+now\b",
    r"\bnow\s+(?:we|i)\b", r"\bit'?s\s+sorted\b", r"\bgot\s+(?:help|me\s+through)\b",
    r"\bgrateful\b", r"\bthings\s+are\s+good\b", r"\bwell\s+for\s+years\b", r"\bnone\s+since\b",
    r"\bthanks\s+to\b", r"\bhelped\b", r"\bstill\s+plays\b", r"\bcareful\b", r"\bfitter\b",
    r"\boff\s+the\b", r"\bsurvived\b", r"\bhappy\b", r"\bgets?\s+better\b",
    r"\bbut\s+(?:i'?m|she'?s|he'?s)\s+(?:ok|okay|fine)\b",
    r"\b(?:in\s+a\s+)?(?:good|better|much\s+better)\s+place\b", r"\bin\s+recovery\b", r"\b(?:clean|free)\s+(?:for|since)\b",
    r"\b\d+\s+(?:years?|months?)\s+(?:clean|free|sober)\b", r"\bmuch\s+better\s+now\b", r"\bdoing\s+(?:ok|okay|alright)\s+now\b",
)
# Transient / settled symptoms: downgrade emergency -> concern.
TRANSIENT = any_of(
    r"\bwent\s+back\s+to\s+normal\b", r"\bgone\s+down\b", r"\bsettled\b",
    r"\bon\s+and\s+off\b", r"\bfor\s+a\s+(?:few|couple\s+of)\s+(?:minutes|days)\b",
    r"\b(?:all|this|last)\s+week\b", r"\bfor\s+(?:about\s+)?\d+\s+minutes\s+yesterday\b",
    r"\bwhen\s+i\s+climb\b", r"\bfor\s+the\s+last\s+few\s+days\b", r"\b(?:it|that)\s+passed\b",
)
# Explicit medical reassurance: drop to none.
REASSURED = any_of(
    r"\b(?:says|said|told\s+me)\s+(?:my\s+heart\s+is|it'?s|it\s+was|it\s+is)\s+(?:fine|normal|nothing)\b",
    r"\bevery\s+test\b", r"\ball\s+clear\b", r"\bstopped\s+after\b", r"\bnot\s+hurt\b",
    r"\bwhen\s+i\s+cough\b", r"\bchest\s+infection\b", r"\bslept\s+on\s+it\b",
    r"\bjust\s+(?:nerves|anxiety|stress)\b",
)

# Statement-form informational context (leaflets, courses, essays, articles).
INFO_CONTEXT = any_of(
    r"\bleaflet\b", r"\bside[-\s]effects?\b", r"\b(?:is|are)\s+listed\b", r"\blisted\s+as\b",
    r"\b(?:can|may|might|could)\s+(?:cause|increase|lead\s+to)\b", r"\bincrease[sd]?\s+(?:the\s+)?(?:suicide\s+)?risk\b",
    r"\brisk\s+of\b", r"\barticle\b", r"\bessay\b", r"\bmodule\b", r"\b(?:first\s+aid|cpr)\s+(?:course|training)\b",
    r"\bassembly\b", r"\bwarning\s+signs\b", r"\bsigns\s+(?:of|to\s+look)\b", r"\bsymptoms\s+of\b",
    r"\bwhat\s+to\s+look\s+(?:out\s+)?for\b", r"\bin\s+(?:her|his|their)\s+memory\b", r"\bcharity\b",
    r"\bif\s+(?:someone|somebody|a\s+person|you)\b", r"\bjust\s+so\s+i\s+understand\b",
    r"\bwant\s+to\s+be\s+prepared\b", r"\bby\s+accident\b",
)

STRONG_NOW = any_of(
    r"\bright\s+now\b", r"\bjust\s+now\b", r"\bat\s+the\s+moment\b", r"\bcurrently\b",
    r"\b(?:\d+|few|ten|twenty|thirty|an?|half\s+an)\s+(?:mins?|minutes?|hours?|hrs?)\s+ago\b",
    r"\btonight\b", r"\bthis\s+(?:morning|afternoon|evening)\b", r"\bstill\b",
)
PAST2 = any_of(
    r"\blast\s+(?:month|week|year|spring|summer|autumn|fall|winter)\b",
    r"\b(?:\d+|a\s+few|a\s+couple\s+of|two|three|four|five|six|ten|several|many)\s+(?:months?|weeks?)\s+ago\b",
    r"\ba\s+while\s+(?:ago|back)\b", r"\bhad\s+a\s+scare\b",
)
RESOLVED2 = any_of(r"\b(?:he|she|they|i)'?(?:s|re|m)?\s+(?:fine|ok|okay|well|good)\s+now\b", r"\bturned\s+out\b", r"\ball\s+good\b")



# A first-person or happening-now cue: an informational question with one of these is a real report.
FIRST_PERSON_NOW = re.compile(r"\b(?:i|i'?m|i'?ve|my|me|we|our|he'?s|she'?s|his|her|him)\b")
MINOR_AND_FINE = re.compile(
    r"\b(?:plasters?\s+on|just\s+a\s+(?:graze|scratch|bump|nick)|(?:it'?s|i'?m|all|totally)\s+fine|no\s+harm\s+done|"
    r"nothing\s+serious|lol|haha)\b")

# A mild wheeze with a cold or a virus, nothing worse said.
MILD_WHEEZE = re.compile(
    r"\b(?:slight(?:ly)?|a\s+(?:little|bit)|bit\s+of\s+a|mild(?:ly)?|little)\s+(?:\w+\s+)?(?:wheez\w*|whistl\w*)\b"
    r"(?=.{0,120}\b(?:cold|virus|viral|runny\s+nose|peak\s+flow\s+(?:is\s+)?(?:normal|fine|ok)|no\s+breathless\w*|otherwise\s+fine|"
    r"inhaler\s+(?:sorted|helped|works))\b)"
    r"|\b(?:cold|virus|chest\s+infection)\b.{0,80}\b(?:slight(?:ly)?|a\s+(?:little|bit)|bit\s+of\s+a|mild(?:ly)?)\s+(?:\w+\s+)?wheez\w*")

MINOR_INJURY = re.compile(r"\b(?:cut|sliced|nicked|grazed?|scraped?|stubbed|bumped|paper\s+cut|splinter|finger|thumb|toe|knee)\b")
SELF_WORDS = re.compile(r"\b(?:myself|suicid\w*|kill|die|dying|end\s+it|overdos\w*|kms|unaliv\w*|self[\s-]?harm|on\s+purpose)\b")


def settled_or_informational(norm: str) -> bool:
    """True when the whole post is an informational question or topic with no first-person report, or
    tells a distant-past event as resolved. Neither the red flags nor the model alone raise such a post."""
    if INFO_QUESTION.match(norm) and not FIRST_PERSON_NOW.search(norm):
        return True
    if DISTANT_PAST.search(norm) and (RESOLVED.search(norm) or RESOLVED2.search(norm)):
        return True
    return bool(TOPIC_CONTEXT.search(norm) and not FIRST_PERSON_NOW.search(norm))
