"""Crisis triage for forum posts.

``assess_crisis(text)`` returns ``"none"``, ``"concern"`` or ``"emergency"``;
``explain_crisis(text)`` also says why (the rule's sentence, the model's words).

v3 takes the highest of three layers over the normalised text (idioms and denials of
ideation blanked): the v2 sentence rules below, the red-flag families in
``crisis_flags.py`` (read over the whole post, behind the informational-question and
past-and-resolved guards), and the trained model in ``crisis_model.py``.

The v2 sentence rules (patterns compiled at import):

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

v2 adds concept-level lexicons (``_INTENT2``, ``_IDEATION2``, ``_EMERGENCY2``,
``_OVERDOSE``, ``_POISON``, ``_CHEST2``, ``_CONCERN2``), informal-spelling
normalisation, statement-form informational guards, and a per-sentence
stem prefilter (``_TRIGGER_SELF`` / ``_TRIGGER_MED``) for speed. Any new
pattern must have one of its required words in the matching anchor list.

The detector deliberately favours recall: when unsure it prefers the higher
level. It is a triage aid for moderators, not a diagnostic tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import crisis_model
from .crisis_flags import RED_FLAGS

__all__ = ["assess_crisis", "explain_crisis", "CrisisAssessment", "CRISIS_LEVELS"]

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
    r"\bjust\s+(?:nerves|anxiety|stress)\b",
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
    r"\b(?:won'?t|can'?t|cannot|couldn'?t)\s+(?:wake|rouse)\s+(?:(?:him|her|them|my\s+\w+|\w+)\s+)?up\b"
    r"(?!\s+(?:for|in\s+time|early|in\s+the\s+morning|on\s+time))", r"\bnot\s+waking\s+up\b",
    r"\blips\s+(?:are\s+)?(?:going|turning|gone)\s+blue\b",
    r"\bpassed\s+out\s+and\b",
    # breathing / allergy
    r"\bi\s+can'?t\s+breathe\b(?!\s+(?:through|out\s+of)\s+(?:my|his|her|the|one)\s+nos)", r"\b(?:struggling|fighting)\s+to\s+breathe\b",
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


# ---------------------------------------------------------------------------
# concept lexicons (v2): broader, recall-oriented matching
# ---------------------------------------------------------------------------
# Informal spellings are normalised before matching ("cant" -> "can't").
_CONTRACTIONS = {
    "cant": "can't", "dont": "don't", "wont": "won't", "isnt": "isn't", "doesnt": "doesn't",
    "didnt": "didn't", "couldnt": "couldn't", "wouldnt": "wouldn't", "arent": "aren't",
    "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's", "theyre": "they're",
    "wasnt": "wasn't", "havent": "haven't", "hasnt": "hasn't", "youre": "you're",
    "whats": "what's", "theres": "there's", "thats": "that's",
}
_CONTRACTION_RX = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b")

_WHO = r"(?:i|i'm|i've|he|he's|she|she's|they|they're|my\s+\w+|mum|dad|mom|nan|grandad|husband|wife|partner)"
_REFL = r"(?:myself|himself|herself|themselves|themself)"
_POSS = r"(?:my|his|her|their)"

# Statement-form informational context (leaflets, courses, essays, articles).
_INFO_CONTEXT = _rx(
    r"\bleaflet\b", r"\bside[-\s]effects?\b", r"\b(?:is|are)\s+listed\b", r"\blisted\s+as\b",
    r"\b(?:can|may|might|could)\s+(?:cause|increase|lead\s+to)\b", r"\bincrease[sd]?\s+(?:the\s+)?(?:suicide\s+)?risk\b",
    r"\brisk\s+of\b", r"\barticle\b", r"\bessay\b", r"\bmodule\b", r"\b(?:first\s+aid|cpr)\s+(?:course|training)\b",
    r"\bassembly\b", r"\bwarning\s+signs\b", r"\bsigns\s+(?:of|to\s+look)\b", r"\bsymptoms\s+of\b",
    r"\bwhat\s+to\s+look\s+(?:out\s+)?for\b", r"\bin\s+(?:her|his|their)\s+memory\b", r"\bcharity\b",
    r"\bif\s+(?:someone|somebody|a\s+person|you)\b", r"\bjust\s+so\s+i\s+understand\b",
    r"\bwant\s+to\s+be\s+prepared\b", r"\bby\s+accident\b",
)

_ACT = (
    r"(?:kill(?:ing)?\s+" + _REFL + r"|end(?:ing)?\s+(?:it(?:\s+all)?|" + _POSS + r"\s+life|things|everything)"
    r"|take\s+" + _POSS + r"\s+(?:own\s+)?life|hang(?:ing)?\s+" + _REFL + r"|jump(?:ing)?\s+(?:off|in\s+front|from)"
    r"|cut(?:ting)?\s+(?:" + _POSS + r"\s+(?:throat|wrists?)|" + _REFL + r")|(?:do|doing)\s+it|overdos(?:e|ing)|die"
    r"|step(?:ping)?\s+off|drown\s+" + _REFL + r"|(?:drive|crash|walk)\s+(?:my\s+car\s+)?(?:into|off|in\s+front))"
)
_INTENT2 = re.compile(
    r"\b(?:going\s+to|gonna|about\s+to|planning\s+to|plan\s+to|ready\s+to|i'?ll|i\s+will|he'?ll|she'?ll|"
    r"decided\s+to|made\s+up\s+my\s+mind\s+to|tonight\s+i)\s+(?:just\s+)?" + _ACT
    + r"|\b(?:wrote|written|writing|left|leaving)\s+(?:my\s+|the\s+|a\s+)?(?:goodbye|suicide)?\s*(?:letters?|notes?)\b"
    + r"|\btonight\s+is\s+the\s+night\b|\b(?:saying|said|messaged\s+\w+\s+saying)\s+goodbye\b"
    + r"|\b(?:standing|sat|sitting|i'?m)\s+(?:on|at)\s+(?:the\s+)?(?:edge|bridge|roof|platform|tracks|cliff)"
    + r"|\bkeep\s+thinking\s+about\s+(?:stepping|jumping)\b"
    + r"|\b(?:in\s+the\s+bath|sat|sitting)\s+with\s+(?:a\s+)?(?:blade|razor|knife)\b"
    + r"|\bgot\s+the\s+(?:rope|pills|tablets|gun)\b|\b(?:pills|tablets)\s+(?:are\s+)?(?:lined\s+up|ready|counted\s+out)\b"
    + r"|\bhas\s+(?:a|the)\s+(?:knife|rope|gun)\b.{0,40}\b(?:going\s+to|gonna|says)\b"
)
_IDEATION2 = _rx(
    r"\bbetter\s+(?:off\s+)?dead\b", r"\brather\s+be\s+dead\b",
    r"\bwish(?:es|ed)?\s+(?:i|he|she|they)\s+(?:was|were|'d\s+been|had\s+been)\s+(?:dead|never\s+born|gone)\b",
    r"\b(?:want|wants|wanting|wanted)\s+to\s+(?:die|be\s+dead|disappear)\b",
    r"\b(?:end(?:ing)?|ended)\s+(?:it\s+all|things|my\s+life|everything)\b",
    r"\bkill(?:ing)?\s+" + _REFL + r"\b", r"\bhurt(?:ing)?\s+" + _REFL + r"\b",
    r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:living|live|going\s+on|carrying\s+on)\b",
    r"\b(?:don'?t|do\s+not|doesn'?t|no\s+longer)\s+(?:really\s+)?want\s+to\s+be\s+(?:here|alive|around)\b",
    r"\bnot\s+want(?:ing)?\s+to\s+be\s+(?:here|alive|around)\b",
    r"\b(?:want|wants|wanted|wanting)\s+(?:it|everything)\s+(?:all\s+)?to\s+(?:be\s+over|stop|end)\b",
    r"\bdisappear\s+(?:for\s+good|forever)\b", r"\btake\s+matters\s+into\s+(?:my|his|her|their)\s+own\s+hands\b",
    r"\b(?:wouldn'?t|won'?t)\s+be\s+missed\b", r"\b(?:i'?d|i\s+would)\s+(?:even\s+)?be\s+missed\b",
    r"\bnobody\s+(?:would|will)\s+(?:miss|notice)\b",
    r"\bdone\s+with\s+(?:life|living|it\s+all|everything)\b",
    r"\b(?:sleep|go\s+to\s+sleep)\s+and\s+(?:not|never)\s+wake\b",
    r"\b(?:world|everyone|everybody|family|kids)\s+(?:would|will|'d)\s+be\s+(?:better|happier)\b",
    r"\bready\s+to\s+go\b", r"\bworthless\b", r"\bletting\s+everyone\s+down\b",
    r"\bpull(?:ed|ing)?\s+(?:my|her|his)\s+hair\s+out\b(?!\s+over)",
    r"\b(?:how|ways?)\s+to\s+(?:end\s+(?:it|things|my\s+life)|kill\s+myself|die)\b",
    r"\bthink(?:ing)?\s+about\s+(?:ending|killing|suicide|dying|driving\s+into)\b",
    r"\b(?:drive|driving|drove|crash(?:ing)?)\s+(?:my\s+car\s+)?(?:into|off)\b",
    r"\bthoughts\s+(?:of|about)\s+(?:hurting|harming|killing|ending|suicide|dying)\b",
    r"\bvoices?\b.{0,30}\b(?:hurt|kill|harm)\b",
    r"\b(?:can'?t|cannot)\s+(?:cope|go\s+on|carry\s+on|do\s+this)\s+any\s*more\b",
    r"\bsuicid(?:e|al)\b.{0,30}\b(?:a\s+lot|every\s+day|all\s+the\s+time|again|lately|constantly)\b",
    r"\b(?:i\s+think|thinking)\s+about\s+suicide\b", r"\bsaving\s+up\s+(?:my|his|her)\s+(?:pills|tablets|meds)\b",
    r"\bgoogl\w+\s+how\s+many\b", r"\bwhat'?s\s+the\s+point\s+of\s+(?:any\s+of\s+it|it\s+all|anything|life|living)\b",
    r"\b(?:cutting|burning|hitting|harming)\s+again\b", r"\bstarted\s+(?:cutting|self[-\s]?harming)\b",
)
# Emergency medical concepts (not in informational sentences).
_EMERGENCY2 = _rx(
    # unresponsive / collapse
    r"\b(?:isn'?t|is\s+not|not|stopped|has\s+stopped|barely)\s+(?:moving|answering|responding|breathing|waking)\b"
    r"(?!\s+(?:house|home|on|forward|in|out|to|the\s+(?:phone|door)|(?:my|our|your)\s+\w+|emails?|calls?|messages?|letters?|questions?|for|up\s+for|through\s+(?:my|his|her|the)\s+nose))",
    r"\b(?:won'?t|can'?t|cannot|couldn'?t)\s+(?:wake|rouse|respond|answer)\b"
    r"(?!\s+(?:up\s+)?(?:for|in\s+time|early|in\s+the\s+morning|on\s+time|the\s+(?:phone|door)|(?:my|our|your)\s+\w+|emails?|calls?|messages?|letters?|questions?))",
    r"\b(?:can'?t|cannot|couldn'?t)\s+(?:wake|rouse|get\s+a\s+response\s+from)\s+(?:him|her|them)\b",
    r"\bslumped\b", r"\b(?:gone|going|went)\s+(?:floppy|limp|grey|gray)\b", r"\bturned\s+(?:grey|gray|blue)\b",
    r"\bpale\s+and\s+floppy\b", r"\bfloppy\b", r"\bgurgl", r"\bdoing\s+cpr\b", r"\bcpr\s+now\b",
    r"\bbreathing\s+(?:is\s+)?(?:really\s+|very\s+)?(?:slow|shallow|weird|strange|funny|noisy)\b",
    r"\b(?:fell|collapsed|keeled\s+over)\b.{0,60}\b(?:not\s+moving|unconscious|breathing|respond|confused|sick|vomit)",
    r"\b(?:hit|banged|knocked)\s+(?:his|her|my|their)\s+head\b.{0,60}\b(?:confused|sick|vomit|drowsy|sleepy|unconscious|knocked\s+out)",
    # breathing
    r"\b(?:can'?t|cannot|couldn'?t)\s+(?:catch|get)\s+(?:my|his|her|their|a)\s+breath\b",
    r"\b(?:can'?t|cannot)\s+breathe\b(?!\s+(?:through|out\s+of)\s+(?:my|his|her|the|one)\s+nos)", r"\bgasping\b", r"\bfighting\s+for\s+(?:breath|air)\b",
    r"\bstruggling\s+(?:to\s+breathe|for\s+(?:breath|air))\b",
    r"\b(?:trouble|difficulty|problems?)\s+breathing\b", r"\b(?:hard|hardly\s+able)\s+to\s+breathe\b",
    r"\blips\s+(?:are\s+|have\s+|look\s+)?(?:going|turning|gone|went)?\s*(?:blue|bluish|grey|gray|purple)\b",
    r"\bblue\s+lips\b.{0,40}\b(?:now|he|she|his|her|my)\b",
    r"\b(?:sats|saturation|oxygen|o2|spo2)\b\D{0,20}\b(?:[5-8]\d)\b",
    r"\bsucking\s+in\s+(?:under|between)\b", r"\bchoking\b(?!\s+on\s+(?:my|his|her)\s+words)",
    r"\bwheez\w*\b.{0,40}\b(?:inhaler|blue|can'?t|badly|not\s+helping)\b",
    # allergy
    r"\b(?:throat|tongue)\s+(?:is\s+|are\s+|keeps\s+)?(?:swelling|swelled|swollen|closing|puffing|puffed|tight(?:ening)?)\b",
    r"\b(?:lips?|face|mouth|eyes)\s+(?:is\s+|are\s+|keeps\s+)?(?:swelling|swelled|swollen|closing|puffing|puffed)\b"
    r"(?=.{0,80}\b(?:allerg|stung|sting|bite|ate|eaten|peanut|nuts?|hives|reaction|penicillin|antibiotic|breath|swallow|epipen))",
    r"\b(?:swelling|swollen)\s+(?:throat|tongue)\b", r"\bhard\s+to\s+swallow\b",
    r"\b(?:having|going\s+into)\s+(?:anaphyla|an?\s+(?:severe\s+)?(?:anaphylactic|allergic)\s+reaction)",
    # chest
    r"\bclutching\s+(?:his|her|my|their)\s+chest\b", r"\belephant\b.{0,30}\bchest\b",
    # stroke
    r"\b(?:face|mouth|smile)\s+(?:is\s+|has\s+)?(?:gone\s+|going\s+)?(?:drooping|droopy|dropped|drooped|lopsided|crooked|fallen)\b",
    r"\b(?:drooping|droopy)\s+(?:face|mouth)\b", r"\bmouth\s+(?:is\s+)?drooping\b",
    r"\bslurr(?:ing|ed|y)\b", r"\b(?:speech|words|talking)\s+(?:is\s+|are\s+|went\s+|has\s+gone\s+|have\s+gone\s+|gone\s+)?(?:all\s+)?(?:garbled|jumbled|coming\s+out\s+wrong|nonsense|muddled)\b",
    r"\b(?:can'?t|cannot|unable\s+to)\s+(?:lift|move|raise|feel|use)\s+(?:his|her|my|their)\s+(?:right\s+|left\s+)?(?:arm|leg|side|hand)\b",
    r"\b(?:arm|leg|side|hand)s?\b.{0,40}\b(?:gone|went|going|suddenly|all\s+of\s+a\s+sudden|is|are)\s+(?:numb|weak|dead|limp)\b.{0,40}\b(?:sudden|suddenly|speech|words|face|confused)",
    r"\b(?:sudden(?:ly)?|all\s+of\s+a\s+sudden)\b.{0,40}\b(?:numb|weak)\b.{0,40}\b(?:arm|leg|side)\b",
    r"\b(?:arm|leg)\s+and\s+(?:arm|leg)\b.{0,40}\b(?:numb|weak)\b",
    r"\bworst\s+headache\b", r"\bthunderclap\b", r"\bhaving\s+a\s+stroke\b", r"\bhaving\s+a\s+heart\s+attack\b",
    # bleeding
    r"\b(?:spurting|gushing|pumping\s+out)\b", r"\b(?:loads|lots|so\s+much|a\s+lot|pools?)\s+of\s+blood\b",
    r"\b(?:throwing|coughing|vomiting|being\s+sick|bringing)\s+up\s+(?:\w+\s+){0,3}blood\b", r"\bvomiting\s+blood\b",
    r"\bsoaking\s+(?:a|through|my|the)\b", r"\bbleeding\b.{0,60}\b(?:faint|dizzy|passing\s+out|pass\s+out)",
    r"\b(?:wont|won'?t|doesn'?t|not)\s+stop\s+bleeding\b", r"\b(?:can'?t|cannot|couldn'?t)\s+stop\s+(?:the\s+)?(?:bleeding|blood)\b",
    r"\b(?:dripping|blood)\s+everywhere\b",
    # seizures
    r"\b(?:seizure|fit|fitting|convuls\w*)\b.{0,40}\b(?:over|more\s+than|longer\s+than)\s+(?:\d+|five|ten)\s+min",
    r"\bstill\s+(?:fitting|seizing|convulsing|having\s+(?:a|the)\s+(?:fit|seizure))\b",
    r"\b(?:fit|fitting|seizure|seizing|convuls\w*)s?\b.{0,30}\b(?:won'?t\s+stop|not\s+stopping|one\s+after\s+another|back\s+to\s+back|keeps?\s+going)\b",
    # meningitis / sepsis
    r"\brash\b.{0,40}\b(?:doesn'?t|does\s+not|won'?t)\s+fade\b", r"\bnon[-\s]?blanching\b",
    r"\boverdos(?:ed|ing)\b", r"\b(?:taken|took|had)\s+an\s+overdose\b",
)
# Overdose: an ingestion verb near a large/deliberate quantity, unless about food or a finished course.
_OVERDOSE = re.compile(
    r"\b(?:took|taken|take|swallowed|swallow|drank|drunk|injected|inject|ate|eaten|necked|downed|popped)\b"
    r".{0,40}\b(?:on\s+purpose|deliberately|too\s+(?:many|much)|way\s+too|whole\s+(?:months?|packet|bottle|box|lot|supply)|"
    r"all\s+(?:my|his|her|their|of|the)|a\s+(?:load|handful|packet|bottle|box)|loads|(?:like\s+)?[1-9]\d\b|supply)"
)
_OVERDOSE_GUARD = re.compile(
    r"\b\d+\s*(?:mg|ml|mcg|units?|iu)\b|\b(?:once|twice|three\s+times)\s+a\s+day\b|\b(?:course|as\s+prescribed|like\s+(?:they|the\s+\w+|you)\s+said|antibiotics|biscuits|chocolate|sweets|crisps|cake|"
    r"food|pizza|lol|haha|diet|water|fluids|vitamins?)\b"
)
_POISON = re.compile(
    r"\b(?:swallowed|drank|drunk|ate|eaten|taken)\s+(?:some\s+|a\s+bottle\s+of\s+|a\s+)?(?:bleach|antifreeze|weedkiller|cleaning|batter(?:y|ies)|magnets?|detergent)"
    r"|\b(?:toddler|child|baby|kid|son|daughter|little\s+one)\b.{0,40}\b(?:swallowed|eaten|taken|got\s+into)\b.{0,40}\b(?:tablets|pills|medicine|meds|batter(?:y|ies)|magnets)\b"
)

# Chest pain (broader) and its red flags.
_CHEST2 = re.compile(
    r"\bchest\b.{0,25}\b(?:pain|pains|hurts?|hurting|tight|tightness|pressure|crushing|heavy|agony)\b"
    r"|\b(?:pain|pressure|tightness|crushing)\b.{0,20}\b(?:in|across|on)\s+(?:my|his|her|the)\s+chest\b"
)
_CHEST_RED2 = _rx(
    r"\bbreath", r"\bbreathe", r"\barm\b", r"\bjaw\b", r"\bsweat", r"\bclammy\b", r"\bcrushing\b",
    r"\bunbearable\b", r"\bnumb\b", r"\bworse\b", r"\bspread", r"\bradiat", r"\bgrey\b|\bgray\b", r"\bpale\b",
    r"\bfaint\b", r"\bdizzy\b", r"\bvomit|\bbeing\s+sick\b|\bfeel\s+sick\b", r"\b(?:mins?|minutes?|hours?|an\s+hour)\s+ago\b",
    r"\bcan'?t\s+(?:stand|move|breathe|talk)\b", r"\bpounding\b", r"\bagony\b", r"\bheavy\b", r"\bright\s+now\b",
)
_CONCERN2 = _rx(
    r"\bshort(?:ness)?\s+of\s+breath\b(?!.{0,40}\b(?:stairs|climbing|walking|exercise|hills?)\b)",
    r"\bpins\s+and\s+needles\s+in\s+(?:my|his|her)\s+face\b", r"\b(?:face|lip)\s+(?:went|goes|gone|is|was)\s+numb\b",
    r"\b(?:blood|bleeding)\b.{0,15}\b(?:urine|wee|pee|stools?|poo|poop)\b", r"\b(?:urine|wee|pee)\b.{0,30}\b(?:red|bloody|brown)\b",
    r"\bblack\s+(?:tarry\s+)?(?:poo|stools?|poop)\b", r"\btarry\b",
    r"\bcalf\b.{0,40}\b(?:swollen|painful|pain|hot|red)\b", r"\b(?:swollen|painful|hot|red)\b.{0,40}\bcalf\b",
    r"\bfaint(?:ed|ing)\b", r"\b(?:blacked|passed)\s+out\b", r"\bfunny\s+turn\b",
    r"\b(?:getting|got|become|becoming|more|increasingly|very|suddenly)\s+confused\b", r"\bconfusion\b",
    r"\b(?:stopped|barely)\s+(?:eating|drinking)\b", r"\bnot\s+eating\s+or\s+drinking\b",
    r"\bnight\s+sweats\b",
    r"\bheart\b.{0,15}\b(?:racing|pounding|palpitat)", r"\bpalpitations\b",
    r"\bcoughing\s+(?:up\s+)?blood\b", r"\bblood\s+in\s+(?:my|his|her)\s+(?:sick|vomit)\b",
    r"\bseizure\b|\bfitting\b", r"\bnumb(?:ness)?\b.{0,20}\b(?:arm|leg|face|side)\b",
    r"\bdrinking\s+heavily\b",
)
# "nearly passed out" is a concern cue, not a collapse.
_NEAR_MISS = re.compile(r"\b(?:nearly|almost|keep\s+nearly|keeps\s+nearly)\s+(?:pass(?:ed|ing)\s+out|collaps(?:ed|ing)|faint(?:ed|ing))\b")
# Cheap per-sentence prefilter: every crisis pattern above needs at least one of
# these word-initial stems/phrases, so sentences with none of them are skipped
# (keeps long benign posts fast). Compiled as a first-letter trie.
_ANCHORS_SELF = """
kill die$ died$ dies$ dying dead suicid self harm hurt cut bleed life living live alive end point better_off better_without
better_dead be_better happier burden hopeless stockpil crash drive driving drove jump wake waking disappear
trapped way_out miss_me missed notice care_if take_me take_my taking_my about_taking about_swallowing cope
go_on carry_on going_on do_this ready_to worthless letting_everyone hair_out saving_up googl done_with
sleep_and tired_of sick_of reason_to reason_in point rather_be rather_die wish give_up giving_up nobody_would
nobody_will matters_into let_it_happen my_suffering being_here being_alive no_longer much_longer myself
himself herself themselves want wanna do_it doing_it overdos step walk_in walk_off walk_into drown letter
note goodbye tonight_is edge bridge roof platform track cliff blade razor knife rope gun pill tablet
last_post how_many dark_thoughts be_over
"""
_ANCHORS_MED = """
took taken take swallow drank drunk inject ate eaten necked downed popped overdos cut slit collaps passed
passing unconscious unresponsive conscious respon answer moving rouse wake waking awake breath blue purple
grey gray pale_and throat tongue anaphyla allerg reaction epipen heart droop dropped lopsided crooked fallen
slurr speech words talking can't_lift can't_move can't_raise can't_feel can't_use cannot_ unable_to
can't_talk can't_speak numb weak headache thunderclap stroke blood bleed bled pour soak haemorrhag hemorrhag
making_sense floppy floor wheez seiz fit convuls slump limp gurgl cpr fell keel banged knocked hit_his
hit_her hit_my hit_their gasp for_air sats saturat oxygen o2 spo2 sucking_in chok swell swoll puff clutch
elephant spurt gush pumping pumped drip rash blanch bleach antifreeze weedkiller cleaning batter magnet
detergent chest short_of shortness pins_and urine wee_ pee_ black_ tarry calf faint blacked funny_turn
confus eating_or stopped_eating stopped_drinking barely_eating barely_drinking drinking_heavily
sweats racing pounding palpitat stiff_neck light_hurts bright_light nearly almost
"""

def _trie_regex(words: list[str]) -> re.Pattern[str]:
    """Word-initial stems as one regex; "_" stands for whitespace, "$" for a word end."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:
            return ""  # a shorter stem already matches (prefix semantics)
        alts = [
            re.escape(ch).replace("_", r"\s+").replace(r"\$", r"\b") + build(child)
            for ch, child in sorted(node.items())
        ]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(r"\b" + build(trie))


