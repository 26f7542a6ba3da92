"""``flask safety ...`` commands: scan texts and evaluate the detectors."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from forum.safety.crisis import assess_crisis
from forum.safety.evaluation import SPLITS, evaluate_crisis, evaluate_phi
from forum.safety.phi import detect_phi

safety_cli = AppGroup("safety", help="PHI and crisis detectors: scan texts, evaluate on labelled sets.")


def scan_text(text: str) -> dict:
    """The JSON-serialisable scan result for one text (keys: phi, crisis)."""
    return {
        "phi": [{"kind": s.kind, "start": s.start, "end": s.end} for s in detect_phi(text)],
        "crisis": assess_crisis(text),
    }


@safety_cli.command("scan")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def scan_command(file) -> None:
    """Scan FILE (one text per line, '-' for stdin); print one JSON object per input line."""
    for line in file:
        text = line.rstrip("\r\n")
        click.echo(json.dumps(scan_text(text), ensure_ascii=False))


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _tables(split: str) -> tuple[dict, dict, str]:
    phi = evaluate_phi(split=split)
    cri = evaluate_crisis(split=split)
    lines = [f"PHI guard ({phi['n_texts']} texts, {phi['n_negative_texts']} with no PHI; split={split})"]
    lines.append(f"  {'kind':<22}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}")
    for kind, m in list(phi["per_kind"].items()) + [("OVERALL", phi["overall"])]:
        lines.append(
            f"  {kind:<22}{_fmt(m['precision']):>10}{_fmt(m['recall']):>10}{_fmt(m['f1']):>8}{m['support']:>9}"
        )
    lines.append("")
    lines.append(f"Crisis triage ({cri['n_texts']} texts; split={split}; accuracy {_fmt(cri['accuracy'])})")
    lines.append(f"  {'task':<22}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}")
    for task in ("any_crisis", "emergency"):
        m = cri[task]
        lines.append(
            f"  {task:<22}{_fmt(m['precision']):>10}{_fmt(m['recall']):>10}{_fmt(m['f1']):>8}{m['support']:>9}"
        )
    lines.append("  confusion (rows=gold, cols=predicted):")
    labels = list(cri["confusion"])
    lines.append("  " + " " * 12 + "".join(f"{lab:>11}" for lab in labels))
    for gold in labels:
        lines.append("  " + f"{gold:<12}" + "".join(f"{cri['confusion'][gold][p]:>11}" for p in labels))
    return phi, cri, "\n".join(lines)


@safety_cli.command("evaluate")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of a table.")
@click.option(
    "--split", type=click.Choice(SPLITS), default="dev", show_default=True,
    help="Which labelled lines to score (holdout = written after the detectors were frozen).",
)
def evaluate_command(as_json: bool, split: str) -> None:
    """Print precision/recall of both detectors on the labelled sets."""
    phi, cri, table = _tables(split)
    if as_json:
        click.echo(json.dumps({"phi": phi, "crisis": cri}, indent=2))
    else:
        click.echo(table)
