"""Crisis triage, one test per pattern family (through the detector and through the
posting flow), the model's training being deterministic, and the moderator seeing why."""
import json
import random
import re

import pytest
from sqlalchemy import select

from forum.models import Question
from forum.safety.crisis import corpus as crisis_corpus
from forum.safety.crisis import model as crisis_model
from forum.safety.crisis import assess_crisis, explain_crisis
from forum.safety.evaluation import DATA_DIR
from moderation.models import ReviewItem
from tests.factories import make_user, topic

# (family, text, expected level); none of these lines is in a labelled set.
FAMILIES = [
    ("past-tense act", "i already took all of them, every single tablet, twenty minutes ago", "emergency"),
    ("past-tense act", "swallowed a whole packet of my sleeping pills before bed", "emergency"),
    ("exhaust fumes", "the car is running in the locked garage and i'm sat in it", "emergency"),
    ("saving medication", "i've been putting my pills aside for a month so i have enough", "concern"),
    ("heights", "keep checking how high the bridge over the river is", "concern"),
    ("weapon for later", "i've kept my grandad's knife hidden away for later", "concern"),
    ("better off", "honestly the kids would be better off without me around", "concern"),
    ("join the dead", "i just want to be with my son again, he died last year and i can't bear it", "concern"),
    ("illness ends it", "i hope the tumour just ends it for me soon", "concern"),
    ("stop existing", "i want to stop existing, not die exactly, just not be", "concern"),
    ("giving away", "gave away all my things this week, my books, my bike, it's sorted", "concern"),
    ("text-speak", "gonna kms tbh cant do this", "concern"),
    ("text-speak", "want to unalive myself", "concern"),
    ("self-harm without the word", "i keep cutting my legs where no one can see", "concern"),
    ("thunderclap headache", "sudden worst headache i've ever had and my vision has gone blurry", "emergency"),
    ("vomiting blood", "my husband is being sick and it's full of blood", "emergency"),
    ("head injury, elderly", "my mum is 85, she hit her head on the floor and now she's really drowsy", "emergency"),
    ("sting or food, swelling and wheeze", "stung by a wasp, face swelling and wheezing badly", "emergency"),
    ("too breathless to speak", "so breathless i can't get a sentence out, inhaler not helping", "emergency"),
    ("preterm waters", "my waters have gone at 31 weeks and the contractions have started", "emergency"),
    ("bleeding after surgery", "bleeding from my wound since the operation and it will not stop", "emergency"),
    ("idiom: end it", "i'm going to end it with my energy supplier, fed up of them", "none"),
    ("idiom: be here", "don't want to be here in this queue any longer, 3 hours so far", "none"),
    ("minor injury told dramatically", "sliced my finger on paper, blood everywhere lol, plaster on, fine", "none"),
    ("helpline information", "for anyone struggling the Samaritans are on 116 123 day and night", "none"),
    ("third-person question", "what are the signs someone is thinking of suicide?", "none"),
    ("past and resolved", "years ago i overdosed, i'm well now and work as a peer supporter", "none"),
    ("negation", "i'm not suicidal at all, just cross about the parking", "none"),
    ("negation", "no thoughts of harming myself, the nurse asked and i said so", "none"),
    ("negation kept apart", "i'm not going to hurt myself but i wish i was dead", "concern"),
    # v4 families
    ("medicine by name", "i've been hiding my tramadol in a sock drawer instead of taking it", "concern"),
    ("count in words", "took sixty of my paracetamol around midnight", "emergency"),
    ("ligature set up", "the cord is looped round the loft hatch and i'm up on the step", "emergency"),
    ("means at hand, settled mind", "the pills are laid out beside me on the desk and i've made my mind up", "emergency"),
    ("at a height now", "up on the multi storey roof, looking down at the street, nobody will stop me", "emergency"),
    ("researching means", "been googling the lethal dose of my amitriptyline", "concern"),
    ("not safe with myself", "i don't feel safe with my own thoughts tonight", "concern"),
    ("giving away, not needing", "gave my bike to my cousin, i won't be needing it", "concern"),
    ("others fine without me", "my family would manage fine without me", "concern"),
    ("worthless", "i'm a total waste of space, my boys deserve a better dad than me", "concern"),
    ("bleeding for a long time", "nose has been bleeding for over an hour, pinching isn't helping", "emergency"),
    ("throat closing", "throat feels like it is closing up after the new tablets and my lips are tingling", "emergency"),
    ("non-blanching rash", "toddler is burning hot with purple spots that don't fade when i press a glass on them", "emergency"),
    ("very low blood sugar", "his blood sugar is 1.7 and he's confused and slurring", "emergency"),
    ("early pregnancy, one-sided pain", "six weeks pregnant, stabbing pain on my right side and i nearly passed out", "emergency"),
    ("racing heart, fainting", "my heart rate is 190 and i fainted on the bathroom floor", "emergency"),
    ("idiom: waiting", "five hours in the waiting room, i do not want to be here any more", "none"),
    ("benign clearing out", "gave away all my old dvds to the charity shop, decluttering", "none"),
    ("benign pharmacy return", "saving my old tablets to hand back to the chemist for disposal", "none"),
    ("benign rope", "tied a rope to the tree for the kids' swing", "none"),
    ("others better off, not me", "we'd all be better off if parking at the hospital was free", "none"),
]
# v5 families (issue 14's errors after v4), levels checked exactly; each failed on v4.
V5_FAMILIES = [
    ("ongoing seizure, duration", "she's been fitting non stop for 10 mins, ambulance is coming", "emergency"),
    ("thunderclap headache, no 'sudden'", "a headache like being hit with a bat came on out of nowhere, vomiting", "emergency"),
    ("stopping treatment: concern, not emergency", "I told the renal team I won't come back for dialysis, it's my choice to let go", "concern"),
    ("stopping treatment: concern, not emergency", "I've decided not to take my heart tablets any more, I'm done fighting", "concern"),
    ("goodbye letters: concern", "I've written goodbye letters to my parents and hidden them in my room", "concern"),
    ("partner's threat: concern", "my ex says he'll kill me if I take the kids, he has done it before", "concern"),
    ("idiom: thought I'd die", "walked into the door frame and honestly thought I was going to die lol", "none"),
    ("retirement goodbyes", "said goodbye to my colleagues today, I'm retiring after 30 years at the surgery", "none"),
    ("mild wheeze with a cold", "cold has gone to my chest, slightly wheezy at night, no breathlessness", "none"),
    ("stopping treatment for a good reason", "I stopped dialysis when I got my transplant, best day ever", "none"),
]
FAMILIES += V5_FAMILIES