_TRIGGER_SELF = _trie_regex(_ANCHORS_SELF.split())
_TRIGGER_MED = _trie_regex(_ANCHORS_MED.split())

_IDIOMS2 = _rx(
    r"\bsick\s+to\s+death\s+of\b", r"\b(?:laughing|laughed)\s+so\s+(?:hard|much)\s+(?:i|that\s+i)\s+(?:couldn'?t|could\s+not)\s+breathe\b",
    r"\bcouldn'?t\s+breathe\s+(?:for|from)\s+laughing\b", r"\b(?:legs|arms|feet)\s+are\s+dead\b",
    r"\bdead\s+(?:on|today)\b(?=.{0,20}\blol\b)", r"\bkilling\s+it\b", r"\bdrives?\s+me\s+(?:mad|insane|crazy)\b",
    r"\bbreathe\s+(?:so\s+much\s+)?(?:better|easier)\b",
)
# v3: idioms that read like intent to a model as much as to a phrase list.
_IDIOMS3 = _rx(
    r"\bend(?:ing)?\s+(?:it|things)\s+with\s+(?:my|the|our|this|that|them|him|her)\b(?:\s+(?!life\b)\w+)?",
    r"\b(?:don'?t|do\s+not|didn'?t)\s+want\s+to\s+be\s+(?:here|stuck\s+here)\s+(?:in|at|on)\s+(?:this|the|a)\s+"
    r"(?:waiting\s+room|queue|clinic|hospital|a&e|ward|line|surgery|appointment|meeting|job|place)\b",
    r"\bwant\s+to\s+be\s+here\s+(?:in|at)\s+(?:this|the)\s+(?:waiting\s+room|queue)\b",
)
# v3: a denial of ideation ("I'm not suicidal", "no thoughts of harming myself", "I don't
# want to die, I want …") is blanked to the end of its clause before any layer reads it.
_NEGATED_IDEATION = re.compile(
    r"\b(?:i'?m|i\s+am|i'?ve|i\s+have|i)\s+(?:really\s+|honestly\s+|definitely\s+)?(?:not|never|no\s+longer)\s+"
    r"(?:been\s+)?(?:suicidal|(?:going\s+to|gonna|planning\s+to|wanting\s+to|trying\s+to|tried\s+to|thought\s+(?:about|of))\s+"
    r"(?:hurt|harm|kill|end)\w*)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\b(?:i\s+)?(?:have|had|with|there\s+are)?\s*(?:no|zero|never\s+had\s+any)\s+(?:thoughts?|plans?|intention)\s+(?:of|about|to)\s+"
    r"(?:suicide|self[\s-]?harm\w*|hurting|harming|killing|ending)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\bnever\s+(?:tried|wanted|thought\s+(?:about|of))\s+(?:to\s+)?(?:kill|hurt|harm|end)\w*\s+(?:myself|my\s+life|it)(?:(?!\b(?:but|though|although|except)\b)[^.,;!?\n])*"
    r"|\bi\s+(?:don'?t|do\s+not)\s+want\s+to\s+die\b(?=\s*[,;]?\s*(?:i\s+(?:just\s+)?want|but|i'?m\s+just|just))"
)
_STRONG_NOW = _rx(
    r"\bright\s+now\b", r"\bjust\s+now\b", r"\bat\s+the\s+moment\b", r"\bcurrently\b",
    r"\b(?:\d+|few|ten|twenty|thirty|an?|half\s+an)\s+(?:mins?|minutes?|hours?|hrs?)\s+ago\b",
    r"\btonight\b", r"\bthis\s+(?:morning|afternoon|evening)\b", r"\bstill\b",
)
_PAST2 = _rx(
    r"\blast\s+(?:month|week|year|spring|summer|autumn|fall|winter)\b",
    r"\b(?:\d+|a\s+few|a\s+couple\s+of|two|three|four|five|six|ten|several|many)\s+(?:months?|weeks?)\s+ago\b",
    r"\ba\s+while\s+(?:ago|back)\b", r"\bhad\s+a\s+scare\b",
)
_RESOLVED2 = _rx(r"\b(?:he|she|they|i)'?(?:s|re|m)?\s+(?:fine|ok|okay|well|good)\s+now\b", r"\bturned\s+out\b", r"\ball\s+good\b")


