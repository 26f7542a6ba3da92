"""Crisis triage for forum posts.

``assess_crisis(text)`` returns ``"none"``, ``"concern"`` or ``"emergency"``.

Method (pure stdlib, patterns compiled at import):

1. Normalise (lower-case, straight apostrophes) and blank out common idioms
   ("I'd kill for a coffee", "my knee is killing me", "dying to run again").
2. Split into sentences. Sentences that are informational questions ("what are
   the warning signs of a stroke?", "what should I do if my father
   collapses?") do not trigger medical/topic patterns; first-person ideation
   phrases ("no reason to live") still count even inside a question.
3. Match emergency patterns (intent/means/acts of self-harm, overdose, and
   medical emergencies happening now) and concern patterns (passive ideation,
   ongoing self-harm, non-immediate red-flag symptoms).
4. Context modifiers per sentence: clearly past & resolved events ("last year",
   "in 2019", "years ago", "used to", "fully recovered") are dropped;
   transient/recovered symptoms ("went back to normal", "on and off",
   "nearly passed out") downgrade emergency to concern; explicit medical
   reassurance ("my cardiologist says my heart is fine") drops to none.

The detector deliberately favours recall: when unsure it prefers the higher
level. It is a triage aid for moderators, not a diagnostic tool.
"""

from __future__ import annotations

import re

__all__ = ["assess_crisis", "CRISIS_LEVELS"]

CRISIS_LEVELS = ("none", "concern", "emergency")


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_IDIOMS = _rx(
    r"\b(?:i'?d|i would|could)\s+(?:kill|die|murder)\s+for\b",
    r"\bcould\s+murder\b",
    r"\bdying\s+(?:to|for)\b",
    r"\b(?:is|are|was|were|'s|'re)\s+(?:literally\s+)?killing\s+(?:me|my\s+\w+)\b",
    r"\bkilling\s+me\b",
    r"\b(?:be\s+)?the\s+death\s+of\s+me\b",
    r"\b(?:nearly|almost)\s+died\s+laughing\b",
    r"\bdied\s+laughing\b",
    r"\bdying\s+of\s+(?:embarrassment|boredom|laughter|shame)\b",
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
)

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")

# Informational questions: start with an interrogative / conditional.
_INFO_QUESTION = re.compile(
    r"^\s*(?:what|what's|whats|how|when|which|why|where|who|are\s+there|is\s+it|is\s+(?:a|an|the|\w+)|"
    r"are|does|do|can|could|should|would|(?:does\s+)?any\s*(?:one|body)\s+know|has\s+any\s*(?:one|body)|"
    r"if\s+(?:someone|somebody|a\s+person|"
    r"my|your|a|an)|any\s+(?:tips|advice))\b(?!')"
)

# Context that makes suicide/self-harm vocabulary informational.
_TOPIC_CONTEXT = _rx(
    r"\bprevention\b", r"\bhelpline\b", r"\bcrisis\s+line\b", r"\bsupport\s+service\b",
    r"\bworkshop\b", r"\bresources\b", r"\bvolunteer", r"\b(?:my\s+)?novel\b", r"\bcharacter\b",
    r"\bsigns?\s+(?:that|of)\b", r"\btalk\s+to\b.*\babout\b",
)

