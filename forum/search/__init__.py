"""Full-text search over public questions, clinician answers and vetted resources.

One interface, search(), with two back-ends chosen by the database: SQLite FTS5
(forum/search/sqlite.py) and PostgreSQL full-text search (forum/search/postgres.py).
Both read what migration a05927a06e54 built (the search_fts table and its triggers, or
the generated search_vector columns) and both join back to the base tables, so what a
viewer may see is decided here at query time, never by the index alone.

User text never reaches the engine's query language: query_terms() keeps words only and
each back-end quotes them. Snippets come back with two private-use marker characters
around matches; marked_html() escapes everything and only then turns the markers into
<mark>, so it is the one function whose output templates may mark safe.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import exists, false, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Answer, Question, QuestionTopic, Resource, Topic, resource_topics
from forum.models.enums import AnswerStatus, QuestionStatus, ResourceStatus
from forum.platform.numbers import MAX_ID, parse_int
from forum.rendering import plain_excerpt

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
MAX_QUERY_CHARS = 500
MAX_TERMS = 12
MAX_TERM_CHARS = 40
# The results page counts matches up to this many and says "more than" past it.
COUNT_CAP = 1000
# Row kinds; the SQLite index's rowid is id * 4 + kind.
QUESTION, ANSWER, RESOURCE = 1, 2, 3
KIND_NAMES = {QUESTION: "question", ANSWER: "answer", RESOURCE: "resource"}

_WORD = re.compile(r"\w+")
# Left out when looking for similar titles, where any one word may match.
STOP_WORDS = frozenset(
    "a about after an and are as at be been before but by can could do does did for from had has have "
    "how i if in into is it its me my no not of on or our should so than that the their them then there "
    "these they this to was we were what when where which who why will with would you your".split()
)


def query_terms(raw: str | None, *, drop_stop_words: bool = False) -> list[str]:
    """The words of a query, lower-cased, de-duplicated, at most MAX_TERMS of MAX_TERM_CHARS.

    Quotes, operators, punctuation, emoji and control characters are dropped, so any
    input at all becomes a (possibly empty) list of plain words.
    """
    text = (raw or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    terms: list[str] = []
    for word in _WORD.findall(text):
        word = word.replace("_", "").lower()[:MAX_TERM_CHARS]
        if not word or word in terms or (drop_stop_words and word in STOP_WORDS):
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def marked_html(text: str | None) -> Markup:
    """Escape a snippet, then turn the match markers into <mark> elements (always balanced)."""
    parts: list[str] = []
    open_mark = False
    for piece in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", text or ""):
        if piece == MARK_OPEN:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_CLOSE:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(str(escape(piece)))
    if open_mark:
        parts.append("</mark>")
    return Markup("".join(parts))  # nosec B704 — every text piece is escaped; only <mark> tags are added


@dataclass(frozen=True)
class Filters:
    topic_id: int | None = None
    topic_kind: str | None = None
    answered_only: bool = False
    date_from: date | None = None
    date_to: date | None = None
    viewer: object = None  # the user searching (None or anonymous: public questions only)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def question_conditions(filters: Filters, question=Question) -> list:
    """What a question (or the question an answer belongs to) must satisfy to be shown."""
    conditions = [Question.listed_for(filters.viewer, question)]
    if filters.answered_only:
        conditions.append(question.status == QuestionStatus.ANSWERED)
    if filters.topic_id is not None:
        conditions.append(exists().where(QuestionTopic.question_id == question.id,
                                         QuestionTopic.topic_id == filters.topic_id))
    if filters.topic_kind is not None:
        conditions.append(exists().where(QuestionTopic.question_id == question.id,
                                         QuestionTopic.topic_id == Topic.id, Topic.kind == filters.topic_kind))
    if filters.date_from is not None:
        conditions.append(question.published_at >= _start_of(filters.date_from))
    if filters.date_to is not None:
        conditions.append(question.published_at < _start_of(filters.date_to + timedelta(days=1)))
    return conditions


def resource_conditions(filters: Filters, resource=Resource) -> list:
    """What a resource must satisfy to be shown; "answered only" leaves resources out."""
    conditions = [resource.status == ResourceStatus.VETTED]
    if filters.answered_only:
        conditions.append(false())
    if filters.topic_id is not None:
        conditions.append(exists().where(resource_topics.c.resource_id == resource.id,
                                         resource_topics.c.topic_id == filters.topic_id))
    if filters.topic_kind is not None:
        conditions.append(exists().where(resource_topics.c.resource_id == resource.id,
                                         resource_topics.c.topic_id == Topic.id, Topic.kind == filters.topic_kind))
    if filters.date_from is not None:
        conditions.append(resource.vetted_at >= _start_of(filters.date_from))
    if filters.date_to is not None:
        conditions.append(resource.vetted_at < _start_of(filters.date_to + timedelta(days=1)))
    return conditions


@dataclass(frozen=True)
class RawHit:
    """What a back-end returns: the row's key (id * 4 + kind), its score and question id."""

    key: int
    score: float
    question_id: int | None

    @property
    def kind(self) -> int:
        return self.key % 4

    @property
    def ref_id(self) -> int:
        return self.key // 4


@dataclass
class SearchHit:
    kind: str
    title: str
    title_html: Markup
    snippet_html: Markup
    url: str
    meta: str
    answered: bool = False