def _level_for_sentence(s: str) -> int:
    self_cue = bool(_TRIGGER_SELF.search(s))
    med_cue = bool(_TRIGGER_MED.search(s))
    if not (self_cue or med_cue):
        return 0
    strong_now = bool(_STRONG_NOW.search(s))
    info_q = bool(_INFO_QUESTION.match(s)) or bool(re.match(r"^\s*if\b", s))
    if info_q and strong_now and re.search(r"\b(?:my|i'?m|i'?ve|he'?s|she'?s|his|her)\b", s):
        # "how do I stop the bleeding, my son cut his hand and it's still pouring"
        info_q = False
    topic_ctx = bool(_TOPIC_CONTEXT.search(s))
    info_ctx = bool(_INFO_CONTEXT.search(s))

    level = 0
    # Self-harm / suicide.
    if self_cue:
        ideation = bool(_IDEATION_ACTIVE.search(s) or _IDEATION.search(s)) or (
            not (info_ctx or topic_ctx) and bool(_IDEATION2.search(s))
        )
        if (_INTENT.search(s) or _INTENT2.search(s)) and not info_q:
            level = 2
        elif ideation and _IMMEDIACY.search(s) and not info_q:
            level = 2
        elif ideation:
            level = 1
        elif _SELF_HARM.search(s) and not (info_q or topic_ctx or info_ctx):
            level = 1

    # Medical emergencies / acts happening now.
    if med_cue and not info_q and not info_ctx and level < 2:
        near_miss = bool(_NEAR_MISS.search(s))
        s_med = _NEAR_MISS.sub(" ", s) if near_miss else s
        chest = _CHEST.search(s_med) or _CHEST2.search(s_med)
        overdose = bool(_OVERDOSE.search(s_med)) and not _OVERDOSE_GUARD.search(s_med)
        emerg = _EMERGENCY.search(s_med)
        if emerg and _OVERDOSE_GUARD.search(s_med) and re.search(r"\b(?:taken|took|swallowed|drunk|drank)\b", emerg.group(0)):
            emerg = None
        if overdose or emerg or _EMERGENCY2.search(s_med) or _POISON.search(s_med):
            level = 2
        elif chest and (_CHEST_RED.search(s_med) or _CHEST_RED2.search(s_med)):
            level = 2
        elif chest or near_miss or _MED_CONCERN.search(s) or _CONCERN2.search(s):
            level = max(level, 1)

    if not level:
        return 0
    past = bool(_DISTANT_PAST.search(s))
    resolved = bool(_RESOLVED.search(s)) or bool(_RESOLVED2.search(s))
    if not info_q:
        if past and (resolved or not re.search(r"\b(?:now|today|tonight|again)\b", s)):
            return 0
        if (past or _PAST2.search(s)) and resolved and not strong_now:
            return 0
        if _REASSURED.search(s):
            return 0
        if level == 2 and _TRANSIENT.search(s):
            level = 1
    elif past and resolved:
        return 0
    return level


