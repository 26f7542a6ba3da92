"""Tests for forum.safety: PHI guard, crisis triage, evaluation and CLI."""

from __future__ import annotations

import dataclasses
import json

import pytest
from flask import Flask

from forum.safety import PhiSpan, assess_crisis, detect_phi
from forum.cli.safety import safety_cli
from forum.safety.evaluation import CRISIS_DATA, PHI_DATA, evaluate_crisis, evaluate_phi


def kinds_and_text(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in detect_phi(text)]


# --------------------------------------------------------------------- PHI
def test_phispan_is_frozen_dataclass():
    span = PhiSpan("email", 0, 3)
    assert dataclasses.is_dataclass(span)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call me at (555) 234-7781 after 6pm.", [("phone", "(555) 234-7781")]),
        ("My mobile is +44 7700 900456, happy to chat.", [("phone", "+44 7700 900456")]),
        ("Ring 020 7946 0958 any time.", [("phone", "020 7946 0958")]),
        ("Email me at sarah.jones84@gmail.com please", [("email", "sarah.jones84@gmail.com")]),
        (
            "I live at 42 Maple Avenue, Springfield, IL 62704 now.",
            [("address", "42 Maple Avenue, Springfield, IL 62704")],
        ),
        ("Post it to 17 Church Lane, Leeds LS6 2QP.", [("address", "17 Church Lane, Leeds LS6 2QP")]),
        ("I was born on 14 March 1962.", [("date_of_birth", "14 March 1962")]),
        ("DOB: 03/07/1985, female.", [("date_of_birth", "03/07/1985")]),
        ("My birthday is May 21st, yay.", [("date_of_birth", "May 21st")]),
        ("My SSN is 123-45-6789.", [("ssn", "123-45-6789")]),
        ("My MRN is 00482913, help.", [("record_number", "00482913")]),
        ("NHS number 485 777 3456, still waiting.", [("record_number", "485 777 3456")]),
        ("My policy number is PL-00923-7741 with Aetna.", [("record_number", "PL-00923-7741")]),
        (
            "See https://portal.example.org/results?patient=88213&view=labs now",
            [("url_identifier", "https://portal.example.org/results?patient=88213&view=labs")],
        ),
        ("My name is Helen Carter and I have MS.", [("name", "Helen Carter")]),
        ("Hi all, I'm David Okafor, 58.", [("name", "David Okafor")]),
        ("I am Margaret O'Neill, carer.", [("name", "Margaret O'Neill")]),
        ("My son Jack Thompson has asthma.", [("name", "Jack Thompson")]),
        ("A nurse called Anna Kowalski helped.", [("name", "Anna Kowalski")]),
    ],
)
def test_phi_positives(text, expected):
    assert kinds_and_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "My HbA1c came back at 7.2% which is better.",
        "LDL was 130 mg/dL and total cholesterol 5.8 mmol/L.",
        "I take metformin 500 mg twice a day.",
        "My blood pressure was 140/90 at the pharmacy.",
        "My surgery is on 12/03/2026 and I'm terrified.",
        "I have an appointment on Tuesday at 10:15.",
        "I'm 5'4\" and 210 lbs.",
        "He's 6 ft 2 and weighs 95 kg.",
        "I'm 54 and just been told I have osteoporosis.",
        "I'm Type 2 diabetic.",
        "I'm Very worried about the lump.",
        "I'm Scared Stiff about the biopsy.",
        "I was switched from Lipitor to Crestor.",
        "They sent me to St Thomas' Hospital for the angiogram.",
        "I called NHS 111 and they sent an ambulance.",
        "My son Jack has had a fever for 3 days.",
        "I was born in 1962 so I get the free flu jab.",
        "Look at https://www.nhs.uk/conditions/type-2-diabetes/ for the basics.",
        "https://forum.example.org/thread?page=3 has the rest.",
        "Order number 1128834 from the online pharmacy still hasn't arrived.",
        "Samaritans are on 116 123.",
        "",
    ],
)
def test_phi_hard_negatives(text):
    assert detect_phi(text) == []


