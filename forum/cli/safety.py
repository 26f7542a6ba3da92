"""``flask safety ...`` commands: scan texts and evaluate the detectors."""

from __future__ import annotations

import json
import os
import resource
import statistics
import time

import click
from flask.cli import AppGroup

from forum.safety.crisis import corpus as crisis_corpus
from forum.safety.crisis import model as crisis_model
from forum.safety.crisis import assess_crisis
from forum.safety.evaluation import CRISIS_DATA, DATA_DIR, PHI_DATA, SPLITS, _load_jsonl, evaluate_crisis, evaluate_phi
from forum.safety.phi import detect_phi

safety_cli = AppGroup("safety", help="PHI and crisis detectors: scan, evaluate, train the crisis model, bench.")
CORPUS_PATH = DATA_DIR / "crisis_corpus.jsonl"


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


@safety_cli.command("train")
def train_command() -> None:
    """Rebuild the crisis corpus and model (data/crisis_corpus.jsonl, data/crisis_model.json)."""
    corpus = crisis_corpus.build_corpus()
    CORPUS_PATH.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus), encoding="utf-8")
    dev = [{"text": r["text"], "label": r["label"], "hand": True} for r in _load_jsonl(CRISIS_DATA, "dev")]
    # The PHI dev set is ordinary forum talk (numbers, names, appointments): "none" examples,
    # so that contact details and dates do not read as crisis to the model.
    dev += [{"text": r["text"], "label": "none", "hand": True} for r in _load_jsonl(PHI_DATA, "dev")]
    # The demo questions and answers (exported once from moderation/demo_content.py): long,
    # calm health talk that the generated corpus lacks.
    dev += [{"text": r["text"], "label": "none", "hand": True} for r in _load_jsonl(DATA_DIR / "crisis_ordinary_talk.jsonl")]
    model = crisis_model.train(corpus + dev)
    crisis_model.save(model)
    crisis_model.load.cache_clear()
    click.echo(f"trained on {len(corpus)} generated + {len(dev)} hand-written texts; "
               f"{len(model['features'])} features -> {crisis_model.MODEL_PATH.name}")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@safety_cli.command("bench")
@click.option("--posts", default=10000, show_default=True, help="How many posts to scan.")
def bench_command(posts: int) -> None:
    """Scan POSTS posts (the labelled, demo and generated texts, repeated) and print the median and
    95th-percentile time per post, the process's peak memory growth and the load average."""
    before = _rss_mb()
    texts = [r["text"] for r in _load_jsonl(PHI_DATA) + _load_jsonl(CRISIS_DATA)]
    texts += [r["text"] for r in _load_jsonl(DATA_DIR / "crisis_ordinary_talk.jsonl")]  # long demo posts
    texts += [r["text"] for r in crisis_corpus.build_corpus(per_fragment=2)]
    scan_text("warm up: loads the model and the names list once")
    timings = []
    for i in range(posts):
        start = time.perf_counter()
        scan_text(texts[i % len(texts)])
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    click.echo(f"{posts} posts: median {statistics.median(timings):.2f} ms, "
               f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.1f} ms; "
               f"peak memory growth {_rss_mb() - before:.0f} MB; "
               # The machine may be shared: the 1-minute load average says how busy it was.
               f"load average {os.getloadavg()[0]:.2f}")
