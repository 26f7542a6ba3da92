"""Queries per request stay constant as the data grows (what `make bench` checks at 100,000)."""
import pytest
from sqlalchemy import select

from forum.models import Question
from forum.services.scale_seed import seed_scale
from tests.factories import make_reply

PAGES = ("home", "topic", "question", "search", "queue", "library")


@pytest.fixture
def app_config():
    return {"PAGE_CACHE_ENABLED": False}  # count what rendering a page costs


def _question_with_replies(db, count: int) -> Question:
    question = db.session.scalar(select(Question).where(Question.status == "answered",
                                                        Question.visibility == "public").order_by(Question.id))
    while question.reply_count < count:
        make_reply(question)
    db.session.commit()
    return question


def _paths(question: Question) -> dict[str, str]:
    return {"home": "/", "topic": f"/topics/{question.primary_topic.slug}", "question": f"/questions/{question.id}",
            "search": "/search?q=recovery", "queue": "/moderation/?specialty=all", "library": "/resources/"}


def _counts(client, count_queries, paths: dict[str, str], who: str) -> dict[str, int]:
    counts = {}
    for name in PAGES:
        if name == "queue" and who != "clinician":
            continue
        client.get(paths[name])  # warm: first-request work is not per request
        with count_queries() as statements:
            assert client.get(paths[name]).status_code == 200, name
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("who", ["anonymous", "member", "clinician"])
def test_queries_per_page_do_not_grow_with_the_data(db, client, login_as, count_queries, who):
    seed_scale(questions=40, clinicians=3, resources=10, password="scale-password-1")
    question = _question_with_replies(db, 12)
    if who != "anonymous":
        login_as(who)
    paths = _paths(question)
    small = _counts(client, count_queries, paths, who)
    seed_scale(questions=400, clinicians=3, resources=60, password="scale-password-1", seed=9)
    db.session.commit()
    large = _counts(client, count_queries, paths, who)
    assert large == small
    assert max(large.values()) <= 12
