"""SQLite FTS5 back-end: one MATCH over search_fts, joined back to the base tables.

The index's rowid is id * 4 + kind (1 question, 2 answer, 3 resource); bm25 weighs a
title match ten times a body match. Lower bm25 is better, so pages run in ascending
(score, rowid) order. Very common words rank only the newest CANDIDATES matches.
"""
from sqlalchemy import Integer, and_, case, column, func, literal_column, or_, select, table

from forum.extensions import db
from forum.models import Answer, Question, Resource
from forum.models.enums import AnswerStatus
from forum.search import ANSWER, MARK_CLOSE, MARK_OPEN, QUESTION, RESOURCE, Filters, RawHit, question_conditions, \
    resource_conditions

search_fts = table("search_fts", column("rowid", Integer), column("title"), column("body"))
_fts = literal_column("search_fts")
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
# bm25 costs grow with every match; a query matching more rows than this ranks only the
# newest CANDIDATES of them (rowids grow with ids), which keeps common words fast.
CANDIDATES = 1000
SNIPPET_TOKENS = 24


def match_expression(terms: list[str], *, any_term: bool = False) -> str:
    """An FTS5 query of quoted terms: every term (AND) or, for similar titles, any (OR).

    query_terms() already dropped quotes, so each term is a plain word inside "...".
    """
    quoted = [f'"{term}"' for term in terms]
    return (" OR " if any_term else " ").join(quoted)


def _ranked_select(terms: list[str], filters: Filters, *, any_term: bool = False, kinds=(QUESTION, ANSWER, RESOURCE)):
    kind = search_fts.c.rowid % 4
    ref_id = search_fts.c.rowid // 4
    score = func.bm25(_fts, TITLE_WEIGHT, BODY_WEIGHT).label("score")
    question_id = case((kind == QUESTION, ref_id), (kind == ANSWER, Answer.question_id)).label("question_id")
    questions = question_conditions(filters)
    shown = []
    if QUESTION in kinds:
        shown.append(and_(kind == QUESTION, *questions))
    if ANSWER in kinds:
        shown.append(and_(kind == ANSWER, Answer.status == AnswerStatus.PUBLISHED, *questions))
    if RESOURCE in kinds:
        shown.append(and_(kind == RESOURCE, *resource_conditions(filters)))
    match = match_expression(terms, any_term=any_term)
    newest = (select(search_fts.c.rowid).where(_fts.op("MATCH")(match))
              .order_by(search_fts.c.rowid.desc()).limit(1).offset(CANDIDATES - 1).scalar_subquery())
    return (
        select(search_fts.c.rowid.label("key"), score, question_id)
        .select_from(search_fts)
        .outerjoin(Answer, and_(kind == ANSWER, Answer.id == ref_id))
        .outerjoin(Question, Question.id == case((kind == QUESTION, ref_id), (kind == ANSWER, Answer.question_id)))
        .outerjoin(Resource, and_(kind == RESOURCE, Resource.id == ref_id))
        .where(_fts.op("MATCH")(match), search_fts.c.rowid >= func.coalesce(newest, 0), or_(*shown))
    )


def ranked(terms: list[str], filters: Filters, cursor: tuple[float, int] | None, limit: int) -> list[RawHit]:
    page = _ranked_select(terms, filters).subquery()
    query = select(page.c.key, page.c.score, page.c.question_id)
    if cursor is not None:
        score, key = cursor
        query = query.where(or_(page.c.score > score, and_(page.c.score == score, page.c.key > key)))
    query = query.order_by(page.c.score, page.c.key).limit(limit)
    return [RawHit(row.key, row.score, row.question_id) for row in db.session.execute(query)]


def count(terms: list[str], filters: Filters, cap: int) -> int:
    """How many hits the pages hold, counting no further than `cap`."""
    hits = _ranked_select(terms, filters).limit(cap).subquery()
    return db.session.scalar(select(func.count()).select_from(hits))


def snippets(terms: list[str], hits: list[RawHit]) -> dict[int, tuple[str, str]]:
    """Marked title and body snippet for each hit on the page (one query)."""
    if not hits:
        return {}
    query = (
        select(search_fts.c.rowid,
               func.highlight(_fts, 0, MARK_OPEN, MARK_CLOSE),
               func.snippet(_fts, 1, MARK_OPEN, MARK_CLOSE, "…", SNIPPET_TOKENS))
        .where(_fts.op("MATCH")(match_expression(terms, any_term=True)),
               search_fts.c.rowid.in_([hit.key for hit in hits]))
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(query)}


def similar_question_ids(terms: list[str], filters: Filters, limit: int) -> list[int]:
    """Answered questions sharing any word with the terms, best first."""
    page = _ranked_select(terms, filters, any_term=True, kinds=(QUESTION,)).subquery()
    query = select(page.c.question_id).order_by(page.c.score, page.c.key).limit(limit)
    return list(db.session.scalars(query))
