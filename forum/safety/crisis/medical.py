"""Sentence patterns for medical emergencies happening now, and for red-flag symptoms that
are a concern rather than an emergency."""

from __future__ import annotations

import re

from .normalising import any_of

EMERGENCY = any_of(
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
CHEST = re.compile(
    r"\bchest\s+(?:pains?|is\s+(?:really\s+)?tight|tightness)|\bpains?\s+(?:in|across|on)\s+my\s+chest\b"
    r"|\bchest\b.{0,20}\bpain"
)
CHEST_RED = any_of(
    r"\bcan'?t\s+breathe", r"\bshort\s+of\s+breath\b", r"\bbreathless", r"\b(?:left\s+)?arm\b",
    r"\bjaw\b", r"\bsweat", r"\bclammy\b", r"\bcrushing\b", r"\bunbearable\b", r"\bnumb\b",
    r"\bgetting\s+worse\b", r"\bright\s+now\b", r"\bminutes\s+ago\b", r"\bpass\s+out\b", r"\bpounding\b",
    r"\bvomit", r"\bfaint\b",
)

MED_CONCERN = any_of(
    r"\bchest\b.{0,30}\b(?:pain|tight)", r"\bpains?\s+in\s+my\s+chest\b",
    r"\bnumb(?:ness)?\b.{0,20}\bleft\s+arm\b", r"\bleft\s+arm\b.{0,20}\bnumb",
    r"\bslurred\b", r"\bfaint(?:ed|ing)\b", r"\b(?:nearly|almost)\s+(?:passed\s+out|fainted|collapsed)\b",
    r"\bblood\s+in\s+(?:my|his|her)?\s*(?:stool|poo|urine|wee|pee)\b",
    r"\b(?:lips|tongue|throat|face)\s+(?:swelled|swelling|swollen)\b",
    r"\bheart\s+(?:was\s+|is\s+)?racing\b",
    r"\bstiff\s+neck\b", r"\b(?:light|bright\s+light)\s+hurts\b",
)


# Emergency medical concepts (not in informational sentences).
EMERGENCY2 = any_of(
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
    # v5: an ongoing seizure told by its duration, or by the jerking that has not stopped
    r"\b(?:seizure|fit|fitting|seizing|convuls\w*)\b.{0,40}\bfor\s+(?:about\s+|nearly\s+|almost\s+|over\s+|around\s+)?"
    r"(?:[5-9]|[1-9]\d)\s*(?:mins?|minutes)\b",
    r"\b(?:seizure|fit|fitting|seizing|convuls\w*)\b.{0,20}\bnon[\s-]?stop\b",
    r"\b(?:fit|seizure|convulsion)\b.{0,80}\bstill\s+(?:jerking|shaking|twitching|stiff|rigid|going)\b",
    r"\b(?:fit|seizure)s?\b.{0,60}\b(?:started\s+again|another\s+one)\b.{0,60}\b(?:not|hasn'?t|didn'?t)\s+(?:woken|come\s+round|come\s+to)",
    r"\b(?:seizing|fitting|convulsing)\b.{0,60}\b(?:isn'?t|not|hasn'?t)\s+(?:coming|come)\s+(?:round|to)\b",
    # v5: a thunderclap headache told without "sudden"
    r"\b(?:most\s+(?:painful|horrendous|awful|severe|terrible|excruciating|agonising)|worst)\s+(?:\w+\s+){0,2}headache\b",
    r"\bheadache\b.{0,30}\blike\s+(?:being\s+)?(?:hit|struck|kicked|a\s+(?:hammer|bat|brick|thunderclap|bomb|explosion))",
    r"\bworst\s+pain\s+of\s+(?:my|his|her|their)\s+life\b.{0,60}\bhead|\bhead\b.{0,60}\bworst\s+pain\s+of\s+(?:my|his|her)\s+life",
    r"\b(?:fit|fitting|seizure|seizing|convuls\w*)s?\b.{0,30}\b(?:won'?t\s+stop|not\s+stopping|one\s+after\s+another|back\s+to\s+back|keeps?\s+going)\b",
    # meningitis / sepsis
    r"\brash\b.{0,40}\b(?:doesn'?t|does\s+not|won'?t)\s+fade\b", r"\bnon[-\s]?blanching\b",
    r"\boverdos(?:ed|ing)\b", r"\b(?:taken|took|had)\s+an\s+overdose\b",
)
# Overdose: an ingestion verb near a large/deliberate quantity, unless about food or a finished course.
OVERDOSE = re.compile(
    r"\b(?:took|taken|take|swallowed|swallow|drank|drunk|injected|inject|ate|eaten|necked|downed|popped)\b"
    r".{0,40}\b(?:on\s+purpose|deliberately|too\s+(?:many|much)|way\s+too|whole\s+(?:months?|packet|bottle|box|lot|supply)|"
    r"all\s+(?:my|his|her|their|of|the)|a\s+(?:load|handful|packet|bottle|box)|loads|(?:like\s+)?[1-9]\d\b|supply)"
)
OVERDOSE_GUARD = re.compile(
    r"\b\d+\s*(?:mg|ml|mcg|units?|iu)\b|\b(?:once|twice|three\s+times)\s+a\s+day\b|\b(?:course|as\s+prescribed|like\s+(?:they|the\s+\w+|you)\s+said|antibiotics|biscuits|chocolate|sweets|crisps|cake|"
    r"food|pizza|lol|haha|diet|water|fluids|vitamins?)\b"
)
POISON = re.compile(
    r"\b(?:swallowed|drank|drunk|ate|eaten|taken)\s+(?:some\s+|a\s+bottle\s+of\s+|a\s+)?(?:bleach|antifreeze|weedkiller|cleaning|batter(?:y|ies)|magnets?|detergent)"
    r"|\b(?:toddler|child|baby|kid|son|daughter|little\s+one)\b.{0,40}\b(?:swallowed|eaten|taken|got\s+into)\b.{0,40}\b(?:tablets|pills|medicine|meds|batter(?:y|ies)|magnets)\b"
)

# Chest pain (broader) and its red flags.
CHEST2 = re.compile(
    r"\bchest\b.{0,25}\b(?:pain|pains|hurts?|hurting|tight|tightness|pressure|crushing|heavy|agony)\b"
    r"|\b(?:pain|pressure|tightness|crushing)\b.{0,20}\b(?:in|across|on)\s+(?:my|his|her|the)\s+chest\b"
)
CHEST_RED2 = any_of(
    r"\bbreath", r"\bbreathe", r"\barm\b", r"\bjaw\b", r"\bsweat", r"\bclammy\b", r"\bcrushing\b",
    r"\bunbearable\b", r"\bnumb\b", r"\bworse\b", r"\bspread", r"\bradiat", r"\bgrey\b|\bgray\b", r"\bpale\b",
    r"\bfaint\b", r"\bdizzy\b", r"\bvomit|\bbeing\s+sick\b|\bfeel\s+sick\b", r"\b(?:mins?|minutes?|hours?|an\s+hour)\s+ago\b",
    r"\bcan'?t\s+(?:stand|move|breathe|talk)\b", r"\bpounding\b", r"\bagony\b", r"\bheavy\b", r"\bright\s+now\b",
)
CONCERN2 = any_of(
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
NEAR_MISS = re.compile(r"\b(?:nearly|almost|keep\s+nearly|keeps\s+nearly)\s+(?:pass(?:ed|ing)\s+out|collaps(?:ed|ing)|faint(?:ed|ing))\b")
# The medical patterns' prefilter stems (see ANCHORS_SELF in self_harm.py).
ANCHORS_MED = """
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
