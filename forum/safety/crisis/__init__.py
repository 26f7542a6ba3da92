"""Crisis triage for forum posts.

``assess_crisis(text)`` returns ``"none"``, ``"concern"`` or ``"emergency"``;
``explain_crisis(text)`` also says why (the rule's sentence, the model's words).

v3 takes the highest of three layers over the normalised text (idioms and denials of
ideation blanked): the v2 sentence rules below, the red-flag families in
``flags.py`` (read over the whole post, behind the informational-question and
past-and-resolved guards), and the trained model in ``model.py``.

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

from .levels import CRISIS_LEVELS, CrisisAssessment, assess_crisis, explain_crisis

__all__ = ["assess_crisis", "explain_crisis", "CrisisAssessment", "CRISIS_LEVELS"]