def _rule_level(norm: str) -> tuple[int, str]:
    """The red-flag rules' level for normalised text, and the sentence that set it."""
    best, trigger = 0, ""
    for sent in _SENT_SPLIT.split(norm):
        if sent.strip():
            level = _level_for_sentence(sent)
            if level > best:
                best, trigger = level, sent.strip()
                if best == 2:
                    break
    return best, trigger


def _normalise(text: str) -> str:
    norm = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    norm = _CONTRACTION_RX.sub(lambda m: _CONTRACTIONS[m.group(0)], norm)
    norm = _IDIOMS.sub(" ", norm)
    norm = _IDIOMS3.sub(" ", norm)
    norm = _NEGATED_IDEATION.sub(" ", norm)
    return _IDIOMS2.sub(" ", norm)


# A first-person or happening-now cue: an informational question with one of these is a real report.
_FIRST_PERSON_NOW = re.compile(r"\b(?:i|i'?m|i'?ve|my|me|we|our|he'?s|she'?s|his|her|him)\b")
_MINOR_AND_FINE = re.compile(
    r"\b(?:plasters?\s+on|just\s+a\s+(?:graze|scratch|bump|nick)|(?:it'?s|i'?m|all|totally)\s+fine|no\s+harm\s+done|"
    r"nothing\s+serious|lol|haha)\b")