@dataclass
class SearchPage:
    query: str
    terms: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    next_after: str | None = None
    total: int = 0  # every hit the pages hold, at most COUNT_CAP + 1 (shown as "more than COUNT_CAP")

    cap: int = COUNT_CAP

    @property
    def total_capped(self) -> bool:
        return self.total > self.cap


def encode_cursor(hit: RawHit) -> str:
    return f"{hit.score!r}_{hit.key}"


def decode_cursor(raw: str | None) -> tuple[float, int] | None:
    """A cursor from the query string; None if absent. ValueError if malformed."""
    if not raw:
        return None
    score, _, key = raw.partition("_")
    if len(raw) > 60:
        raise ValueError("bad cursor")
    row_key = parse_int(key, maximum=MAX_ID * 4 + 3)  # ids * 4 + kind (see sqlite.py)
    value = float(score)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("bad cursor")
    return value, row_key


def _backend():
    if db.session.get_bind().dialect.name == "postgresql":
        from forum.search import postgres as backend
    else:
        from forum.search import sqlite as backend
    return backend


def search(query: str | None, *, viewer, topic_id: int | None = None, topic_kind: str | None = None,
           answered_only: bool = False, date_from: date | None = None, date_to: date | None = None,
           after: str | None = None, limit: int = 20) -> SearchPage:
    """Ranked hits the viewer may see, best first, one keyset page at a time.

    `after` is the previous page's next_after; a malformed one raises ValueError.
    Five queries whatever the page size: the count, the ranked page, snippets, questions, resources.
    """
    terms = query_terms(query)
    page = SearchPage(query=query or "", terms=terms, cap=COUNT_CAP)
    if not terms:
        return page
    cursor = decode_cursor(after)
    filters = Filters(topic_id=topic_id, topic_kind=topic_kind, answered_only=answered_only,
                      date_from=date_from, date_to=date_to, viewer=viewer)
    backend = _backend()
    page.total = backend.count(terms, filters, COUNT_CAP + 1)
    raw_hits = backend.ranked(terms, filters, cursor, limit + 1)
    more = len(raw_hits) > limit
    raw_hits = raw_hits[:limit]
    if more:
        page.next_after = encode_cursor(raw_hits[-1])
    snippets = backend.snippets(terms, raw_hits)
    page.hits = _hits(raw_hits, snippets)
    return page


def _hits(raw_hits: list[RawHit], snippets: dict[int, tuple[str, str]]) -> list[SearchHit]:
    question_ids = {hit.question_id for hit in raw_hits if hit.question_id is not None}
    resource_ids = {hit.ref_id for hit in raw_hits if hit.kind == RESOURCE}
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids))
                                                     .options(joinedload(Question.primary_topic)))} if question_ids else {}
    resources = ({r.id: r for r in db.session.scalars(select(Resource).where(Resource.id.in_(resource_ids)))}
                 if resource_ids else {})
    hits = []
    for raw in raw_hits:
        title_marked, body_marked = snippets.get(raw.key, ("", ""))
        if raw.kind == RESOURCE:
            resource = resources.get(raw.ref_id)
            if resource is None:
                continue
            hits.append(SearchHit("resource", resource.title, marked_html(title_marked or resource.title),
                                  marked_html(body_marked), resource.url,
                                  f"Resource · {resource.publisher}"))
            continue
        question = questions.get(raw.question_id)
        if question is None:
            continue
        anchor = f"answer-{raw.ref_id}" if raw.kind == ANSWER else None
        url = url_for("questions.show", question_id=question.id, _anchor=anchor)
        if raw.kind == ANSWER:
            hits.append(SearchHit("answer", question.title, escape(question.title), marked_html(body_marked), url,
                                  f"Clinician answer · {question.primary_topic.name}", answered=True))
        else:
            hits.append(SearchHit("question", question.title, marked_html(title_marked or question.title),
                                  marked_html(body_marked), url, f"Question · {question.primary_topic.name}",
                                  answered=question.status == QuestionStatus.ANSWERED))
    return hits


@dataclass
class SimilarQuestion:
    question: Question
    answer_excerpt: str


def similar_questions(title: str | None, *, viewer, limit: int = 5) -> list[SimilarQuestion]:
    """Up to `limit` answered questions whose title or text shares words with `title`,
    with the first lines of their first clinician answer. Three queries."""
    terms = query_terms(title, drop_stop_words=True)
    if not terms:
        return []
    filters = Filters(answered_only=True, viewer=viewer)
    question_ids = _backend().similar_question_ids(terms, filters, limit)
    if not question_ids:
        return []
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids)))}
    answers: dict[int, Answer] = {}
    for answer in db.session.scalars(select(Answer).where(Answer.question_id.in_(question_ids),
                                                          Answer.status == AnswerStatus.PUBLISHED)
                                     .order_by(Answer.created_at.desc(), Answer.id.desc())):
        answers[answer.question_id] = answer  # the loop ends on the earliest answer
    return [SimilarQuestion(questions[qid], plain_excerpt(answers[qid].body_md, 240) if qid in answers else "")
            for qid in question_ids if qid in questions]


__all__ = ["COUNT_CAP", "SearchHit", "SearchPage", "SimilarQuestion", "marked_html", "query_terms", "search",
           "similar_questions"]
