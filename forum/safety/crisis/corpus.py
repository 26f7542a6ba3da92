"""The crisis model's training corpus: short texts made by combining hand-written fragments.

Every fragment here was written by hand for this corpus (none is copied from a held-out
set). A text is a core fragment of one level, told by one of several people (the poster, a
parent, a carer, a teenager in text-speak, an elderly poster, a non-native speaker), with
optional openers and closers, and a typo pass. ``build_corpus()`` is deterministic (one
seeded ``random.Random``); ``flask safety train`` writes it to ``data/crisis_corpus.jsonl``
together with the hand-labelled dev set, and trains on both.
"""

from __future__ import annotations

import random

SEED = 14

# {s}: subject ("I", "my son"), {o}: object pronoun, {p}: possessive, {v}: verb form "have/has".
SUBJECTS = [
    ("i", "me", "my", "have", "am", "i'm"),
    ("my son", "him", "his", "has", "is", "he's"),
    ("my daughter", "her", "her", "has", "is", "she's"),
    ("my husband", "him", "his", "has", "is", "he's"),
    ("my wife", "her", "her", "has", "is", "she's"),
    ("my mum", "her", "her", "has", "is", "she's"),
    ("my dad", "him", "his", "has", "is", "he's"),
    ("my partner", "them", "their", "has", "is", "they're"),
    ("my grandad", "him", "his", "has", "is", "he's"),
    ("my nan", "her", "her", "has", "is", "she's"),
    ("the man i care for", "him", "his", "has", "is", "he's"),
    ("my friend", "them", "their", "has", "is", "they're"),
]
FIRST_PERSON = SUBJECTS[0]

