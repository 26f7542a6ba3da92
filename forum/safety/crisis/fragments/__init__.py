"""Hand-written fragments for the crisis training corpus, one module per level. Each fragment was
written for the corpus, not copied from a held-out set; the v4 lists share no run of six words
with any held-out text (a test checks). Slots: {s} subject, {o} object pronoun, {p} possessive,
{med} a medicine, {n} a large count, {high} a high place, {means} a means, {gone} someone who died.
"""

from .concern import CONCERN, CONCERN_V4
from .emergency import EMERGENCY_OTHER, EMERGENCY_OTHER_V4, EMERGENCY_SELF, EMERGENCY_SELF_V4
from .ordinary import NONE, NONE_V4

__all__ = ["CONCERN", "CONCERN_V4", "EMERGENCY_OTHER", "EMERGENCY_OTHER_V4", "EMERGENCY_SELF",
           "EMERGENCY_SELF_V4", "NONE", "NONE_V4"]