def test_phi_spans_sorted_non_overlapping_and_url_wins_over_email():
    text = (
        "I'm Laura Schmidt, born on 3 June 1944, email laura@example.com, "
        "see http://x.example.net/a?email=jane.doe@gmail.com and call 07700 900777."
    )
    spans = detect_phi(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert [s.kind for s in spans] == ["name", "date_of_birth", "email", "url_identifier", "phone"]


# ------------------------------------------------------------------ crisis
@pytest.mark.parametrize(
    "text",
    [
        "I want to end my life tonight.",
        "I've taken all my pills and I feel strange.",
        "I have crushing chest pain and I can't breathe properly.",
        "My husband's face is drooping on one side and his speech is slurred.",
        "My dad just collapsed in the kitchen and he's not responding.",
        "I'm bleeding heavily after the birth and it won't stop.",
        "My throat is swelling up after eating peanuts.",
        "My chest pain is getting worse and I'm short of breath, should I wait until morning?",
        # v2 paraphrases, caregivers, informal spelling
        "my husband is gasping for air and his chest hurts",
        "My elderly neighbour has fallen and isn't moving or answering.",
        "I just injected way too much insulin on purpose.",
        "my dad is on the floor and hes not breathing properly",
        "Help my wife is fitting and it won't stop",
        "i've just taken 50 paracetamol",
        "she is unresponsive and her lips are blue",
        "grandma's face has dropped on the left and she can't talk",
        "we can't wake my dad up, he's diabetic",
        "my son got stung by a bee and his throat is closing up",
        "i have a knife and i'm going to use it on myself tonight",
        "I'm going to drive into the river instead of going in.",
    ],
)
def test_crisis_emergency(text):
    assert assess_crisis(text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I don't see the point of going on.",
        "Sometimes I think everyone would be better off without me.",
        "I've been self-harming again since the diagnosis.",
        "My mum's speech was slurred for about 10 minutes yesterday and then went back to normal.",
        "I've been thinking I'd be better dead.",
        "Every night I lie awake thinking about how to end things.",
        "i keep thinking id be better off dead tbh",
        "nobody would even notice if i was gone",
        "my mum said she's had enough and wants it all to be over",
        "My urine has been dark red for two days.",
    ],
)
def test_crisis_concern(text):
    assert assess_crisis(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "I'd kill for a coffee.",
        "I'm dying to run again.",
        "This queue is killing me.",
        "My knee is killing me.",
        "What are the warning signs of a stroke?",
        "How do I know if chest pain is a heart attack?",
        "What should I do if my father collapses?",
        "I had chest pain last year and got a stent.",
        "Ten years ago I tried to take my own life, now I volunteer for a crisis line.",
        "My HbA1c came down from 64 to 48, so happy!",
        "The side effects list says it can cause suicidal thoughts, has anyone had that?",
        "I can't breathe through my nose with this cold, any decongestant tips?",
        "The GP surgery isn't answering the phone again, so frustrating",
        "my 3 month old won't wake up for feeds, should I wake him or let him sleep?",
        "I took all my antibiotics like they said and the infection is gone",
        "I ate a whole packet of biscuits lol, so much for the diet",
        "My lips are dry and cracked from the chemo",
        "I'm not moving house until the surgery is done",
        "the warning leaflet mentions thoughts of suicide as a rare side effect",
        "",
    ],
)
def test_crisis_none(text):
    assert assess_crisis(text) == "none"