@pytest.mark.parametrize("family,text,level", V5_FAMILIES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(V5_FAMILIES)])
def test_each_v5_family_gets_its_exact_level(family, text, level):
    assert assess_crisis(text) == level, family


def test_a_ceiling_family_with_an_act_is_still_an_emergency():
    assert assess_crisis("wrote goodbye letters to my kids and then swallowed the whole box of my tablets") == "emergency"


@pytest.mark.parametrize("family,text,level", FAMILIES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(FAMILIES)])
def test_each_crisis_family_is_triaged(family, text, level):
    got = assess_crisis(text)
    if level == "none":
        assert got == "none"
    else:
        assert got != "none", family
        if level == "emergency":
            assert got == "emergency", family


def test_the_corpus_is_deterministic_and_large():
    first, second = crisis_corpus.build_corpus(), crisis_corpus.build_corpus()
    assert first == second and len(first) >= 3000
    assert {r["label"] for r in first} == {"none", "concern", "emergency"}


def test_training_is_deterministic_and_the_scorer_matches_the_trained_classes():
    rows = crisis_corpus.build_corpus(per_fragment=2)
    one, two = crisis_model.train(rows), crisis_model.train(rows)
    assert one == two
    probs = crisis_model.probabilities("i took every tablet in the packet an hour ago", one)
    assert max(probs, key=probs.get) == "emergency" and abs(sum(probs.values()) - 1) < 1e-9


