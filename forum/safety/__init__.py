"""Text-safety detectors for the Rounds forum: PHI guard and crisis triage."""

from .crisis import CRISIS_LEVELS, assess_crisis
from .phi import PHI_KINDS, PhiSpan, detect_phi

__all__ = ["detect_phi", "assess_crisis", "PhiSpan", "PHI_KINDS", "CRISIS_LEVELS"]
