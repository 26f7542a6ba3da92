"""The crisis classifier: logistic regression over word and character n-grams.

Trained by ``flask safety train`` with scikit-learn (``TfidfVectorizer`` with this module's
``features`` as its analyzer, then ``LogisticRegression``, fixed ``random_state``), and
shipped as JSON weights in ``data/crisis_model.json``. Scoring needs no scikit-learn: the
same features, the exported idf weights, l2 normalisation and a softmax, in plain Python,
so a worker loads ~1 MB of JSON once and never touches the network.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .normalising import normalise as normalise_post

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "crisis_model.json"
LABELS = ("none", "concern", "emergency")
_WORD = re.compile(r"[a-z0-9']+")


def normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def features(text: str) -> list[str]:
    """Word unigrams and bigrams, and character 3- to 5-grams inside words."""
    low = normalise(text)
    words = _WORD.findall(low)
    feats = [f"w:{w}" for w in words]
    feats += [f"b:{a} {b}" for a, b in zip(words, words[1:])]
    for w in words:
        padded = f" {w} "
        for n in (3, 4, 5):
            feats += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return feats


def train(rows: list[dict[str, str]], *, max_features: int = 40000, hand_weight: float = 4.0) -> dict:
    """Fit on labelled rows; return the JSON-serialisable model. Rows marked
    ``"hand": True`` (written one by one, not generated) count `hand_weight` times."""
    # scikit-learn is needed only here, by the train command; workers score without it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2, max_features=max_features)
    # The model scores the text after idioms and denials are blanked (levels.explain_crisis), so it
    # learns from the same form: "going to end it with my provider" is "going to   provider".
    matrix = vectorizer.fit_transform([normalise_post(r["text"]) for r in rows])
    classifier = LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced", random_state=0)
    classifier.fit(matrix, [LABELS.index(r["label"]) for r in rows],
                   sample_weight=[hand_weight if r.get("hand") else 1.0 for r in rows])
    vocabulary = vectorizer.vocabulary_
    order = sorted(vocabulary, key=vocabulary.get)
    coef = classifier.coef_
    return {
        "labels": [LABELS[c] for c in classifier.classes_],
        "intercept": [round(float(b), 5) for b in classifier.intercept_],
        "features": {
            feat: [round(float(vectorizer.idf_[vocabulary[feat]]), 4)]
            + [round(float(coef[k][vocabulary[feat]]), 4) for k in range(coef.shape[0])]
            for feat in order
        },
    }


def save(model: dict, path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True), encoding="utf-8")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> dict:
    """The shipped model, read once per process."""
    return json.loads(path.read_text(encoding="utf-8"))


def probabilities(text: str, model: dict | None = None) -> dict[str, float]:
    """P(label | text) for none / concern / emergency."""
    model = model or load()
    table = model["features"]
    counts = Counter(f for f in features(text) if f in table)
    weights = {f: (1.0 + math.log(n)) * table[f][0] for f, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    scores = list(model["intercept"])
    for f, w in weights.items():
        row = table[f]
        for k in range(len(scores)):
            scores[k] += row[k + 1] * w / norm
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {label: e / total for label, e in zip(model["labels"], exps)}


def strongest_words(text: str, label: str, limit: int = 4, model: dict | None = None) -> tuple[str, ...]:
    """The words whose features pushed the score for `label` up the most, for moderators."""
    model = model or load()
    table = model["features"]
    k = model["labels"].index(label) + 1
    by_word: Counter[str] = Counter()
    for word in set(_WORD.findall(normalise(text))):
        for feat in (f"w:{word}",):
            if feat in table and table[feat][k] > 0:
                by_word[word] += table[feat][k] * table[feat][0]
    for a, b in zip(_WORD.findall(normalise(text)), _WORD.findall(normalise(text))[1:]):
        feat = f"b:{a} {b}"
        if feat in table and table[feat][k] > 0:
            by_word[f"{a} {b}"] += table[feat][k] * table[feat][0]
    # Ties broken by the word, so the same post always shows the same words.
    return tuple(w for w, _ in sorted(by_word.items(), key=lambda item: (-item[1], item[0]))[:limit])