# -------------------------------------------------------------- evaluation
def test_labelled_sets_are_well_formed():
    phi_rows = [json.loads(x) for x in PHI_DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    crisis_rows = [json.loads(x) for x in CRISIS_DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(phi_rows) >= 220 and len(crisis_rows) >= 220
    for row in phi_rows:
        for span in row["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(row["text"])
            value = row["text"][span["start"] : span["end"]]
            assert value == value.strip() and value
    assert {r["label"] for r in crisis_rows} == {"none", "concern", "emergency"}


def test_evaluation_thresholds():
    phi = evaluate_phi()
    assert phi["overall"]["precision"] >= 0.9
    assert phi["overall"]["recall"] >= 0.9
    crisis = evaluate_crisis()
    assert crisis["any_crisis"]["recall"] >= 0.95
    total = sum(sum(row.values()) for row in crisis["confusion"].values())
    assert total == crisis["n_texts"]


def test_evaluation_splits_and_matching_rule(tmp_path):
    # Prediction covering >= 50% of the labelled span counts; wrong kind does not.
    path = tmp_path / "phi.jsonl"
    lines = [
        {"text": "Email me at a.b@example.com ok", "spans": [{"kind": "email", "start": 12, "end": 27}]},
        {"text": "My MRN is 1234567", "spans": [{"kind": "phone", "start": 10, "end": 17}]},
        {"text": "nothing here", "spans": [], "split": "holdout"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    res = evaluate_phi(path)
    assert res["per_kind"]["email"]["tp"] == 1
    assert res["per_kind"]["record_number"]["fp"] == 1
    assert res["per_kind"]["phone"]["fn"] == 1
    assert evaluate_phi(path, split="holdout")["n_texts"] == 1
    assert evaluate_phi(path, split="all")["n_texts"] == 3


# --------------------------------------------------------------------- CLI
@pytest.fixture()
def runner():
    app = Flask(__name__)
    app.cli.add_command(safety_cli)
    return app.test_cli_runner()


def test_scan_stdin_one_json_line_per_input_line(runner):
    stdin = "My name is Helen Carter\n\nI'd kill for a coffee\nI want to end my life tonight\n"
    result = runner.invoke(args=["safety", "scan", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert len(out) == 4
    first = json.loads(out[0])
    assert list(first) == ["phi", "crisis"]
    assert first == {"phi": [{"kind": "name", "start": 11, "end": 23}], "crisis": "none"}
    assert out[0] == '{"phi": [{"kind": "name", "start": 11, "end": 23}], "crisis": "none"}'
    assert json.loads(out[1]) == {"phi": [], "crisis": "none"}
    assert json.loads(out[2])["crisis"] == "none"
    assert json.loads(out[3])["crisis"] == "emergency"


def test_scan_file(runner, tmp_path):
    f = tmp_path / "posts.txt"
    f.write_text("Call me on 07700 900123\nMy knee is killing me\n", encoding="utf-8")
    result = runner.invoke(args=["safety", "scan", str(f)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows == [
        {"phi": [{"kind": "phone", "start": 11, "end": 23}], "crisis": "none"},
        {"phi": [], "crisis": "none"},
    ]


def test_evaluate_command_table_and_json(runner):
    result = runner.invoke(args=["safety", "evaluate"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "recall" in result.output
    assert "OVERALL" in result.output and "any_crisis" in result.output
    result = runner.invoke(args=["safety", "evaluate", "--json", "--split", "all"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"phi", "crisis"}
    assert "precision" in data["phi"]["overall"] and "recall" in data["crisis"]["emergency"]


def test_crisis_prefilter_does_not_change_dev_labels(monkeypatch):
    import re

    from forum.safety.crisis import sentences

    texts = [json.loads(x)["text"] for x in CRISIS_DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    fast = [assess_crisis(t) for t in texts]
    monkeypatch.setattr(sentences, "TRIGGER_SELF", re.compile(""))
    monkeypatch.setattr(sentences, "TRIGGER_MED", re.compile(""))
    assert [assess_crisis(t) for t in texts] == fast


def test_evaluate_blind_split(runner):
    res = evaluate_crisis(split="blind")
    assert res["n_texts"] >= 120
    assert evaluate_crisis(split="all")["n_texts"] == (
        evaluate_crisis(split="dev")["n_texts"] + res["n_texts"] + evaluate_crisis(split="holdout")["n_texts"]
        + evaluate_crisis(split="holdout2")["n_texts"] + evaluate_crisis(split="holdout3")["n_texts"]
        + evaluate_crisis(split="holdout4")["n_texts"] + evaluate_crisis(split="tune")["n_texts"])
    assert evaluate_crisis(split="holdout")["n_texts"] >= 100 and evaluate_phi(split="holdout")["n_texts"] >= 80
    assert evaluate_crisis(split="holdout3")["n_texts"] >= 110 and evaluate_phi(split="holdout3")["n_texts"] >= 80
    assert evaluate_crisis(split="holdout4")["n_texts"] >= 60 and evaluate_phi(split="holdout4")["n_texts"] >= 60
    result = runner.invoke(args=["safety", "evaluate", "--split", "blind"])
    assert result.exit_code == 0, result.output
    assert "split=blind" in result.output and "any_crisis" in result.output


def test_evaluation_thresholds_blind():
    # Measured once at the end of v2 tuning: any-crisis recall 0.938 (76/81). Regression guard only;
    # the blind set must not be used for tuning.
    assert evaluate_crisis(split="blind")["any_crisis"]["recall"] >= 0.93
