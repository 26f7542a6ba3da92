"""Precision / recall of the safety detectors over the labelled JSONL sets.

PHI matching rule: a predicted span is a true positive when it has the same
kind as a labelled span and overlaps it by at least 50% of the *labelled*
span's length. Each labelled span can be matched at most once. Unmatched
predictions are false positives, unmatched labels false negatives.

Splits: lines without a ``"split"`` key form the development set the
detectors were written and tuned against (in-sample). ``phi_holdout.jsonl`` and
``crisis_holdout.jsonl`` (every line ``"split": "holdout"``) were written by hand
before the v3 rebuild started and are never used for tuning. ``crisis_blind.jsonl``
(``"split": "blind"``) was written for v2 by the v2 author; v3 did not tune on it
either. ``crisis_holdout2.jsonl`` (``"split": "holdout2"``) was written after the
first held-out set had been scored and before the rule-veto change, to score that
change. ``phi_holdout3.jsonl`` and ``crisis_holdout3.jsonl`` (``"split": "holdout3"``) were
written by hand before the v4 tuning, committed on their own, and are scoring only.
``phi_holdout4.jsonl`` and ``crisis_holdout4.jsonl`` (``"split": "holdout4"``) were written by hand before
the v5 changes (PHI name/address/URL classes, crisis families), committed on their own, scoring only.
``crisis_tuning.jsonl`` (``"split": "tune"``) holds the v4 probes: fresh posts written during v4 to
find the classes the detectors missed, then tuned on (in-sample, never a result; not trained on). ``split="dev"`` (default), ``"holdout"``, ``"holdout2"``, ``"holdout3"``, ``"holdout4"``, ``"blind"`` or ``"all"`` selects
which lines are scored; with no path, every file of the detector is loaded.

Crisis: two binary views are reported — "any crisis" (concern or emergency
vs none) and "emergency" (emergency vs the rest) — plus a 3x3 confusion
matrix (rows = gold label, columns = predicted label).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .crisis import CRISIS_LEVELS, assess_crisis
from .phi import PHI_KINDS, detect_phi

DATA_DIR = Path(__file__).resolve().parent / "data"
PHI_DATA = DATA_DIR / "phi_labelled.jsonl"
PHI_HOLDOUT_DATA = DATA_DIR / "phi_holdout.jsonl"
CRISIS_DATA = DATA_DIR / "crisis_labelled.jsonl"
CRISIS_BLIND_DATA = DATA_DIR / "crisis_blind.jsonl"
CRISIS_HOLDOUT_DATA = DATA_DIR / "crisis_holdout.jsonl"
CRISIS_HOLDOUT2_DATA = DATA_DIR / "crisis_holdout2.jsonl"
PHI_HOLDOUT3_DATA = DATA_DIR / "phi_holdout3.jsonl"
CRISIS_HOLDOUT3_DATA = DATA_DIR / "crisis_holdout3.jsonl"
PHI_HOLDOUT4_DATA = DATA_DIR / "phi_holdout4.jsonl"
CRISIS_HOLDOUT4_DATA = DATA_DIR / "crisis_holdout4.jsonl"
CRISIS_TUNING_DATA = DATA_DIR / "crisis_tuning.jsonl"


SPLITS = ("dev", "tune", "holdout", "holdout2", "holdout3", "holdout4", "blind", "all")


def _load_jsonl(path: str | Path, split: str = "all") -> list[dict[str, Any]]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if split == "all" or row.get("split", "dev") == split:
                    rows.append(row)
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": tp + fn,
    }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def evaluate_phi(
    path: str | Path | None = None, *, split: str = "dev", with_errors: bool = False
) -> dict[str, Any]:
    """Per-kind and overall precision/recall/F1 of :func:`detect_phi`."""
    if path is None:
        rows = [row for data in (PHI_DATA, PHI_HOLDOUT_DATA, PHI_HOLDOUT3_DATA, PHI_HOLDOUT4_DATA) for row in _load_jsonl(data, split)]
    else:
        rows = _load_jsonl(path, split)
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in PHI_KINDS}
    errors: list[dict[str, Any]] = []
    for row in rows:
        text = row["text"]
        gold = [(s["kind"], s["start"], s["end"]) for s in row["spans"]]
        pred = [(p.kind, p.start, p.end) for p in detect_phi(text)]
        matched_gold: set[int] = set()
        for kind, ps, pe in pred:
            hit = None
            for gi, (gk, gs, ge) in enumerate(gold):
                if gi in matched_gold or gk != kind:
                    continue
                if _overlap(ps, pe, gs, ge) * 2 >= (ge - gs):
                    hit = gi
                    break
            if hit is None:
                counts[kind]["fp"] += 1
                errors.append({"type": "fp", "kind": kind, "span": text[ps:pe], "text": text})
            else:
                matched_gold.add(hit)
                counts[kind]["tp"] += 1
        for gi, (gk, gs, ge) in enumerate(gold):
            if gi not in matched_gold:
                counts[gk]["fn"] += 1
                errors.append({"type": "fn", "kind": gk, "span": text[gs:ge], "text": text})
    per_kind = {k: _prf(**c) for k, c in counts.items()}
    total = {x: sum(c[x] for c in counts.values()) for x in ("tp", "fp", "fn")}
    result: dict[str, Any] = {
        "split": split,
        "n_texts": len(rows),
        "n_negative_texts": sum(1 for r in rows if not r["spans"]),
        "overall": _prf(**total),
        "per_kind": per_kind,
    }
    if with_errors:
        result["errors"] = errors
    return result


def evaluate_crisis(
    path: str | Path | None = None, *, split: str = "dev", with_errors: bool = False
) -> dict[str, Any]:
    """Binary precision/recall (any crisis; emergency) and a confusion matrix."""
    if path is None:
        rows = [row for data in (CRISIS_DATA, CRISIS_TUNING_DATA, CRISIS_BLIND_DATA, CRISIS_HOLDOUT_DATA,
                                 CRISIS_HOLDOUT2_DATA, CRISIS_HOLDOUT3_DATA, CRISIS_HOLDOUT4_DATA) for row in _load_jsonl(data, split)]
    else:
        rows = _load_jsonl(path, split)
    confusion = {g: {p: 0 for p in CRISIS_LEVELS} for g in CRISIS_LEVELS}
    any_c = {"tp": 0, "fp": 0, "fn": 0}
    emer = {"tp": 0, "fp": 0, "fn": 0}
    errors: list[dict[str, str]] = []
    for row in rows:
        gold = row["label"]
        pred = assess_crisis(row["text"])
        confusion[gold][pred] += 1
        if pred != gold:
            errors.append({"gold": gold, "pred": pred, "text": row["text"]})
        for counter, positive in ((any_c, {"concern", "emergency"}), (emer, {"emergency"})):
            g, p = gold in positive, pred in positive
            if g and p:
                counter["tp"] += 1
            elif p:
                counter["fp"] += 1
            elif g:
                counter["fn"] += 1
    correct = sum(confusion[label][label] for label in CRISIS_LEVELS)
    result: dict[str, Any] = {
        "split": split,
        "n_texts": len(rows),
        "label_counts": {g: sum(confusion[g].values()) for g in CRISIS_LEVELS},
        "accuracy": round(correct / len(rows), 4) if rows else 1.0,
        "any_crisis": _prf(**any_c),
        "emergency": _prf(**emer),
        "confusion": confusion,
    }
    if with_errors:
        result["errors"] = errors
    return result
