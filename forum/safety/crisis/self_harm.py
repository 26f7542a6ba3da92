"""Sentence patterns for suicide and self-harm: intent, means at hand, ideation, self-harm."""

from __future__ import annotations

import re

from .normalising import any_of

# Emergency: intent, acts and means at hand.
SUICIDE_ACT = (
    r"(?:kill(?:ing)?\s+myself|end(?:ing)?\s+(?:it(?:\s+all)?|my\s+life|things|everything)|"
    r"take\s+my\s+(?:own\s+)?life|hang(?:ing)?\s+myself|jump(?:ing)?\s+(?:off|in\s+front|from)|"
    r"(?:do|doing)\s+it|overdos(?:e|ing)|die)"
)
INTENT = re.compile(
    r"\b(?:going\s+to|gonna|about\s+to|planning\s+to|plan\s+to|ready\s+to|i'?ll|i\s+will|"
    r"decided\s+to|made\s+up\s+my\s+mind\s+to)\s+" + SUICIDE_ACT
    + r"|\b(?:going|about|planning)\s+to\s+(?:take|swallow)\s+(?:all|every|the\s+whole|a\s+whole)\b"
    + r"|\b(?:written|wrote|writing|left)\s+(?:my\s+)?(?:goodbye|suicide)\s+(?:letters?|notes?)\b"
    + r"|\bthis\s+is\s+my\s+last\s+post\b"
)
IDEATION_ACTIVE = re.compile(
    r"\b(?:want(?:s)?\s+to|wanna)\s+(?:" + SUICIDE_ACT + r"|end\s+(?:it|my\s+life))"
    r"|\bdon'?t\s+want\s+to\s+be\s+here\b"
    r"|\b(?:use|using)\s+(?:it|them)\s+on\s+myself\b"
)
IMMEDIACY = any_of(
    r"\btonight\b", r"\bright\s+now\b", r"\btoday\b", r"\bthis\s+(?:weekend|evening|morning)\b",
    r"\bgoodbye\b", r"\blast\s+post\b", r"\bmade\s+up\s+my\s+mind\b", r"\bwhen\s+everyone'?s\s+asleep\b",
    r"\b(?:a|the)\s+(?:rope|gun|razor|blade|knife)\b", r"\brazor\s+blade\b",
    r"\b(?:tablets|pills)\s+(?:are\s+)?ready\b", r"\bon\s+the\s+(?:bridge|roof|edge)\b",
    r"\bgot\s+everything\s+i\s+need\b", r"\bin\s+front\s+of\s+me\b", r"\bsaying\s+goodbye\b",
    r"\b(?:this\s+is\s+)?the\s+(?:night|day)\b", r"\bin\s+my\s+hand\b", r"\bnobody\s+will\s+miss\s+me\b", r"\bi'?m\s+done\b",
)
# Concern: ideation and self-harm.
# First-person ideation phrasings (count even inside a question).
IDEATION = any_of(
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
SELF_HARM = any_of(
    r"\bsuicid(?:e|al)\b",
    r"\bself[-\s]?harm",
    r"\b(?:cutting|cut|hurting|hurt|burning|burn|hitting|hit|harming|harm)\s+(?:myself|herself|himself)\b",
    r"\bcuts\s+on\s+(?:her|his|their|my)\s+arms\b",
    r"\bdark\s+thoughts\b",
    r"\b(?:scratch|scratching|pick|picking|punch|punching)\s+(?:my|at\s+my)\s+\w+\s+until\s+(?:they|it|i)\s+bleed",
)
# v2 concept lexicons: broader, recall-oriented matching.
REFL = r"(?:myself|himself|herself|themselves|themself)"
POSS = r"(?:my|his|her|their)"

ACT = (
    r"(?:kill(?:ing)?\s+" + REFL + r"|end(?:ing)?\s+(?:it(?:\s+all)?|" + POSS + r"\s+life|things|everything)"
    r"|take\s+" + POSS + r"\s+(?:own\s+)?life|hang(?:ing)?\s+" + REFL + r"|jump(?:ing)?\s+(?:off|in\s+front|from)"
    r"|cut(?:ting)?\s+(?:" + POSS + r"\s+(?:throat|wrists?)|" + REFL + r")|(?:do|doing)\s+it|overdos(?:e|ing)|die"
    r"|step(?:ping)?\s+off|drown\s+" + REFL + r"|(?:drive|crash|walk)\s+(?:my\s+car\s+)?(?:into|off|in\s+front))"
)
INTENT2 = re.compile(
    r"\b(?:going\s+to|gonna|about\s+to|planning\s+to|plan\s+to|ready\s+to|i'?ll|i\s+will|he'?ll|she'?ll|"
    r"decided\s+to|made\s+up\s+my\s+mind\s+to|tonight\s+i)\s+(?:just\s+)?" + ACT
    + r"|\b(?:wrote|written|writing|left|leaving)\s+(?:my\s+|the\s+|a\s+)?(?:goodbye|suicide)?\s*(?:letters?|notes?)\b"
    + r"|\btonight\s+is\s+the\s+night\b|\b(?:saying|said|messaged\s+\w+\s+saying)\s+goodbye\b"
    + r"|\b(?:standing|sat|sitting|i'?m)\s+(?:on|at)\s+(?:the\s+)?(?:edge|bridge|roof|platform|tracks|cliff)"
    + r"|\bkeep\s+thinking\s+about\s+(?:stepping|jumping)\b"
    + r"|\b(?:in\s+the\s+bath|sat|sitting)\s+with\s+(?:a\s+)?(?:blade|razor|knife)\b"
    + r"|\bgot\s+the\s+(?:rope|pills|tablets|gun)\b|\b(?:pills|tablets)\s+(?:are\s+)?(?:lined\s+up|ready|counted\s+out)\b"
    + r"|\bhas\s+(?:a|the)\s+(?:knife|rope|gun)\b.{0,40}\b(?:going\s+to|gonna|says)\b"
)
IDEATION2 = any_of(
    r"\bbetter\s+(?:off\s+)?dead\b", r"\brather\s+be\s+dead\b",
    r"\bwish(?:es|ed)?\s+(?:i|he|she|they)\s+(?:was|were|'d\s+been|had\s+been)\s+(?:dead|never\s+born|gone)\b",
    r"\b(?:want|wants|wanting|wanted)\s+to\s+(?:die|be\s+dead|disappear)\b",
    r"\b(?:end(?:ing)?|ended)\s+(?:it\s+all|things|my\s+life|everything)\b",
    r"\bkill(?:ing)?\s+" + REFL + r"\b", r"\bhurt(?:ing)?\s+" + REFL + r"\b",
    r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:living|live|going\s+on|carrying\s+on)\b",
    r"\b(?:don'?t|do\s+not|doesn'?t|no\s+longer)\s+(?:really\s+)?want\s+to\s+be\s+(?:here|alive|around)\b",
    r"\bnot\s+want(?:ing)?\s+to\s+be\s+(?:here|alive|around)\b",
    r"\b(?:want|wants|wanted|wanting)\s+(?:it|everything)\s+(?:all\s+)?to\s+(?:be\s+over|stop|end)\b",
    r"\bdisappear\s+(?:for\s+good|forever)\b", r"\btake\s+matters\s+into\s+(?:my|his|her|their)\s+own\s+hands\b",
    r"\b(?:wouldn'?t|won'?t)\s+be\s+missed\b", r"\b(?:i'?d|i\s+would)\s+(?:even\s+)?be\s+missed\b",
    r"\bnobody\s+(?:would|will)\s+(?:miss|notice)\b",
    r"\bdone\s+with\s+(?:life|living|it\s+all|everything)\b",
    r"\b(?:sleep|go\s+to\s+sleep)\s+and\s+(?:not|never)\s+wake\b",
    # "everyone would be better off" about the poster, not "… if the NHS had more funding".
    r"\b(?:world|everyone|everybody|family|kids)\s+(?:would|will|'d)\s+be\s+(?:better|happier)(?:\s+off)?+\b"
    r"(?!\s+(?:if|when|once|with)\s+(?!i\b|i'm\b))",
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
# Cheap per-sentence prefilter: every self-harm pattern above needs at least one of
# these word-initial stems/phrases, so sentences with none of them are skipped
# (keeps long benign posts fast). Compiled as a first-letter trie.
ANCHORS_SELF = """
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
