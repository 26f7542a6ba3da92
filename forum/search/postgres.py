"""PostgreSQL back-end: websearch_to_tsquery against the generated search_vector columns.

Questions weigh the title as A and the body as B; answers are B; resources A (title) and
B (summary, publisher). Scores are negated ts_rank, so both back-ends page in ascending
(score, key) order. ts_headline runs only for the hits on the page.
"""
from sqlalchemy import Integer, and_, cast, func, literal, literal_column, or_, select, union_all
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION

from forum.extensions import db
from forum.models import Answer, Question, Resource
from forum.models.enums import AnswerStatus
from forum.search import ANSWER, MARK_CLOSE, MARK_OPEN, QUESTION, RESOURCE, Filters, RawHit, question_conditions, \
    resource_conditions

HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2, " \
           'FragmentDelimiter=" … "'
TITLE_HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"


def ts_query(terms: list[str], *, any_term: bool = False):
    """websearch_to_tsquery never fails to parse; the terms are plain words anyway."""
    words = [term for term in terms if term != "or"] if any_term else terms
    return func.websearch_to_tsquery("english", (" or " if any_term else " ").join(words))


def _vector(table: str):
    return literal_column(f"{table}.search_vector")


def _score(table: str, query):
    return (-cast(func.ts_rank(_vector(table), query), DOUBLE_PRECISION)).label("score")


def _union(terms: list[str], filters: Filters, *, any_term: bool = False, kinds=(QUESTION, ANSWER, RESOURCE)):
    query = ts_query(terms, any_term=any_term)
    questions = question_conditions(filters)
    parts = []
    if QUESTION in kinds:
        parts.append(select((Question.id * 4 + QUESTION).label("key"), _score("questions", query),
                            Question.id.label("question_id"))
                     .where(_vector("questions").op("@@")(query), *questions))
    if ANSWER in kinds:
        parts.append(select((Answer.id * 4 + ANSWER).label("key"), _score("answers", query),
                            Answer.question_id.label("question_id"))
                     .join(Question, Question.id == Answer.question_id)
                     .where(_vector("answers").op("@@")(query), Answer.status == AnswerStatus.PUBLISHED, *questions))
    if RESOURCE in kinds:
        parts.append(select((Resource.id * 4 + RESOURCE).label("key"), _score("resources", query),
                            cast(literal(None), Integer).label("question_id"))
                     .where(_vector("resources").op("@@")(query), *resource_conditions(filters)))
    return union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()


def ranked(terms: list[str], filters: Filters, cursor: tuple[float, int] | None, limit: int) -> list[RawHit]:
    page = _union(terms, filters)
    query = select(page.c.key, page.c.score, page.c.question_id)
    if cursor is not None:
        score, key = cursor
        query = query.where(or_(page.c.score > score, and_(page.c.score == score, page.c.key > key)))
    query = query.order_by(page.c.score, page.c.key).limit(limit)
    return [RawHit(row.key, row.score, row.question_id) for row in db.session.execute(query)]


def count(terms: list[str], filters: Filters, cap: int) -> int:
    """How many hits the pages hold, counting no further than `cap`."""
    hits = select(_union(terms, filters).c.key).limit(cap).subquery()
    return db.session.scalar(select(func.count()).select_from(hits))


def snippets(terms: list[str], hits: list[RawHit]) -> dict[int, tuple[str, str]]:
    """Marked title and body snippet for each hit on the page (one query)."""
    if not hits:
        return {}
    query = ts_query(terms, any_term=True)
    ids = {kind: [hit.ref_id for hit in hits if hit.kind == kind] for kind in (QUESTION, ANSWER, RESOURCE)}
    parts = union_all(
        select((Question.id * 4 + QUESTION).label("key"),
               func.ts_headline("english", Question.title, query, TITLE_HEADLINE),
               func.ts_headline("english", Question.body_md, query, HEADLINE))
        .where(Question.id.in_(ids[QUESTION])),
        select((Answer.id * 4 + ANSWER).label("key"), literal(""),
               func.ts_headline("english", Answer.body_md, query, HEADLINE))
        .where(Answer.id.in_(ids[ANSWER])),
        select((Resource.id * 4 + RESOURCE).label("key"),
               func.ts_headline("english", Resource.title, query, TITLE_HEADLINE),
               func.ts_headline("english", Resource.summary, query, HEADLINE))
        .where(Resource.id.in_(ids[RESOURCE])),
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(parts)}


def similar_question_ids(terms: list[str], filters: Filters, limit: int) -> list[int]:
    """Answered questions sharing any word with the terms, best first."""
    page = _union(terms, filters, any_term=True, kinds=(QUESTION,))
    return list(db.session.scalars(select(page.c.question_id).order_by(page.c.score, page.c.key).limit(limit)))
