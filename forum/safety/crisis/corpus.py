"""The crisis model's training corpus: short texts made by combining hand-written fragments.

Every fragment (``fragments/``) was written by hand for this corpus (none is copied from a held-out
set). A text is a core fragment of one level, told by one of several people (the poster, a
parent, a carer, a teenager in text-speak, an elderly poster, a non-native speaker), with
optional openers and closers, and a typo pass. ``build_corpus()`` is deterministic (one
seeded ``random.Random``); ``flask safety train`` writes it to ``data/crisis_corpus.jsonl``
together with the hand-labelled dev set, and trains on both.
"""

from __future__ import annotations

import random

from .flags import MEDICINES
from .fragments import (CONCERN, CONCERN_V4, EMERGENCY_OTHER, EMERGENCY_OTHER_V4, EMERGENCY_SELF,
                        EMERGENCY_SELF_V4, NONE, NONE_V4)

SEED = 14

# {s}: subject ("I", "my son"), {o}: object pronoun, {p}: possessive, {v}: verb form "have/has".
SUBJECTS = [
    ("i", "me", "my", "have", "am", "i'm"),
    ("my son", "him", "his", "has", "is", "he's"),
    ("my daughter", "her", "her", "has", "is", "she's"),
    ("my husband", "him", "his", "has", "is", "he's"),
    ("my wife", "her", "her", "has", "is", "she's"),
    ("my mum", "her", "her", "has", "is", "she's"),
    ("my dad", "him", "his", "has", "is", "he's"),
    ("my partner", "them", "their", "has", "is", "they're"),
    ("my grandad", "him", "his", "has", "is", "he's"),
    ("my nan", "her", "her", "has", "is", "she's"),
    ("the man i care for", "him", "his", "has", "is", "he's"),
    ("my friend", "them", "their", "has", "is", "they're"),
]
FIRST_PERSON = SUBJECTS[0]

# v4: more paraphrases per family, in more voices, with slots so that the model learns the
# family rather than one drug or one place: {med} a medicine (flags.MEDICINES), {n} a large
# count, {high} a high place, {means} something to end a life with, {gone} someone who died.
HIGH_PLACES = ["the bridge", "the multi storey", "the car park roof", "the cliffs", "the viaduct", "the tower block",
               "the motorway bridge", "the top of the flats", "the railway bridge", "the quarry edge"]
MEANS_AT_HAND = ["the knife", "a razor", "the blade", "the rope", "all my {med}", "the gun", "a belt", "the pills"]
COUNTS = ["30", "40", "50", "about 60", "twenty", "thirty", "forty odd", "a hundred", "two boxes of", "three packets of",
          "a whole month of", "every last one of"]
THE_DEAD = ["my wife", "my husband", "my son", "my daughter", "my mum", "my dad", "my twin", "my best friend", "my baby",
            "my partner", "nan"]

OPENERS = ["", "", "", "hi all, ", "sorry to post this but ", "help, ", "please help ", "um ",
           "not sure where to post this. ", "hello everyone. ", "quick question, ", "ok so ",
           "dear all, ", "i don't know who else to tell. ", "asking for advice: "]
CLOSERS = ["", "", "", " what should i do?", " please advise", " idk", " :(", " thanks", " sorry",
           " any advice?", " x", " lol", " anyone else?", " not sure what to do", "."]
TEEN_SWAPS = [("you", "u"), ("are", "r"), ("because", "cos"), ("i'm", "im"), ("don't", "dont"),
              ("really", "rly"), ("to be honest", "tbh"), ("going to", "gonna"), ("want to", "wanna")]
NON_NATIVE_SWAPS = [("i have", "i am having"), ("has", "is having"), ("my ", "the my "),
                    ("won't", "not"), ("is ", "")]
ELDERLY_OPENERS = ["Dear members, ", "Good morning. ", "I am 82 and ", "At my age "]


def fill(fragment: str, subject: tuple[str, ...], rng: random.Random) -> str:
    s, o, p, v, be, contr = subject
    fragment = fragment.replace("{means}", rng.choice(MEANS_AT_HAND)).replace("{high}", rng.choice(HIGH_PLACES))
    fragment = fragment.replace("{n}", rng.choice(COUNTS)).replace("{gone}", rng.choice(THE_DEAD))
    fragment = fragment.replace("{med}", rng.choice(MEDICINES))
    # "{o}self" is "himself", "herself", "themself"; "meself" is "myself".
    fragment = fragment.replace("{o}self", "myself" if o == "me" else o + "self")
    return fragment.replace("{s}", s).replace("{o}", o).replace("{p}", p).replace("{v}", v)


def _voice(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        for a, b in TEEN_SWAPS:
            text = text.replace(a, b)
        text = text.replace(",", "").replace(".", "")
    elif roll < 0.3:
        a, b = rng.choice(NON_NATIVE_SWAPS)
        text = text.replace(a, b, 1)
    elif roll < 0.4:
        text = rng.choice(ELDERLY_OPENERS) + text
    elif roll < 0.5:
        text = text.capitalize()
    if rng.random() < 0.15 and len(text) > 12:  # a typo: two letters swapped
        i = rng.randrange(1, len(text) - 2)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text


def build_corpus(per_fragment: int = 24) -> list[dict[str, str]]:
    """Labelled texts, deterministic; roughly per_fragment texts for each fragment."""
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    pools = (("emergency", EMERGENCY_SELF + EMERGENCY_SELF_V4, False),
             ("emergency", EMERGENCY_OTHER + EMERGENCY_OTHER_V4, True),
             ("concern", CONCERN + CONCERN_V4, True), ("none", NONE + NONE_V4, True))
    for label, fragments, vary_subject in pools:
        for fragment in fragments:
            for _ in range(per_fragment):
                subject = rng.choice(SUBJECTS) if vary_subject and "{" in fragment else FIRST_PERSON
                text = rng.choice(OPENERS) + fill(fragment, subject, rng) + rng.choice(CLOSERS)
                text = _voice(text, rng)
                if text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "label": label})
    rng.shuffle(rows)
    return rows