def test_explanation_names_the_rule_sentence_and_the_model_words():
    why = explain_crisis("Fine day. I want to kill myself tonight, I have the pills ready")
    assert why.level == "emergency" and "kill myself" in why.rule_trigger and why.model_words
    assert explain_crisis("What time does the pharmacy open?").model_words == ()


# One posting per family (the first case of each), so every family is checked through the app too.
_ONE_PER_FAMILY = list({f[0]: f for f in reversed(FAMILIES)}.values())


@pytest.mark.parametrize("family,text,level", [f for f in _ONE_PER_FAMILY if f[2] != "none"],
                         ids=[f[0] for f in _ONE_PER_FAMILY if f[2] != "none"])
def test_posting_each_family_escalates(client, db, login_as, family, text, level):
    member = login_as("member")
    page = client.post("/questions/ask", data={
        "title": "I need some help please", "body": text, "primary_topic": str(topic().id),
        "second_topic": "", "third_topic": "", "asking_for": "self", "identity": "pseudonym",
        "client_token": "crisis-family"})
    assert page.status_code == 200 and "You are not alone" in page.get_data(as_text=True)
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.crisis_level == level and question.status == "pending"


@pytest.mark.parametrize("family,text", [f[:2] for f in _ONE_PER_FAMILY if f[2] == "none"],
                         ids=[f[0] for f in _ONE_PER_FAMILY if f[2] == "none"])
def test_posting_each_false_alarm_family_is_not_escalated(client, db, login_as, family, text):
    member = login_as("member")
    page = client.post("/questions/ask", data={
        "title": "A question for the group", "body": text, "primary_topic": str(topic().id),
        "second_topic": "", "third_topic": "", "asking_for": "self", "identity": "pseudonym",
        "client_token": "crisis-none-family"})
    assert "You are not alone" not in page.get_data(as_text=True)
    question = db.session.scalar(select(Question).where(Question.author_id == member.id))
    assert question.crisis_level == "none"


def _six_word_runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {" ".join(words[i:i + 6]) for i in range(len(words) - 5)}


def test_v4_fragments_share_no_six_words_with_a_held_out_text():
    # The held-out sets are for scoring only: a fragment copied or paraphrased closely from one would
    # make its figures in-sample. Each v4 fragment is filled with every subject and many slot values.
    held_out = set()
    for path in DATA_DIR.glob("*.jsonl"):
        if "holdout" in path.name or "blind" in path.name:
            for line in path.read_text(encoding="utf-8").splitlines():
                held_out |= _six_word_runs(json.loads(line)["text"])
    rng = random.Random(0)
    fragments = (crisis_corpus.EMERGENCY_SELF_V4 + crisis_corpus.EMERGENCY_OTHER_V4 + crisis_corpus.CONCERN_V4
                 + crisis_corpus.NONE_V4)
    shared = {(fragment, run) for fragment in fragments for subject in crisis_corpus.SUBJECTS for _ in range(8)
              for run in _six_word_runs(crisis_corpus.fill(fragment, subject, rng)) if run in held_out}
    assert not shared


def test_the_moderator_sees_why_a_post_was_marked(client, db, login_as):
    login_as(make_user(email="asker@example.test"))
    client.post("/questions/ask", data={
        "title": "I do not know what to do", "body": "I want to kill myself tonight, I have the pills ready",
        "primary_topic": str(topic().id), "second_topic": "", "third_topic": "", "asking_for": "self",
        "identity": "pseudonym", "client_token": "crisis-why"})
    item = db.session.scalar(select(ReviewItem))
    login_as("staff")
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert "Why this was marked emergency" in page
    assert '<mark class="crisis">i want to kill myself tonight, i have the pills ready</mark>' in page
    assert page.count('<mark class="crisis">') >= 2


def test_bench_command_reports_the_median_time_and_memory(app):
    result = app.test_cli_runner().invoke(args=["safety", "bench", "--posts", "40"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("40 posts: median ") and "peak memory growth" in result.output
