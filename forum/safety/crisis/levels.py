"""The three levels and how the layers combine: the highest of the sentence rules, the red
flags and the model, with the minor-injury and model guards."""

from __future__ import annotations

from dataclasses import dataclass

from . import model as crisis_model
from .flags import CONCERN_CEILING, concern_ceiling, red_flag_level
from .guards import MILD_WHEEZE, MINOR_AND_FINE, MINOR_INJURY, SELF_WORDS, STRONG_NOW, settled_or_informational
from .normalising import normalise
from .sentences import rule_level

CRISIS_LEVELS = ("none", "concern", "emergency")

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
    norm = normalise(text)
    rule, trigger = rule_level(norm)
    flag, flag_words = red_flag_level(norm)
    if flag > rule:
        rule, trigger = flag, flag_words
    probs = crisis_model.probabilities(norm)
    model = 2 if probs["emergency"] >= MODEL_EMERGENCY else (
        1 if probs["emergency"] + probs["concern"] >= MODEL_CRISIS else 0)
    if model > rule and (MINOR_AND_FINE.search(norm) or (settled_or_informational(norm) and not STRONG_NOW.search(norm))):
        # "sliced my finger, blood everywhere lol, plaster on", "overdosed in my twenties, in a good
        # place now", "what are the signs of an overdose?": the model alone may not raise these.
        model = rule
    level = max(rule, model)
    ceiling = concern_ceiling(norm, text)
    if ceiling:
        # Concern at least; emergency only when the post says more than the ceiling family does.
        rest = CONCERN_CEILING.sub(" ", norm)
        if level == 2 and max(rule_level(rest)[0], red_flag_level(rest)[0]) < 2:
            level, rule, trigger = 1, 1, ceiling
        elif not level:
            level, rule, trigger = 1, 1, ceiling
    elif level and not rule and MILD_WHEEZE.search(norm) and not STRONG_NOW.search(norm):
        level = 0  # "a little wheezy with this cold": the model alone may not raise it
    if level and MINOR_AND_FINE.search(norm) and MINOR_INJURY.search(norm) and not SELF_WORDS.search(norm):
        level, trigger = 0, ""  # a small injury told dramatically, then "plaster on, fine"
    words = crisis_model.strongest_words(norm, CRISIS_LEVELS[level]) if level else ()
    return CrisisAssessment(CRISIS_LEVELS[level], trigger if rule else "", words, probs)


def assess_crisis(text: str) -> str:
    """Classify ``text`` as ``"none"``, ``"concern"`` or ``"emergency"``."""
    return explain_crisis(text).level