EMERGENCY_SELF = [
    "i took every tablet in the packet an hour ago",
    "just swallowed the lot, all of my antidepressants",
    "downed a full bottle of paracetamol with wine",
    "i have had all my pills and feel sleepy and sick",
    "took the whole strip of co-codamol, sorry",
    "finished off the box of sleeping pills tonight",
    "im sat in the car in the garage with the engine on",
    "i ran a hose from the exhaust into the car",
    "the charcoal is lit and the windows are taped",
    "i have the rope ready and ill do it tonight",
    "standing at the top of the car park and going to jump",
    "im on the edge of the bridge right now",
    "i have enough saved up and i'm taking them all tonight",
    "the blade is in my hand and i am going to use it",
    "i've cut deep and it keeps pouring out",
    "wrote the notes, tonight is the night",
    "gonna end it tonight, this is goodbye",
    "going to kms tonight fr",
    "im going to unalive myself after everyone sleeps",
    "i have the gun loaded next to me",
    "said goodbye to my kids and im doing it now",
    "i am going to kill myself this weekend, i have a plan",
    "there is nothing left, i'm taking my life tonight",
    "i have just injected all of my insulin on purpose",
    "i drank the bleach, what happens now",
]
EMERGENCY_OTHER = [
    "{s} took a massive overdose and won't wake up",
    "{s} has swallowed all {p} tablets and is slurring",
    "{s} is unconscious and {p} breathing is strange",
    "{s} has stopped breathing, we are doing cpr",
    "{s} collapsed and is not responding",
    "{s} suddenly has the worst headache ever and can't see properly",
    "{s} got a sudden splitting headache like a thunderclap and now double vision",
    "{s} has a sudden agonising headache and is being sick and confused",
    "{s} is throwing up bright red blood",
    "{s} keeps vomiting blood, a lot of it",
    "{s} is being sick and it looks like coffee grounds",
    "{s} fell and banged {p} head, {s} is 87 and now very drowsy",
    "{s} hit {p} head yesterday and now keeps falling asleep and is confused",
    "after the fall {s} is sleepy and not making sense, {s} is on blood thinners",
    "{s} got stung by a bee and {p} face and throat are swelling, wheezing",
    "{s} ate something with nuts and {p} lips and tongue are swelling and {s} is wheezy",
    "after the prawns {s} came out in hives and {p} throat feels tight",
    "{s} is so breathless {s} can't finish a sentence",
    "{s} can only get out a word or two between breaths, the inhaler is not working",
    "{s} is gasping and can't talk properly, {p} lips look blue",
    "my waters have broken at 32 weeks and i'm having contractions",
    "waters went at 30 weeks and the pains are coming regularly",
    "i'm 29 weeks pregnant, fluid gushing and tightenings every few minutes",
    "{s} had an operation last week and the wound is pouring blood",
    "bleeding from {p} surgery site won't stop, soaked through the dressings",
    "after {p} tonsils out {s} is spitting blood and clots",
    "the cut won't stop bleeding even with pressure for 20 minutes",
    "nosebleed for over an hour and it won't stop, {s} feels faint",
    "{s} has heavy bleeding after giving birth, soaking pads every few minutes",
    "crushing chest pain going down {p} left arm and {s} is sweating",
    "{p} face has dropped on one side and {p} speech is slurred",
    "{s} suddenly can't lift {p} arm and {p} words are muddled",
    "{s} is having a fit that won't stop, it's been 8 minutes",
    "{s} is floppy with a rash that doesn't fade under a glass",
    "the baby swallowed a button battery",
    "{s} took a load of {p} heart pills by accident and is dizzy and grey",
    "{s} is choking and can't breathe",
]
CONCERN = [
    "i keep thinking everyone would be better off without me",
    "my family would cope better if i wasn't around",
    "sometimes i just want to stop existing",
    "i don't want to be alive anymore but i don't have a plan",
    "i just want to go to sleep and not wake up",
    "i want to be with my late husband, i miss him too much",
    "i'd like to join my mum wherever she is now",
    "part of me hopes the cancer takes me soon",
    "i might stop taking my insulin and let it end things",
    "been skipping dialysis hoping it just finishes me",
    "i've been stockpiling my tablets just in case",
    "i've been saving my pills for weeks",
    "i keep looking up how tall the bridges round here are",
    "searched how far a fall would have to be",
    "i keep a knife under my bed for when i can't take it",
    "my dad's old rifle is still in the attic, for later maybe",
    "i've been giving my stuff away to friends",
    "gave my cat to my sister and sorted my will, feels like time",
    "i've been quietly saying goodbye to people",
    "lowkey wanna kms",
    "thinking about unaliving ngl",
    "i feel like a burden to everyone",
    "i've been cutting my arms again",
    "i scratch myself till i bleed when it gets bad",
    "i burn myself with cigarettes to feel something",
    "i hit my head against the wall when i'm overwhelmed",
    "my daughter has been hurting herself, i found the marks",
    "my son said he wants to die and won't talk about it",
    "{s} keeps saying there's no point living anymore",
    "i feel hopeless and trapped and i can't see a way out",
    "what's the point of carrying on",
    "i have suicidal thoughts most days",
    "i'm scared of what i might do to myself",
    "chest pain when i walk up hills that goes with rest",
    "{s} has been getting more confused over the last two days",
    "blood in {p} poo on and off for a fortnight",
    "{p} calf is swollen, red and hot since the flight",
    "{s} fainted twice this week",
    "{p} arm went numb for a few minutes and then came back",
    "{s} is short of breath getting dressed, worse than last week",
    "{s} hasn't eaten or drunk much for three days",
    "i've lost a lot of weight without trying and have night sweats",
    "{s} had a small seizure, the first ever, now okay but tired",
    "{s} has been coughing up streaks of blood",
    "i'm pregnant and the baby's moving less than usual today",
    "i'm drinking a bottle of vodka a day to cope",
    "i can't cope anymore, everything is falling apart",
]
NONE = [
    "i want to end my contract with the gym",
    "i'm ending it with my phone provider, terrible service",
    "i don't want to be here, this waiting room is freezing",
    "i don't want to be at this clinic all day again",
    "i could kill for a cup of tea",
    "this heat is killing me",
    "i'm dying to get home after this admission",
    "my feet are killing me after the walk",
    "lol i nearly died when the nurse called my name wrong",
    "i thought i was going to die when i stubbed my toe, so dramatic",
    "cut my thumb on a tin, it bled loads but a plaster sorted it",
    "grazed my knee falling off my scooter, looks awful but it's fine",
    "banged my head on the car door, small bump, feel totally fine",
    "got stung by a wasp on my arm, bit red and itchy",
    "the samaritans number is 116 123 for anyone struggling",
    "the crisis line is open all night if anyone needs it",
    "here's the number for the mental health helpline in our area",
    "what are the warning signs of suicide in teenagers",
    "how do you support a friend who self harms",
    "what should you do if someone takes an overdose",
    "what are the symptoms of a stroke to look out for",
    "is a sudden bad headache always serious",
    "what does anaphylaxis look like",
    "how long should a nosebleed last before you worry",
    "when do waters usually break",
    "can you bleed after a tonsillectomy and how much is normal",
    "years ago i tried to overdose, now i'm doing really well",
    "i self harmed as a teen, i'm ten years clean now",
    "{s} had a stroke in 2012 and recovered well",
    "{s} had anaphylaxis once as a kid, carries an epipen now",
    "my waters broke at 40 weeks and baby arrived safely",
    "the bleeding after my op stopped days ago and it's healing",
    "{s} had a bad headache yesterday, it went with paracetamol",
    "{s} was sick once after dinner but is fine now",
    "i've been saving up for a holiday",
    "giving away baby clothes my kids have outgrown",
    "my nan passed peacefully last spring, we miss her",
    "i'm not suicidal, just fed up with the waiting list",
    "never had thoughts of harming myself, just tired",
    "is it safe to take ibuprofen with my blood pressure tablets",
    "what time does the pharmacy open on sundays",
    "any tips for sleeping after knee surgery",
    "how do i get a blue badge for my mum",
    "the physio gave me new exercises for my back",
    "my inhaler technique was checked today, all good",
    "my dad's heart failure clinic went well today",
    "i read a book about a woman who jumped off a bridge",
    "looked up the height of the tallest building for a quiz",
    "my husband drives me mad leaving the car running on the drive",
    "the exhaust on my car needs replacing",
    "is it normal to feel tired after chemo",
    "my son has a cold and a bit of a cough",
    "my blood test results came back normal",
    "how much water should i drink with kidney stones",
    "i'm so done with this weather",
    "does anyone know a good dentist nearby",
    "{p} lips are chapped and sore from the cold",
    "my skin is dry and flaky from the new cream",
    "i took all my antibiotics as prescribed and feel better",
    "finished the whole course of steroids last week",
    "{s} took two paracetamol for a headache and it helped",
    "the baby won't wake for feeds at night, is that normal",
    "{s} sleeps a lot after chemo, the nurse said that's expected",
    "{s} has a runny nose and a sore throat",
    "{p} throat is a bit scratchy from talking all day",
    "{s} had a nosebleed for five minutes, it stopped",
    "bit breathless after running for the bus, fine after a minute",
    "my period is heavier than usual this month",
    "{s} coughed a lot last night but is better today",
    "{s} feels sick after the new tablets, the gp is changing them",
    "i took the dog to the vet, he ate a sock but is fine",
    "my heart races when i drink coffee",
    "{p} ankle is swollen after twisting it on the stairs",
    "i cut my hair short and i love it",
    "my mum's dementia means she gets muddled in the evenings, same as usual",
    "{s} had a fall last month, no injuries, we got a grab rail",
    "the full english is a heart attack on a plate",
    "we're not moving until after {p} operation",
    "still waiting for a date for {p} surgery",
    "{p} surgery went well and the stitches come out friday",
    "the op is booked for june, any tips for the hospital bag",
    "{s} is not driving until the wound has healed",
    "i'm not going back to work until the scan results are in",
    "the surgeon said the wound looks clean",
    "how long after a c-section can i lift the baby",
    "{s} is recovering at home after the operation",
    "i'm worried it might be cancer, i've lost a bit of weight dieting",
]
OPENERS = ["", "", "", "hi all, ", "sorry to post this but ", "help, ", "please help ", "um ",
           "not sure where to post this. ", "hello everyone. ", "quick question, ", "ok so ",
           "dear all, ", "i don't know who else to tell. ", "asking for advice: "]