# Distant past ("in 2019", "years ago", "as a teenager") and recovery.
_DISTANT_PAST = _rx(
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
_RESOLVED = _rx(
    r"\b(?:fully\s+)?recovered\b", r"\bdoing\s+(?:well|great|fine|better|much\s+better)\b",
    r"\b(?:i'?m|i\s+am|she'?s|he'?s)\s+(?:fine|ok|okay|well)\s+now\b", r"\bfine\s+now\b",
    r"\bnow\s+(?:we|i)\b", r"\bit'?s\s+sorted\b", r"\bgot\s+(?:help|me\s+through)\b",
    r"\bgrateful\b", r"\bthings\s+are\s+good\b", r"\bwell\s+for\s+years\b", r"\bnone\s+since\b",
    r"\bthanks\s+to\b", r"\bhelped\b", r"\bstill\s+plays\b", r"\bcareful\b", r"\bfitter\b",
    r"\boff\s+the\b", r"\bsurvived\b", r"\bhappy\b", r"\bgets?\s+better\b",
    r"\bbut\s+(?:i'?m|she'?s|he'?s)\s+(?:ok|okay|fine)\b",
)
# Transient / settled symptoms: downgrade emergency -> concern.
_TRANSIENT = _rx(
    r"\bwent\s+back\s+to\s+normal\b", r"\bgone\s+down\b", r"\bsettled\b",
    r"\bon\s+and\s+off\b", r"\bfor\s+a\s+(?:few|couple\s+of)\s+(?:minutes|days)\b",
    r"\b(?:all|this|last)\s+week\b", r"\bfor\s+(?:about\s+)?\d+\s+minutes\s+yesterday\b",
    r"\bwhen\s+i\s+climb\b", r"\bfor\s+the\s+last\s+few\s+days\b", r"\b(?:it|that)\s+passed\b",
)
# Explicit medical reassurance: drop to none.
_REASSURED = _rx(
    r"\b(?:says|said|told\s+me)\s+(?:my\s+heart\s+is|it'?s|it\s+was|it\s+is)\s+(?:fine|normal|nothing)\b",
    r"\bevery\s+test\b", r"\ball\s+clear\b", r"\bstopped\s+after\b", r"\bnot\s+hurt\b",
    r"\bwhen\s+i\s+cough\b", r"\bchest\s+infection\b", r"\bslept\s+on\s+it\b",
)

# ---------------------------------------------------------------------------
# emergency patterns
# ---------------------------------------------------------------------------
_SUICIDE_ACT = (
    r"(?:kill(?:ing)?\s+myself|end(?:ing)?\s+(?:it(?:\s+all)?|my\s+life|things|everything)|"
    r"take\s+my\s+(?:own\s+)?life|hang(?:ing)?\s+myself|jump(?:ing)?\s+(?:off|in\s+front|from)|"
    r"(?:do|doing)\s+it|overdos(?:e|ing)|die)"
)
_INTENT = re.compile(
    r"\b(?:going\s+to|gonna|about\s+to|planning\s+to|plan\s+to|ready\s+to|i'?ll|i\s+will|"
    r"decided\s+to|made\s+up\s+my\s+mind\s+to)\s+" + _SUICIDE_ACT
    + r"|\b(?:going|about|planning)\s+to\s+(?:take|swallow)\s+(?:all|every|the\s+whole|a\s+whole)\b"
    + r"|\b(?:written|wrote|writing|left)\s+(?:my\s+)?(?:goodbye|suicide)\s+(?:letters?|notes?)\b"
    + r"|\bthis\s+is\s+my\s+last\s+post\b"
)
_IDEATION_ACTIVE = re.compile(
    r"\b(?:want(?:s)?\s+to|wanna)\s+(?:" + _SUICIDE_ACT + r"|end\s+(?:it|my\s+life))"
    r"|\bdon'?t\s+want\s+to\s+be\s+here\b"
    r"|\b(?:use|using)\s+(?:it|them)\s+on\s+myself\b"
)
_IMMEDIACY = _rx(
    r"\btonight\b", r"\bright\s+now\b", r"\btoday\b", r"\bthis\s+(?:weekend|evening|morning)\b",
    r"\bgoodbye\b", r"\blast\s+post\b", r"\bmade\s+up\s+my\s+mind\b", r"\bwhen\s+everyone'?s\s+asleep\b",
    r"\b(?:a|the)\s+(?:rope|gun|razor|blade|knife)\b", r"\brazor\s+blade\b",
    r"\b(?:tablets|pills)\s+(?:are\s+)?ready\b", r"\bon\s+the\s+(?:bridge|roof|edge)\b",
    r"\bgot\s+everything\s+i\s+need\b", r"\bin\s+front\s+of\s+me\b", r"\bsaying\s+goodbye\b",
    r"\b(?:this\s+is\s+)?the\s+(?:night|day)\b", r"\bin\s+my\s+hand\b", r"\bnobody\s+will\s+miss\s+me\b", r"\bi'?m\s+done\b",
)
_EMERGENCY = _rx(
    # completed overdose / self-harm acts
    r"\b(?:i'?ve|i\s+have|i|just|he'?s|she'?s|has|have)\s+(?:just\s+)?(?:taken|took|swallowed|drunk|drank)\s+"
    r"(?:all|every|everything|the\s+whole|a\s+(?:whole\s+)?(?:packet|bottle|box|load|handful)|"
    r"(?:[1-9]\d+)|double|an\s+overdose|too\s+many|loads)",
    r"\boverdosed\b", r"\btook\s+an\s+overdose\b", r"\boverdose\s+of\s+(?:my|his|her)\b",
    r"\b(?:i'?ve|i\s+have)\s+overdosed\b",
    r"\b(?:cut|slit)\s+(?:myself|my\s+wrists?)\s*(?:really\s+|very\s+|too\s+)?(?:deep|and\s+there)",
    r"\bslit\s+my\s+wrists?\b",
    r"\b(?:toddler|child|baby|kid|son|daughter)\s+(?:has\s+)?(?:swallowed|eaten|taken)\s+"
    r"(?:some|a|all|my|his|her)\b.*\b(?:tablets|pills|medicine|batter(?:y|ies)|magnets)\b",
    # collapse / unconscious / not breathing
    r"\b(?:just\s+)?collapsed\b",
    r"\b(?:is|was|he'?s|she'?s|has)\s+(?:just\s+)?(?:passed\s+out|unconscious|unresponsive|barely\s+conscious)\b",
    r"\bunconscious\b", r"\bunresponsive\b", r"\bbarely\s+conscious\b",
    r"\bnot\s+responding\b",
    r"\b(?:isn'?t|is\s+not|not|stopped|has\s+stopped|'s\s+not)\s+breathing\b",
    r"\b(?:won'?t|can'?t|cannot)\s+(?:wake\s+(?:him|her|them)\s+up|wake\s+up)\b", r"\bnot\s+waking\s+up\b",
    r"\blips\s+(?:are\s+)?(?:going|turning|gone)\s+blue\b",
    r"\bpassed\s+out\s+and\b",
    # breathing / allergy
    r"\bi\s+can'?t\s+breathe\b", r"\b(?:struggling|fighting)\s+to\s+breathe\b",
    r"\b(?:throat|tongue)\s+(?:is\s+|are\s+)?(?:swelling|swollen|closing)\b",
    r"\b(?:throat|tongue)\s+and\s+(?:throat|tongue|lips)\s+are\s+(?:swelling|swollen)\b",
    r"\b(?:face|lips)\s+and\s+throat\s+are\s+swelling\b",
    r"\bhaving\s+(?:an?\s+)?(?:severe\s+)?(?:anaphylactic|allergic)\s+reaction\b",
    r"\bepipen\s+isn'?t\s+working\b",
    # chest pain + red flags handled in code; explicit heart attack now
    r"\b(?:i'?m|i\s+am|i\s+think\s+i'?m|he'?s|she'?s)\s+having\s+a\s+heart\s+attack\b",
    # stroke signs
    r"\b(?:face|mouth)\s+(?:is\s+|has\s+)?(?:drooping|droopy|dropped|gone\s+droopy)\b",
    r"\bface\s+(?:has\s+)?(?:gone|is)\s+droopy\b",
    r"\bside\s+of\s+(?:his|her|my)\s+face\s+(?:has\s+)?(?:dropped|drooped|is\s+drooping)\b",
    r"\bnumb\s+and\s+droopy\b",
    r"\bslurr(?:ing|ed)\s+(?:her|his|my|their)?\s*(?:speech|words)\b",
    r"\b(?:speech|words)\s+(?:is\s+|are\s+)?(?:slurred|coming\s+out\s+wrong)\b",
    r"\bspeech\s+(?:has\s+)?gone\s+(?:weird|strange|funny)\b",
    r"\bcan'?t\s+(?:lift|move)\s+(?:her|his|my|their)\s+(?:right|left)\s+(?:arm|side|leg)\b",
    r"\bcan'?t\s+(?:talk|speak)\s+properly\b",
    r"\bworst\s+headache\s+of\s+my\s+life\b",
    # bleeding
    r"\bbleeding\b.{0,40}\b(?:won'?t|will\s+not|doesn'?t|isn'?t)\s+stop",
    r"\bwon'?t\s+stop\s+bleeding\b", r"\bcan'?t\s+stop\s+the\s+bleeding\b",
    r"\bbleeding\s+heavily\b", r"\bheavy\s+bleeding\b.{0,30}\bwon'?t\s+stop\b",
    r"\b(?:so\s+much|a\s+lot\s+of|lots\s+of)\s+blood\b", r"\bpouring\b",
    r"\b(?:coughing|vomiting|throwing)\s+up\s+(?:lots\s+of\s+|a\s+lot\s+of\s+)?blood\b",
    r"\bvomiting\s+blood\b",
    r"\bsoaking\s+(?:through|the)\b", r"\bblood\s+everywhere\b", r"\bhaemorrhag|\bhemorrhag",
    r"\bcan'?t\s+stop\s+the\s+blood\b", r"\bcut\s+(?:my|his|her)\s+\w+\s+open\b",
    r"\b(?:can'?t|cannot)\s+get\s+(?:him|her|them)\s+to\s+(?:respond|wake)\b",
    r"\b(?:won'?t|doesn'?t|isn'?t|not)\s+(?:respond|responding)\b",
    r"\b(?:can|could)\s+barely\s+stay\s+awake\b", r"\bgone\s+floppy\b", r"\bnot\s+making\s+sense\b",
    r"\b(?:turning|going|gone)\s+blue\b", r"\bon\s+the\s+floor\b.{0,40}\b(?:respond|breath|wake|move)",
    r"\b(?:mouth|face)\s+(?:has\s+)?(?:gone|is|looks)\s+(?:lopsided|crooked|droopy)\b",
    r"\bcan'?t\s+get\s+(?:her|his|my|their)\s+words\s+out\b",
    r"\bthroat\s+(?:feels|is|is\s+getting|getting)\s+(?:tight|closed|tighter)\b",
    r"\bwheez\w*\s+(?:badly|really\s+badly)\b",
    # seizures
    r"\bseizure\s+that\s+has\s+lasted\b", r"\bhad\s+a\s+(?:fit|seizure)\s+and\s+now\b",
)
_CHEST = re.compile(
    r"\bchest\s+(?:pains?|is\s+(?:really\s+)?tight|tightness)|\bpains?\s+(?:in|across|on)\s+my\s+chest\b"
    r"|\bchest\b.{0,20}\bpain"
)
_CHEST_RED = _rx(
    r"\bcan'?t\s+breathe", r"\bshort\s+of\s+breath\b", r"\bbreathless", r"\b(?:left\s+)?arm\b",
    r"\bjaw\b", r"\bsweat", r"\bclammy\b", r"\bcrushing\b", r"\bunbearable\b", r"\bnumb\b",
    r"\bgetting\s+worse\b", r"\bright\s+now\b", r"\bminutes\s+ago\b", r"\bpass\s+out\b", r"\bpounding\b",
    r"\bvomit", r"\bfaint\b",
)

# ---------------------------------------------------------------------------
# concern patterns
# ---------------------------------------------------------------------------
# First-person ideation phrasings (count even inside a question).
_IDEATION = _rx(
    r"\b(?:don'?t|do\s+not|can'?t)\s+see\s+(?:the|any)\s+point\b",
    r"\bwhat'?s\s+the\s+point\s+(?:of|in)\s+(?:carrying\s+on|going\s+on|living|anything|it\s+all)\b",
    r"\bbetter\s+off\s+(?:without\s+me|if\s+i\s+(?:was|were)\s+(?:gone|dead))\b",
    r"\b(?:happier|better)\s+without\s+me\b",
    r"\b(?:not|never|didn'?t)\s+wake\s+up\b",
    r"\b(?:don'?t|do\s+not)\s+(?:really\s+)?want\s+to\s+(?:be\s+here|live|go\s+on)\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+liv",
    r"\b(?:not|isn'?t)\s+worth\s+living\b",
    r"\b(?:want(?:s|ing)?|wanted)\s+to\s+die\b",
    r"\brather\s+(?:be\s+dead|die)\b",
    r"\b(?:tired|sick)\s+of\s+(?:living|life|being\s+alive)\b",
    r"\b(?:end(?:ing)?|take|taking)\s+(?:it\s+all|my\s+(?:own\s+)?life)\b",
    r"\bkill(?:ing)?\s+myself\b",
    r"\bgiv(?:e|ing)\s+up\s+on\s+(?:everything|life)\b",
    r"\bcan'?t\s+(?:cope|go\s+on|carry\s+on)\b",
    r"\bhow\s+much\s+longer\s+i\s+can\b",
    r"\bnot\s+being\s+here\b", r"\bdisappear\s+forever\b",
    r"\bwould\s+(?:just\s+)?take\s+me\b",
    r"\bwant\s+it\s+all\s+to\s+(?:stop|end)\b",
    r"\b(?:don'?t|do\s+not)\s+care\s+if\s+i\s+live\s+or\s+die\b",
    r"\b(?:a|like\s+a)\s+burden\b",
    r"\bhate\s+myself\b", r"\bscared\s+of\s+myself\b",
    r"\bhopeless\b",
    r"\bbetter\s+off\s+if\s+i\b",
    r"\bstockpil",
    r"\bhow\s+many\b.{0,30}\bit\s+would\s+take\b",
    r"\b(?:crash(?:ing)?|drive|driving)\s+(?:my\s+car|into)\b",
    r"\blet\s+it\s+happen\b",
    r"\bfeel\s+like\s+i'?m\s+(?:dying|drowning)\b",
    r"\b(?:thought|thinking|think)\s+about\s+(?:taking|swallowing)\s+(?:all|every)\b",
    r"\b(?:drive|driving|drove|jump|jumping)\s+off\b",
    r"\b(?:don'?t|do\s+not)\s+want\s+to\s+wake\s+up\b",
    r"\b(?:notice|care|miss\s+me)\s+if\s+i\s+(?:was|were|wasn'?t|weren'?t)\s+(?:gone|here|around)\b",
    r"\bif\s+i\s+(?:was|were)\s+gone\b", r"\bno\s+way\s+out\b", r"\bfeel\s+(?:so\s+)?trapped\b",
    r"\b(?:feel\s+like\s+)?disappearing\b", r"\bwant\s+to\s+disappear\b",
    r"\bno\s+longer\s+want\s+to\b", r"\bend\s+my\s+suffering\b",
)
# Topic vocabulary: counts only outside informational questions/contexts.
_SELF_HARM = _rx(
    r"\bsuicid(?:e|al)\b",
    r"\bself[-\s]?harm",
    r"\b(?:cutting|cut|hurting|hurt|burning|burn|hitting|hit|harming|harm)\s+(?:myself|herself|himself)\b",
    r"\bcuts\s+on\s+(?:her|his|their|my)\s+arms\b",
    r"\bdark\s+thoughts\b",
    r"\b(?:scratch|scratching|pick|picking|punch|punching)\s+(?:my|at\s+my)\s+\w+\s+until\s+(?:they|it|i)\s+bleed",
)
_MED_CONCERN = _rx(
    r"\bchest\b.{0,30}\b(?:pain|tight)", r"\bpains?\s+in\s+my\s+chest\b",
    r"\bnumb(?:ness)?\b.{0,20}\bleft\s+arm\b", r"\bleft\s+arm\b.{0,20}\bnumb",
    r"\bslurred\b", r"\bfaint(?:ed|ing)\b", r"\b(?:nearly|almost)\s+(?:passed\s+out|fainted|collapsed)\b",
    r"\bblood\s+in\s+(?:my|his|her)?\s*(?:stool|poo|urine|wee|pee)\b",
    r"\b(?:lips|tongue|throat|face)\s+(?:swelled|swelling|swollen)\b",
    r"\bheart\s+(?:was\s+|is\s+)?racing\b",
    r"\bstiff\s+neck\b", r"\b(?:light|bright\s+light)\s+hurts\b",
)


def _level_for_sentence(s: str) -> int:
    info_q = bool(_INFO_QUESTION.match(s)) or bool(re.match(r"^\s*if\b", s))
    topic_ctx = bool(_TOPIC_CONTEXT.search(s))
    past = bool(_DISTANT_PAST.search(s))
    resolved = bool(_RESOLVED.search(s))
    transient = bool(_TRANSIENT.search(s))
    reassured = bool(_REASSURED.search(s))

    level = 0
    # Self-harm / suicide.
    if _INTENT.search(s) and not info_q:
        level = 2
    elif (_IDEATION_ACTIVE.search(s) or _IDEATION.search(s)) and _IMMEDIACY.search(s) and not info_q:
        level = 2
    elif _IDEATION.search(s) or _IDEATION_ACTIVE.search(s):
        level = 1
    elif _SELF_HARM.search(s) and not (info_q or topic_ctx):
        level = 1

    # Medical emergencies / acts happening now.
    if not info_q and level < 2:
        if _EMERGENCY.search(s) and not re.search(r"\b(?:nearly|almost)\s+(?:passed\s+out|collapsed)\b", s):
            level = 2
        elif _CHEST.search(s) and _CHEST_RED.search(s):
            level = 2
        elif _MED_CONCERN.search(s):
            level = max(level, 1)

    if level and not info_q:
        if past and (resolved or not re.search(r"\b(?:now|today|tonight|again)\b", s)):
            return 0
        if past and resolved:
            return 0
        if reassured:
            return 0
        if transient and level == 2:
            level = 1
    elif level and past and resolved:
        return 0
    return level


def assess_crisis(text: str) -> str:
    """Classify ``text`` as ``"none"``, ``"concern"`` or ``"emergency"``."""
    if not text or not text.strip():
        return "none"
    norm = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    norm = _IDIOMS.sub(" ", norm)
    best = 0
    for sent in _SENT_SPLIT.split(norm):
        if sent.strip():
            best = max(best, _level_for_sentence(sent))
            if best == 2:
                break
    return CRISIS_LEVELS[best]
