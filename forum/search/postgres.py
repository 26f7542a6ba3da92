"""PostgreSQL back-end: websearch_to_tsquery against the generated search_vector columns.

Questions weigh the title as A and the body as B; answers are B; resources A (title) and
B (summary, publisher). Scores are negated ts_rank, so both back-ends page in ascending
(score, key) order. Only the newest CANDIDATES matches of each kind are ranked, and
ts_headline runs only for the hits on the page, over the first SNIPPET_CHARS of each body.
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
# As in sqlite.py: a query matching more rows than this ranks only the newest CANDIDATES of
# each kind. ts_headline reads at most SNIPPET_CHARS of a body (it parses all it is given).
CANDIDATES = 1000
SNIPPET_CHARS = 3000


def ts_query(terms: list[str], *, any_term: bool = False):
    """websearch_to_tsquery never fails to parse; the terms are plain words anyway."""
    words = [term for term in terms if term != "or"] if any_term else terms
    return func.websearch_to_tsquery("english", (" or " if any_term else " ").join(words))


def _vector(table: str):
    return literal_column(f"{table}.search_vector")


def _ranked_part(kind: int, matches, id_column, question_id, query):
    """ts_rank over the newest CANDIDATES rows of `matches` (a select already filtered by
    the match and the visibility rules): ranking reads every matching row's tsvector, so a
    common word would otherwise rank tens of thousands of rows for a page of twenty."""
    newest = (matches.add_columns(id_column.label("id"), question_id.label("question_id"))
              .order_by(id_column.desc()).limit(CANDIDATES).subquery())
    return select((newest.c.id * 4 + kind).label("key"),
                  (-cast(func.ts_rank(newest.c.search_vector, query), DOUBLE_PRECISION)).label("score"),
                  newest.c.question_id)


def _matches(table: str, query, *conditions):
    return select(_vector(table).label("search_vector")).where(_vector(table).op("@@")(query), *conditions)


def _union(terms: list[str], filters: Filters, *, any_term: bool = False, kinds=(QUESTION, ANSWER, RESOURCE)):
    query = ts_query(terms, any_term=any_term)
    questions = question_conditions(filters)
    parts = []
    if QUESTION in kinds:
        parts.append(_ranked_part(QUESTION, _matches("questions", query, *questions).select_from(Question),
                                  Question.id, Question.id, query))
    if ANSWER in kinds:
        matches = (_matches("answers", query, Answer.status == AnswerStatus.PUBLISHED, *questions)
                   .select_from(Answer).join(Question, Question.id == Answer.question_id))
        parts.append(_ranked_part(ANSWER, matches, Answer.id, Answer.question_id, query))
    if RESOURCE in kinds:
        parts.append(_ranked_part(RESOURCE, _matches("resources", query, *resource_conditions(filters))
                                  .select_from(Resource), Resource.id, cast(literal(None), Integer), query))
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
               func.ts_headline("english", func.left(Question.body_md, SNIPPET_CHARS), query, HEADLINE))
        .where(Question.id.in_(ids[QUESTION])),
        select((Answer.id * 4 + ANSWER).label("key"), literal(""),
               func.ts_headline("english", func.left(Answer.body_md, SNIPPET_CHARS), query, HEADLINE))
        .where(Answer.id.in_(ids[ANSWER])),
        select((Resource.id * 4 + RESOURCE).label("key"),
               func.ts_headline("english", Resource.title, query, TITLE_HEADLINE),
               func.ts_headline("english", func.left(Resource.summary, SNIPPET_CHARS), query, HEADLINE))
        .where(Resource.id.in_(ids[RESOURCE])),
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(parts)}


def similar_question_ids(terms: list[str], filters: Filters, limit: int) -> list[int]:
    """Answered questions sharing any word with the terms, best first."""
    page = _union(terms, filters, any_term=True, kinds=(QUESTION,))
    return list(db.session.scalars(select(page.c.question_id).order_by(page.c.score, page.c.key).limit(limit)))
