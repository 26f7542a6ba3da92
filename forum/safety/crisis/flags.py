"""Crisis red flags: combinations read over the whole post, in the style of NHS 111 triage
red flags, and the self-harm families issue 14 lists (past-tense acts, means, indirect
ideation, warning signs, text-speak). Each :class:`RedFlag` is a level, a family name,
regexes that must all match the normalised text, and an optional veto (benign context that
cancels it); ``red_flag_level`` applies the guards.

The families name classes, not sentences: medicines are one lexicon (``MEDICINES``), means
one list, so "hoarding my oxycodone" and "stockpiling my pills" are the same family.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .guards import FIRST_PERSON_NOW, settled_or_informational

# Medicines people overdose on or save up, by the names posters use (UK and US); the training
# corpus fills its {med} slot from the same list.
MEDICINES = (
    "paracetamol", "acetaminophen", "tylenol", "ibuprofen", "aspirin", "co-codamol", "codeine", "tramadol",
    "oxycodone", "oxycontin", "morphine", "fentanyl", "methadone", "diazepam", "valium", "lorazepam", "xanax",
    "zopiclone", "sleeping pills", "sleeping tablets", "sertraline", "citalopram", "fluoxetine", "prozac",
    "amitriptyline", "mirtazapine", "venlafaxine", "quetiapine", "olanzapine", "lithium", "pregabalin",
    "gabapentin", "propranolol", "insulin", "warfarin", "metformin", "antidepressants", "painkillers",
    "heart pills", "blood pressure tablets", "meds", "medication", "medicine", "pills", "tablets",
)
_MED_NAMES = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(MEDICINES, key=len, reverse=True))
MEDS = rf"(?:{_MED_NAMES})"
# Things a person could use to end their life, told plainly.
MEANS = rf"(?:knife|knives|blade|razor|rope|noose|belt|cord|ligature|gun|rifle|shotgun|pistol|{_MED_NAMES})"
# "for over an hour", "for 45 minutes": long enough that bleeding needs a clinician now.
_LONG = (r"(?:over|more\s+than|for|nearly|almost|about|past)\s+(?:an?\s+hour|half\s+an\s+hour|\d+\s+(?:hours?|hrs?)|"
         r"(?:[3-9]\d|\d{3})\s+min\w*)")


class RedFlag(NamedTuple):
    level: int
    family: str
    patterns: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str] | None = None


RED_FLAGS: list[RedFlag] = [
    RedFlag(2, "past-tense overdose", (re.compile(
        r"\b(?:took|taken|swallowed|had|downed|necked|drank|drunk|injected)\s+(?:all|every|the\s+whole|the\s+rest|a\s+whole|"
        r"all\s+of|both|two|three|several|(?:my|his|her|their)\s+(?:whole|entire|full)|the\s+entire|a\s+full)\b(?:\s+\w+){0,4}\s+(?:them|tablets?|pills?|box(?:es)?|packets?|bottles?|strips?|"
        r"prescription|supply|" + _MED_NAMES + r")|\b(?:took|taken|swallowed|downed|necked|popped|had)\s+(?:like\s+|about\s+|over\s+)?"
        r"(?:[1-9]\d|\d{3})\s+(?:of\s+)?(?:my\s+|his\s+|her\s+|the\s+)?(?:\w+\s+)?" + MEDS),)),
    RedFlag(2, "exhaust fumes", (re.compile(
        r"\b(?:engine|car|motor)(?:'s|\s+is|\s+has\s+been)?\s+(?:still\s+)?(?:running|on)\b.{0,60}\b(?:garage|doors?\s+(?:shut|closed|locked)|"
        r"closed|locked|sat\s+in|sitting\s+in|i'?m\s+in)|\bgarage\b.{0,60}\b(?:engine|car|motor)(?:'s|\s+is)?\s+(?:still\s+)?(?:running|on)\b|"
        r"\bhose\w*\b.{0,40}\bexhaust|\bexhaust\b.{0,40}\b(?:hose|pipe|taped)|\bcharcoal\b.{0,40}\b(?:tent|room|car|sealed|taped)"),)),
    RedFlag(1, "saving medication", (re.compile(
        r"\b(?:sav(?:e|ed|ing)|stockpil\w*|hoard\w*|stash\w*|collect\w*|putting\s+\w+\s+aside|put\s+\w+\s+aside|set\s+aside|"
        r"keep(?:ing)?\s+back|hid(?:e|den|ing)|squirrel\w*)\b.{0,30}\b" + MEDS + r"|\b" + MEDS + r"\b.{0,30}\b(?:saved\s+up|aside|"
        r"stockpiled|hidden|stashed)|\b(?:stash|collection|hoard|stockpile|pile|supply)\s+of\s+(?:my\s+|his\s+|her\s+)?(?:\w+\s+)?" + MEDS),),
        unless=re.compile(r"\b(?:back\s+to\s+the\s+(?:pharmacy|chemist)|for\s+disposal|dispos\w+|take\s+(?:them|it)\s+back|"
                          r"(?:away|safe)\s+from\s+the\s+(?:kids|children|grandchildren)|for\s+(?:the\s+)?holiday|travel\w*)\b")),
    RedFlag(1, "heights and bridges", (re.compile(
        r"\b(?:how\s+(?:high|tall|far\s+down)|height\s+of|which|highest)\b.{0,30}\b(?:bridges?|car\s+parks?|multi[\s-]?stor(?:e)?y|"
        r"cliffs?|tower\s+block|roofs?|viaduct)\b|\bbridges?\s+(?:near\s+me|with\s+no\s+(?:fence|railing)s?)"),)),
    RedFlag(1, "means kept for later", (re.compile(
        r"\b(?:gun|rifle|shotgun|knife|blade|rope|razor|pills|tablets)\b.{0,50}\b(?:for\s+later|just\s+in\s+case|for\s+when|"
        r"when\s+i\s+(?:need|can'?t))"),)),
    RedFlag(1, "others better off", (re.compile(
        r"\b(?:better|happier|fine|ok|okay|alright|easier|relieved|freer)\s+(?:off\s+)?(?:without\s+me|if\s+i\s+(?:was|were)n'?t|"
        r"if\s+i\s+(?:was|were)\s+(?:gone|dead|not\s+(?:here|around))|once\s+i'?m\s+gone|when\s+i'?m\s+gone)|"
        r"\b(?:happier|better|easier)\s+if\s+i\s+(?:wasn'?t|weren'?t|was\s+not)\s+(?:around|here|alive|in\s+the\s+picture)|"
        r"\b(?:manage|cope|get\s+on)\s+(?:fine\s+|better\s+)?without\s+me\b|\bwithout\s+me\s+(?:dragging|holding|weighing)|"
        r"\b(?:a|such\s+a)\s+burden\b.{0,60}\b(?:gone|without\s+me|relieved)"),),
        unless=re.compile(r"\bwhile\s+i'?m\s+(?:away|in|on)\b|\b(?:holiday|trip|conference|night\s+out|for\s+the\s+weekend)\b")),
    RedFlag(1, "joining someone who died", (
        re.compile(r"\b(?:be\s+with|join|see)\s+(?:my\s+|him\s+|her\s+)?\w*\s*(?:again|soon|wherever)|\bjoin\s+(?:my|him|her)\b"),
        re.compile(r"\b(?:died|passed|death|gone|lost|funeral|late)\b"))),
    RedFlag(1, "illness or skipped treatment ending it", (re.compile(
        r"\b(?:hop(?:e|es|ing)|wish|pray\w*|maybe|if\s+i)\b.{0,40}\b(?:cancer|tumou?r|illness|disease|it|this|condition|dialysis|"
        r"chemo|treatment|insulin|meds|heart)\b.{0,30}\b(?:ends?\s+(?:it|me|things|everything)|finish(?:es)?\s+me|takes?\s+me|"
        r"kills?\s+me|all\s+(?:just\s+)?end)|\b(?:stop(?:ping)?|skip(?:ping)?|refus\w+)\s+(?:my\s+|the\s+)?(?:dialysis|chemo|"
        r"treatment|insulin|meds|medication)\b.{0,40}\b(?:end|over|finish|die|let\s+it)"),)),
    RedFlag(1, "wanting to stop existing", (re.compile(
        r"\bstop\s+existing\b|\bnot\s+(?:to\s+)?exist\b|\bcease\s+to\s+exist|\bdisappear\s+forever|\bnot\s+be\s+(?:here|alive)\s+anymore"),)),
    RedFlag(1, "warning signs", (re.compile(
        r"\b(?:giv(?:e|ing|en)|gave)\s+(?:away\s+)?(?:all\s+)?(?:my|most\s+of\s+my)\s+(?:things|stuff|belongings|possessions|"
        r"books|clothes|guitar|pets?|cat|dog)\b(?:\s+away)?|\b(?:gave|giving|given)\s+away\s+(?:all\s+)?my\b|"
        r"\b(?:quiet|quietly|final|last)\s+(?:goodbyes?|saying\s+goodbye)|\bsaid\s+(?:my\s+)?(?:quiet\s+)?goodbyes?\b|"
        r"\bsorted\s+(?:out\s+)?my\s+will\b"),),
        # Clearing out is not a farewell: old or outgrown things, a charity shop, a move.
        unless=re.compile(r"\b(?:old|outgrown|baby|maternity|charity|donat\w*|declutter\w*|clear(?:ing)?\s+out|car\s+boot|"
                          r"downsiz\w*|moving\s+house|spare|unused|hand[\s-]me[\s-]downs?|retir\w*|colleagues|leaving\s+do|"
                          r"while\s+(?:she|he|i|they)(?:'s|\s+is|'m|\s+am|'re)\s+(?:still\s+)?alive|wants?\s+me\s+to\s+have)\b")),
    RedFlag(1, "giving things away, not needing them", (re.compile(
        r"\b(?:gave|giving|given|give|left|leaving)\b.{0,80}\b(?:won'?t|will\s+not|not\s+going\s+to|don'?t)\s+(?:be\s+)?need(?:ing)?\s+"
        r"(?:it|them|these|those|that|any\s+of\s+it)\b(?!\s+(?:until|till|for\s+(?:a|the)))"),)),
    RedFlag(1, "not safe with myself", (re.compile(
        r"\b(?:not|don'?t\s+feel|never\s+feel)\s+safe\s+(?:around|with|from|alone\s+with)\s+(?:myself|my\s+own\s+(?:thoughts|head|mind))|"
        r"\bdon'?t\s+trust\s+myself\b(?!\s+(?:to\s+(?:cook|drive|remember|choose|pick|decide|not\s+eat)|with\s+(?:money|chocolate|cake|food)))|"
        r"\bscared\s+(?:of\s+)?what\s+i\s+(?:might|could|will)\s+do\b"),)),
    RedFlag(2, "a ligature set up", (re.compile(
        r"\bnoose\b|\b(?:rope|belt|cord|cable|ligature|scarf|flex)\b.{0,40}\b(?:tied|round|around|attached|hooked|fixed|hanging|"
        r"knotted|secured|wrapped|looped)\b.{0,40}\b(?:beam|banister|bannister|door|handle|hatch|loft|hook|tree|rail|neck|pipe|ceiling|stairs|frame|pole|bar|wardrobe)|"
        r"\b(?:tied|hung|fixed|attached)\s+(?:the\s+|a\s+|my\s+)?(?:\w+\s+){0,2}(?:rope|belt|cord|cable|scarf|ligature)\b.{0,30}"
        r"\b(?:to|round|around|from|over)\b"),),
        # Ordinary ropes and cords, and a search for how (the "researching means" concern below).
        unless=re.compile(r"\b(?:washing\s+line|swing|hammock|tent|boat|dog|climbing|tie\s*backs?|tow\w*|christmas|decorations?|"
                          r"loft\s+ladder|parcel|luggage|suitcase|bunting|game|hangman|how\s+to|search\w*|googl\w*|look(?:ing|ed)\s+up)\b")),
    RedFlag(1, "researching means", (re.compile(
        r"\b(?:search\w*|googl\w*|look(?:ing|ed)?\s+up|read(?:ing)?\s+about|watch\w*\s+videos?\s+(?:on|about))\b.{0,40}\b(?:how\s+to\s+"
        r"(?:tie\s+a\s+noose|hang|overdose|die|kill)|noose|lethal\s+dose|painless\s+(?:way|death)|ways?\s+to\s+die)"),)),
    RedFlag(2, "means at hand and a settled mind", (
        re.compile(r"\b" + MEANS + r"\b.{0,40}\b(?:next\s+to\s+me|beside\s+me|in\s+(?:my\s+)?hand|on\s+(?:the|my)\s+(?:bed|table|lap|"
                   r"desk|floor|side)|in\s+front\s+of\s+me|here\s+with\s+me|counted\s+out|lined\s+up|laid\s+out|loaded)|"
                   r"\b(?:got|have|holding|i'?m\s+holding)\s+(?:the|a|my)\s+" + MEANS + r"\b"),
        re.compile(r"\b(?:not\s+(?:scared|afraid|frightened)\s+any\s*more|no\s+longer\s+(?:scared|afraid)|"
                   r"(?:feel|i'?m|so|strangely|weirdly|finally)\s+(?:calm|peaceful)|at\s+peace|(?:finally\s+)?decided|"
                   r"made\s+(?:up\s+)?my\s+mind|this\s+is\s+it|time\s+to\s+go|(?:nobody|no\s+one)\s+(?:will|can)\s+stop\s+me|"
                   r"goodbye|it'?s\s+time|no\s+going\s+back|last\s+post)")),
        unless=re.compile(r"\b(?:cooking|chopping|kitchen|dinner|recipe|dosette|pill\s+organi[sz]er|blister\s+pack|as\s+prescribed)\b")),
    RedFlag(2, "at a height, now", (
        re.compile(r"\b(?:on|at|up\s+on|standing\s+on|sat\s+on|sitting\s+on|top\s+(?:floor|level|deck|storey)\s+of|top\s+of|over)\s+"
                   r"(?:the\s+|a\s+)?(?:\w+\s+)?(?:bridge|roof|rooftop|ledge|edge|cliffs?|car\s+park|multi[\s-]?stor(?:e)?y|"
                   r"tower\s+block|balcony|railings?|viaduct|platform|tracks)\b"),
        re.compile(r"\b(?:looking\s+down|jump\w*|(?:nobody|no\s+one)\s+(?:will|can|would)\s+stop\s+me|goodbye|step\s+off|"
                   r"let\s+go|over\s+the\s+(?:edge|railings?|side)|quiet\s+up\s+here|one\s+step|it'?s\s+time)"),
        FIRST_PERSON_NOW),
        unless=re.compile(r"\b(?:view|photos?|selfie|sunset|holiday|hike|hiking|walk(?:ing)?\s+the\s+dog|bungee|parachute|"
                          r"trampoline|swimming|diving|pool|puddle|queue)\b")),
    RedFlag(1, "text-speak", (re.compile(r"\bkms\b|\bunaliv\w*|\bctb\b|\bsewerslide\b|\bsewer\s+slide\b|\bk\s*m\s*s\b"),)),
    RedFlag(1, "self-harm without the word", (re.compile(
        r"\b(?:cutting|cut|scratch\w*|burn\w*|carv\w*|pick\w*)\s+(?:at\s+)?(?:my|her|his)\s+(?:arms?|legs?|thighs?|wrists?|skin|"
        r"stomach|hips?)\b|\b(?:till|until)\s+(?:they|it|i|the\s+skin)\s+bleeds?\b"),)),
    RedFlag(2, "thunderclap headache", (
        re.compile(r"\b(?:sudden\w*|worst|thunderclap|like\s+being\s+hit|explod\w*|splitting|excruciating)\b.{0,60}\bheadache|"
                   r"\bheadache\b.{0,60}\b(?:sudden\w*|worst|ever\s+had)"),
        re.compile(r"\b(?:vision|see|seeing|double|blurr\w*|blind|sight|eye|confus\w*|stiff\s+neck|vomit\w*|being\s+sick)\b"))),
    RedFlag(2, "vomiting blood", (re.compile(
        r"\b(?:vomit\w*|being\s+sick|is\s+sick|throwing\s+up|bringing\s+up|puk\w*|sick)\b.{0,40}\bblood|\bcoffee\s+grounds\b|"
        r"\bblood\b.{0,20}\bin\s+(?:his|her|my)\s+(?:sick|vomit)"),)),
    RedFlag(2, "head injury then drowsy", (
        re.compile(r"\b(?:hit|banged|bumped|knocked|struck|fell\s+on|smacked)\b.{0,40}\bhead\b|\bhead\s+injury\b|\bfell\b.{0,40}\bhead"),
        re.compile(r"\b(?:drowsy|sleepy|nodding\s+off|keeps?\s+(?:falling\s+asleep|dozing)|can'?t\s+stay\s+awake|hard\s+to\s+wake|"
                   r"confused|vomit\w*|being\s+sick|not\s+making\s+sense)"))),
    RedFlag(2, "swelling and wheeze after a sting or food", (
        re.compile(r"\b(?:swell\w*|swoll\w*|puff\w*|balloon\w*|blew\s+up|blown\s+up|hives|(?:lips?|tongue|face|eyes?)\s+(?:is|are|has|have|"
                   r"looks?|gone|went)\s+(?:gone\s+|really\s+|so\s+)?(?:huge|massive|enormous|twice\s+the\s+size|fat|big))\b"),
        re.compile(r"\b(?:wheez\w*|breath\w*|throat|tight\s+chest|can'?t\s+swallow|hoarse|voice|stridor|drool\w*|tongue)"))),
    RedFlag(2, "racing heart with fainting", (
        re.compile(r"\bheart\b.{0,25}\b(?:racing|pounding|going\s+(?:like|crazy|mad)|rate\s+(?:of\s+)?\d{3}|\d{3})|\bpalpitations\b"),
        re.compile(r"\b(?:faint\w*|passed\s+out|passing\s+out|blacked\s+out|collaps\w*|chest\s+pain|crushing)\b"))),
    RedFlag(1, "worthless, others deserve better", (re.compile(
        r"\bwaste\s+of\s+(?:space|oxygen|air)\b|\bdeserves?\s+(?:a\s+|so\s+much\s+)?better\s+(?:\w+\s+)?than\s+me\b|"
        r"\b(?:world|nobody|no\s+one|they|everyone|anyone)\s+(?:doesn'?t|does\s+not|don'?t|do\s+not|wouldn'?t)\s+(?:even\s+)?need\s+me\b|"
        r"\bnot\s+(?:going\s+to\s+|gonna\s+)?be\s+(?:around|here)\s+(?:for|by|much\s+longer|next|to\s+see)\b|\bmade\s+my\s+peace\b|"
        r"\b(?:fantasi[sz]\w*|daydream\w*|imagin\w*|think\w*)\s+about\s+(?:stepping|jumping|walking|throwing\s+myself|falling|lying)\s+"
        r"(?:in\s+front|off|from|under|onto|down)"),),
        unless=re.compile(r"\bnot\s+(?:going\s+to\s+|gonna\s+)?be\s+(?:around|here)\s+(?:for|by|next)\s+(?:\w+\s+){0,3}(?:because|as|since|on\s+holiday|away|working|visiting)\b")),
    RedFlag(2, "throat closing", (re.compile(
        r"\bthroat\b.{0,30}\b(?:clos(?:ing|ed)|closing\s+up|tight(?:ening)?|swell\w*|swoll\w*)\b|\b(?:can'?t|cannot|struggling\s+to)\s+swallow\b"),
        re.compile(r"\b(?:lips?|tongue|face|eyes?|mouth)\b.{0,30}\b(?:swell\w*|swoll\w*|puff\w*|balloon\w*|blew\s+up|tingl\w*)|"
                   r"\b(?:allerg\w*|reaction|stung|sting|peanut|nuts?|penicillin|antibiotic\w*|new\s+(?:tablet|medicine|drug)s?|hives)\b"))),
    RedFlag(2, "non-blanching rash", (re.compile(
        r"\b(?:rash|spots|blotches|marks|pin\s*pricks?)\b.{0,60}\b(?:don'?t|doesn'?t|won'?t|not|didn'?t|isn'?t)\s+(?:fade|go(?:ing)?\s+away|"
        r"disappear|go\s+pale|change|blanch)\w*\b.{0,40}\b(?:press\w*|glass|push\w*)|\b(?:purple|dark\s+red)\s+(?:rash|spots|blotches)\b"
        r"(?=.{0,80}\b(?:fever|hot|temperature|floppy|limp|drowsy|stiff\s+neck|vomit\w*|unwell))"),)),
    RedFlag(2, "very low blood sugar", (
        re.compile(r"\b(?:sugars?|glucose|bms?|bgs?|blood\s+sugar|reading|levels?)\b\D{0,20}(?<![\d.])(?:[01](?:\.\d)?|2\.\d)(?![\d.])"),
        re.compile(r"\b(?:confus\w*|not\s+making\s+(?:any\s+)?sense|can'?t\s+think|drowsy|unconscious|won'?t\s+wake|slurr\w*|"
                   r"fitting|seizure|collapsed|not\s+responding|can'?t\s+(?:eat|swallow))"))),
    RedFlag(2, "early pregnancy pain on one side", (
        re.compile(r"\b(?:pregnant|\d+\s+weeks|positive\s+test|missed\s+(?:my\s+)?period)\b"),
        re.compile(r"\b(?:one|left|right)[\s-]sided?\b|\bon\s+one\s+side\b|\b(?:left|right)\s+side\b"),
        re.compile(r"\bshoulder[\s-]tip\b|\b(?:faint\w*|dizzy|light[\s-]?headed|collaps\w*|pass(?:ed|ing)?\s+out|blacked\s+out)\b"))),
    RedFlag(2, "too breathless to speak", (re.compile(
        r"\b(?:can'?t|cannot|unable\s+to|only|barely)\b.{0,25}\b(?:finish|get\s+out|say|speak|talk|get)\b.{0,30}\b(?:sentences?|words?)\b|"
        r"\b(?:too|so)\s+(?:breathless|out\s+of\s+breath)\s+to\s+(?:speak|talk)|\bspeak\s+in\s+full\s+sentences"),
        re.compile(r"\bbreath\w*|\binhaler|\bwheez|\basthma"))),
    RedFlag(2, "waters breaking preterm", (
        re.compile(r"\bwaters?\s+(?:have\s+|has\s+|just\s+)?(?:broken|broke|gone|went)|\bfluid\s+(?:gushing|leaking)"),
        re.compile(r"\b(?:2[0-9]|3[0-6])\s*(?:weeks|wks|\+\d)"))),
    RedFlag(2, "bleeding for a long time", (re.compile(
        r"\b(?:bleed\w*|nose\s*bleeds?|pouring\s+(?:with\s+)?blood|blood\s+(?:is\s+|keeps\s+|has\s+been\s+)?(?:pouring|gushing|"
        r"dripping|coming|running|flowing))\b.{0,50}\b" + _LONG + r"|\b" + _LONG + r".{0,30}\b(?:bleed\w*|nose\s*bleeds?)\b"),),
        unless=re.compile(r"\b(?:stopped|has\s+stopped|it\s+stopped|period|spotting|fine\s+now|heal\w*|waited|wait\w*|queue)\b")),
    RedFlag(2, "bleeding that will not stop", (re.compile(
        r"\b(?:bleed\w*|nose\s*bleeds?)\b.{0,60}\b(?:won'?t|will\s+not|doesn'?t|does\s+not|isn'?t|not|can'?t)\s+(?:stop|stopping)|"
        r"\b(?:bleed\w*|blood)\b.{0,50}\b(?:through\s+(?:every|the|all|my)|soak\w*)\b.{0,20}\b(?:dressings?|pads?|towels?|bandages?)|"
        r"\b(?:bleed\w*|blood|clots)\b.{0,60}\b(?:surgery|operation|op|wound|stitches|tonsil\w*|post[\s-]?op|c[\s-]?section)\b.{0,40}"
        r"\b(?:again|won'?t|not\s+stop|keeps?|clots|started)|\b(?:surgery|operation|op|wound|tonsil\w*)\b.{0,60}\b(?:bleed\w*|clots)\b"
        r".{0,40}\b(?:again|won'?t|not\s+stop|keeps?|through|every)"),)),
]


# v5: concern-level families that stay concern. Emergency needs evidence elsewhere in the post (an act,
# means at hand, a medical red flag): a goodbye letter, a planned stop of life-sustaining treatment, a
# wish to sleep and not wake, a partner's threat are ideation or danger to report, not an act under way.
_LIFE_TREATMENT = (r"(?:dialysis|insulin|chemo\w*|radiotherapy|treatment|transplant\s+(?:meds|tablets)|anti[\s-]?rejection\s+\w+|"
                   r"heart\s+(?:tablets|pills|meds)|blood\s+thinners|oxygen|feeding\s+tube|ventilator|medication|meds|tablets)")
_STOP_TREATMENT = (
    r"\b(?:stop(?:ping)?|quit(?:ting)?|giv(?:e|ing)\s+up|refus\w+|no\s+more|decided\s+(?:not\s+to\s+(?:take|have|go\s+to)|to\s+stop)|"
    r"not\s+(?:going\s+)?(?:back\s+(?:to|for)|to\s+take|taking)|won'?t\s+(?:be\s+)?(?:go(?:ing)?|com(?:e|ing)|turn(?:ing)?\s+up|"
    r"tak(?:e|ing)|hav(?:e|ing))(?:\s+back)?(?:\s+(?:to|for|my))?|cancel\w*)\s+(?:\w+\s+){0,3}?" + _LIFE_TREATMENT + r"\b"
    r"|\bno\s+more\s+" + _LIFE_TREATMENT + r"\b"
)
_GIVING_UP = (r"\b(?:had\s+enough|i'?m\s+done|done\s+(?:fighting|with)|tired|let\s+(?:nature|go|my\s+body|it\s+happen)|no\s+point|"
              r"giv(?:e|ing)\s+up|fighting|my\s+choice|whatever\s+happens|ready\s+to\s+go|can'?t\s+face|not\s+worth|carrying\s+on|"
              r"over\s+with|on\s+purpose|nature\s+take)")
GOODBYE_LETTERS = (r"\b(?:wrote|written|writing|left|leaving|put|hidden)\b.{0,20}\b(?:goodbye|farewell|suicide)\s+(?:letters?|notes?)\b"
                   r"|\b(?:wrote|written|writing|left|put)\s+(?:\w+\s+){0,4}(?:letters?|notes?)\b.{0,60}"
                   r"\b(?:when\s+i'?m\s+gone|after\s+i'?(?:ve|m)?\s+gone|in\s+case|(?:to\s+be\s+)?opened\s+(?:when|after))")
_SLEEP_NOT_WAKE = (r"\b(?:sleep|drift\s+off|nod\s+off)\b.{0,30}\b(?:not|never)\s+wak(?:e|ing)\b|\b(?:stay|staying)\s+asleep\s+(?:forever|for\s+good)"
                   r"|\b(?:i|i'?d|i\s+would)\s+(?:hope|wish|pray|like)\w*\s+(?:i\s+)?(?:won'?t|wouldn'?t|don'?t|never)\s+wake\s+up\b")
PARTNER_THREAT = re.compile(
    r"\b(?:he|she|partner|husband|wife|boyfriend|girlfriend|ex|fiance\w*|stepdad|dad)\b.{0,30}\b(?:said|says|threaten\w*|told\s+me|"
    r"warned|swore|keeps\s+saying)\b.{0,30}\b(?:kill|hurt|harm|beat|strangle|stab)\s+(?:me|us)\b"
    r"|\bthreaten\w*\s+to\s+(?:kill|hurt|harm|beat|strangle|stab)\s+(?:me|us)\b")
CONCERN_CEILING = re.compile("|".join(f"(?:{p})" for p in (_STOP_TREATMENT, GOODBYE_LETTERS, _SLEEP_NOT_WAKE)))
# Stopping because a course ended, a transplant, the season or the doctor's advice is not giving up.
_STOP_TREATMENT_UNLESS = re.compile(r"\b(?:transplant(?:ed)?\b(?!\s+(?:meds|tablets))|hay\s*fever|season|course\s+(?:is\s+)?(?:finished|over|done)|"
                                    r"(?:gp|doctor|consultant|nurse|team)\s+(?:said|told|advised|switched|agreed)|side\s+effects|switched)\b")


def concern_ceiling(norm: str, text: str) -> str:
    """The words of a concern-ceiling family in the post ("" when none): goodbye letters, a planned stop
    of life-sustaining treatment, a wish to sleep and not wake, a partner's threat."""
    if settled_or_informational(norm):
        return ""
    m = CONCERN_CEILING.search(norm)
    if m and re.match(_STOP_TREATMENT, m.group(0)) and (not re.search(_GIVING_UP, norm) or _STOP_TREATMENT_UNLESS.search(norm)):
        m = None
    if m:
        return m.group(0)
    threat = PARTNER_THREAT.search(text.lower().replace("\u2019", "'"))
    return threat.group(0) if threat else ""


def red_flag_level(norm: str) -> tuple[int, str]:
    """The highest red flag whose patterns all match, and the words that matched first."""
    if settled_or_informational(norm):
        return 0, ""
    best, words = 0, ""
    for flag in RED_FLAGS:
        if flag.level <= best:
            continue
        matches = [rx.search(norm) for rx in flag.patterns]
        if all(matches) and not (flag.unless and flag.unless.search(norm)):
            best, words = flag.level, matches[0].group(0)
    return best, words