_MINOR_INJURY = re.compile(r"\b(?:cut|sliced|nicked|grazed?|scraped?|stubbed|bumped|paper\s+cut|splinter|finger|thumb|toe|knee)\b")
_SELF_WORDS = re.compile(r"\b(?:myself|suicid\w*|kill|die|dying|end\s+it|overdos\w*|kms|unaliv\w*|self[\s-]?harm|on\s+purpose)\b")


def _red_flag(norm: str) -> tuple[int, str]:
    """The highest red flag whose patterns all match, and the words that matched first."""
    if _INFO_QUESTION.match(norm) and not _FIRST_PERSON_NOW.search(norm):
        return 0, ""
    if _DISTANT_PAST.search(norm) and (_RESOLVED.search(norm) or _RESOLVED2.search(norm)):
        return 0, ""
    if _TOPIC_CONTEXT.search(norm) and not _FIRST_PERSON_NOW.search(norm):
        return 0, ""
    best, words = 0, ""
    for level, _family, patterns in RED_FLAGS:
        if level <= best:
            continue
        matches = [rx.search(norm) for rx in patterns]
        if all(matches):
            best, words = level, matches[0].group(0)
    return best, words


# The model's probability needed to raise a level on its own (chosen on the dev and
# generated sets; the held-out set was not used).
MODEL_EMERGENCY = 0.7
MODEL_CRISIS = 0.6


