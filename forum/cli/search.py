"""flask search bench: time search on a throwaway SQLite database of synthetic questions.

A benchmark, not a test: it builds a fresh migrated database in a temporary directory
(so the FTS triggers index every row as it is inserted, as in production), bulk-inserts
N questions with executemany, then times representative queries through search().
"""
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_login import AnonymousUserMixin
from flask_migrate import upgrade
from sqlalchemy import event, insert

from forum.extensions import db
from forum.models import Answer, Question, QuestionTopic, Specialty, Topic, User
from forum.models.base import utcnow
from forum.models.enums import Role, TopicKind

search_cli = AppGroup("search", help="Full-text search.")

WORDS = (
    "heart failure atrial fibrillation knee replacement hip diabetes insulin blood pressure sugar swelling ankle "
    "pain night sleep tired breathless walking stairs exercise diet salt water tablets medication dose side "
    "effects dizzy cough rash itching wound healing stitches physiotherapy crutches frame recovery weeks months "
    "surgery anaesthetic scar infection fever antibiotics warfarin apixaban bleeding bruising palpitations "
    "pacemaker ablation cardioversion echo scan results cholesterol statins weight loss appetite nausea "
    "constipation bladder kidney liver thyroid anxiety worry mood memory driving work travel flying holiday "
    "alcohol smoking caffeine coffee tea fruit vegetables bread potatoes pasta rice meat fish eggs milk cheese "
    "morning evening daily twice monthly appointment nurse doctor specialist clinic hospital discharge follow "
    "review test monitor reading normal high low fast slow irregular better worse stiff numb tingling cold "
    "warm grandson daughter husband wife mother father carer family"
).split()


SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "to", "sa", "vi", "de", "po", "an", "el", "or", "ul", "ith", "ber")


def _vocabulary(rng: random.Random) -> list[str]:
    """The medical words first, then made-up words: a Zipf-like vocabulary of ~4,000 words."""
    made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(5000)} - set(WORDS)
    vocabulary = list(WORDS)
    for word in sorted(made_up):
        vocabulary.insert(rng.randint(0, len(vocabulary)), word)
    return vocabulary[:4000]


def _sentence(rng: random.Random, vocabulary: list[str], weights: list[float], low: int, high: int) -> str:
    return " ".join(rng.choices(vocabulary, cum_weights=weights, k=rng.randint(low, high)))


def _zipf_cumulative(size: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(size):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return cumulative


def _seed(count: int, rng: random.Random, vocabulary: list[str]) -> None:
    weights = _zipf_cumulative(len(vocabulary))
    specialty = Specialty(slug="bench", name="Bench")
    db.session.add(specialty)
    db.session.flush()
    topics = [Topic(kind=TopicKind.CONDITION if n % 2 else TopicKind.PROCEDURE, name=f"Topic {n}", slug=f"topic-{n}",
                    description="", specialty_id=specialty.id) for n in range(10)]
    author = User(email="bench@example.invalid", pseudonym="Bench", pseudonym_key="bench", password_hash="x")
    clinician = User(email="doc@example.invalid", pseudonym="Doc", pseudonym_key="doc", password_hash="x",
                     role=Role.CLINICIAN)
    db.session.add_all([*topics, author, clinician])
    db.session.flush()
    now = utcnow()
    batch = 5000
    for start in range(0, count, batch):
        questions, links, answers = [], [], []
        for n in range(start, min(start + batch, count)):
            answered = n % 3 != 0
            moment = now - timedelta(minutes=count - n)
            topic = topics[n % len(topics)]
            questions.append({
                "id": n + 1, "author_id": author.id, "title": _sentence(rng, vocabulary, weights, 5, 10).capitalize() + "?",
                "body_md": _sentence(rng, vocabulary, weights, 40, 90), "body_html": "", "status": "answered" if answered else "published",
                "visibility": "members" if n % 20 == 0 else "public", "primary_topic_id": topic.id,
                "created_at": moment, "updated_at": moment, "published_at": moment,
                "answered_at": moment if answered else None, "asking_for": "self", "anonymous": False,
                "locked": False, "phi_flagged": False, "crisis_level": "none", "reply_count": 0,
            })
            links.append({"question_id": n + 1, "topic_id": topic.id, "is_primary": True,
                          "listing": "answered" if answered else "unanswered", "listed_at": moment,
                          "visibility": "public"})
            if answered:
                answers.append({"question_id": n + 1, "clinician_id": clinician.id, "body_md": _sentence(rng, vocabulary, weights, 40, 80),
                                "body_html": "", "status": "published", "created_at": moment})
        db.session.execute(insert(Question), questions)
        db.session.execute(insert(QuestionTopic), links)
        db.session.execute(insert(Answer), answers)
        db.session.commit()
        click.echo(f"  inserted {min(start + batch, count):,} questions", err=True)


@search_cli.command("bench")
@click.option("--questions", "count", default=100_000, show_default=True, help="Synthetic questions to create.")
@click.option("--queries", default=200, show_default=True, help="Queries to time.")
@click.option("--seed", default=7, show_default=True, help="Random seed, for repeatable runs.")
def bench(count, queries, seed):
    """Build a temporary SQLite database of N questions and time representative searches."""
    from forum import create_app
    from forum.search import search

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="rounds-bench-") as directory:
        path = Path(directory) / "bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "RATELIMIT_ENABLED": False,
                          "SERVER_NAME": "bench.invalid", "SECRET_KEY": current_app.config["SECRET_KEY"]})
        with app.app_context():
            click.echo(f"Building {count:,} questions in {path} …", err=True)
            started = time.perf_counter()
            upgrade(directory=app.extensions["migrate"].directory)
            db.session.remove()
            db.engine.dispose()
            # A throwaway file: skip fsync while loading.
            event.listen(db.engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=OFF"))
            vocabulary = _vocabulary(rng)
            _seed(count, rng, vocabulary)
            click.echo(f"Built in {time.perf_counter() - started:.1f} s", err=True)
            # What people type: one to three words of everyday to uncommon frequency.
            terms = [" ".join(rng.sample(vocabulary[10:1500], rng.choice((1, 2, 2, 3)))) for _ in range(queries)]
            viewer = AnonymousUserMixin()
            timings, hits = [], 0
            with app.test_request_context():
                search(terms[0], viewer=viewer)  # warm the page cache
                for query in terms:
                    start = time.perf_counter()
                    page = search(query, viewer=viewer, limit=20)
                    timings.append((time.perf_counter() - start) * 1000)
                    hits += len(page.hits)
                    db.session.rollback()
            db.session.remove()
            db.engine.dispose()
    timings.sort()
    percentile = lambda p: timings[min(len(timings) - 1, int(round(p / 100 * len(timings))) - 1)]  # noqa: E731
    click.echo(f"{queries} queries over {count:,} questions: median {statistics.median(timings):.1f} ms, "
               f"p90 {percentile(90):.1f} ms, p99 {percentile(99):.1f} ms "
               f"(average {hits / queries:.1f} hits on the first page)")
