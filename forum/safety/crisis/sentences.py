"""The v2 sentence rules: each sentence gets a level from the self-harm and medical patterns,
behind the guards; a cheap stem prefilter skips sentences no pattern could match."""

from __future__ import annotations

import re

from .guards import (DISTANT_PAST, INFO_CONTEXT, INFO_QUESTION, PAST2, REASSURED, RESOLVED, RESOLVED2,
                     STRONG_NOW, TOPIC_CONTEXT, TRANSIENT)
from .medical import (ANCHORS_MED, CHEST, CHEST2, CHEST_RED, CHEST_RED2, CONCERN2, EMERGENCY, EMERGENCY2,
                      MED_CONCERN, NEAR_MISS, OVERDOSE, OVERDOSE_GUARD, POISON)
from .normalising import SENT_SPLIT
from .self_harm import (ANCHORS_SELF, IDEATION, IDEATION2, IDEATION_ACTIVE, IMMEDIACY, INTENT, INTENT2,
                        SELF_HARM)


def trie_regex(words: list[str]) -> re.Pattern[str]:
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


TRIGGER_SELF = trie_regex(ANCHORS_SELF.split())
TRIGGER_MED = trie_regex(ANCHORS_MED.split())

def sentence_level(s: str) -> int:
    self_cue = bool(TRIGGER_SELF.search(s))
    med_cue = bool(TRIGGER_MED.search(s))
    if not (self_cue or med_cue):
        return 0
    strong_now = bool(STRONG_NOW.search(s))
    info_q = bool(INFO_QUESTION.match(s)) or bool(re.match(r"^\s*if\b", s))
    if info_q and strong_now and re.search(r"\b(?:my|i'?m|i'?ve|he'?s|she'?s|his|her)\b", s):
        # "how do I stop the bleeding, my son cut his hand and it's still pouring"
        info_q = False
    topic_ctx = bool(TOPIC_CONTEXT.search(s))
    info_ctx = bool(INFO_CONTEXT.search(s))

    level = 0
    # Self-harm / suicide.
    if self_cue:
        ideation = bool(IDEATION_ACTIVE.search(s) or IDEATION.search(s)) or (
            not (info_ctx or topic_ctx) and bool(IDEATION2.search(s))
        )
        if (INTENT.search(s) or INTENT2.search(s)) and not info_q:
            level = 2
        elif ideation and IMMEDIACY.search(s) and not info_q:
            level = 2
        elif ideation:
            level = 1
        elif SELF_HARM.search(s) and not (info_q or topic_ctx or info_ctx):
            level = 1

    # Medical emergencies / acts happening now.
    if med_cue and not info_q and not info_ctx and level < 2:
        near_miss = bool(NEAR_MISS.search(s))
        s_med = NEAR_MISS.sub(" ", s) if near_miss else s
        chest = CHEST.search(s_med) or CHEST2.search(s_med)
        overdose = bool(OVERDOSE.search(s_med)) and not OVERDOSE_GUARD.search(s_med)
        emerg = EMERGENCY.search(s_med)
        if emerg and OVERDOSE_GUARD.search(s_med) and re.search(r"\b(?:taken|took|swallowed|drunk|drank)\b", emerg.group(0)):
            emerg = None
        if overdose or emerg or EMERGENCY2.search(s_med) or POISON.search(s_med):
            level = 2
        elif chest and (CHEST_RED.search(s_med) or CHEST_RED2.search(s_med)):
            level = 2
        elif chest or near_miss or MED_CONCERN.search(s) or CONCERN2.search(s):
            level = max(level, 1)

    if not level:
        return 0
    past = bool(DISTANT_PAST.search(s))
    resolved = bool(RESOLVED.search(s)) or bool(RESOLVED2.search(s))
    if not info_q:
        if past and (resolved or not re.search(r"\b(?:now|today|tonight|again)\b", s)):
            return 0
        if (past or PAST2.search(s)) and resolved and not strong_now:
            return 0
        if REASSURED.search(s):
            return 0
        if level == 2 and TRANSIENT.search(s):
            level = 1
    elif past and resolved:
        return 0
    return level


def rule_level(norm: str) -> tuple[int, str]:
    """The red-flag rules' level for normalised text, and the sentence that set it."""
    best, trigger = 0, ""
    for sent in SENT_SPLIT.split(norm):
        if sent.strip():
            level = sentence_level(sent)
            if level > best:
                best, trigger = level, sent.strip()
                if best == 2:
                    break
    return best, trigger