@dataclass(frozen=True)
class CrisisAssessment:
    level: str
    rule_trigger: str  # the sentence a red-flag rule fired on, "" when none did
    model_words: tuple[str, ...]  # the words that pushed the model most towards the level
    probabilities: dict[str, float]


def explain_crisis(text: str) -> CrisisAssessment:
    """The level, and why: the rule's sentence and the model's strongest words."""
    if not text or not text.strip():
        return CrisisAssessment("none", "", (), {"none": 1.0, "concern": 0.0, "emergency": 0.0})
    norm = _normalise(text)
    rule, trigger = _rule_level(norm)
    flag, flag_words = _red_flag(norm)
    if flag > rule:
        rule, trigger = flag, flag_words
    probs = crisis_model.probabilities(norm)
    model = 2 if probs["emergency"] >= MODEL_EMERGENCY else (
        1 if probs["emergency"] + probs["concern"] >= MODEL_CRISIS else 0)
    if model > rule and _MINOR_AND_FINE.search(norm):
        model = rule  # "sliced my finger, blood everywhere lol, plaster on": the model alone may not raise it
    level = max(rule, model)
    if level and _MINOR_AND_FINE.search(norm) and _MINOR_INJURY.search(norm) and not _SELF_WORDS.search(norm):
        level, trigger = 0, ""  # a small injury told dramatically, then "plaster on, fine"
    words = crisis_model.strongest_words(norm, CRISIS_LEVELS[level]) if level else ()
    return CrisisAssessment(CRISIS_LEVELS[level], trigger if rule else "", words, probs)


def assess_crisis(text: str) -> str:
    """Classify ``text`` as ``"none"``, ``"concern"`` or ``"emergency"``."""
    return explain_crisis(text).level