CLOSERS = ["", "", "", " what should i do?", " please advise", " idk", " :(", " thanks", " sorry",
           " any advice?", " x", " lol", " anyone else?", " not sure what to do", "."]
TEEN_SWAPS = [("you", "u"), ("are", "r"), ("because", "cos"), ("i'm", "im"), ("don't", "dont"),
              ("really", "rly"), ("to be honest", "tbh"), ("going to", "gonna"), ("want to", "wanna")]
NON_NATIVE_SWAPS = [("i have", "i am having"), ("has", "is having"), ("my ", "the my "),
                    ("won't", "not"), ("is ", "")]
ELDERLY_OPENERS = ["Dear members, ", "Good morning. ", "I am 82 and ", "At my age "]


def _fill(fragment: str, subject: tuple[str, ...]) -> str:
    s, o, p, v, be, contr = subject
    return fragment.replace("{s}", s).replace("{o}", o).replace("{p}", p).replace("{v}", v)


def _voice(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        for a, b in TEEN_SWAPS:
            text = text.replace(a, b)
        text = text.replace(",", "").replace(".", "")
    elif roll < 0.3:
        a, b = rng.choice(NON_NATIVE_SWAPS)
        text = text.replace(a, b, 1)
    elif roll < 0.4:
        text = rng.choice(ELDERLY_OPENERS) + text
    elif roll < 0.5:
        text = text.capitalize()
    if rng.random() < 0.15 and len(text) > 12:  # a typo: two letters swapped
        i = rng.randrange(1, len(text) - 2)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text


def build_corpus(per_fragment: int = 24) -> list[dict[str, str]]:
    """Labelled texts, deterministic; roughly per_fragment texts for each fragment."""
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    pools = (("emergency", EMERGENCY_SELF, False), ("emergency", EMERGENCY_OTHER, True),
             ("concern", CONCERN, True), ("none", NONE, True))
    for label, fragments, vary_subject in pools:
        for fragment in fragments:
            for _ in range(per_fragment):
                subject = rng.choice(SUBJECTS) if vary_subject and "{" in fragment else FIRST_PERSON
                text = rng.choice(OPENERS) + _fill(fragment, subject) + rng.choice(CLOSERS)
                text = _voice(text, rng)
                if text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "label": label})
    rng.shuffle(rows)
    return rows
