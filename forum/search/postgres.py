"""PostgreSQL back-end: websearch_to_tsquery against the generated search_vector columns.

Questions weigh the title as A and the body as B; answers are B; resources A (title) and
B (summary, publisher); articles' live copies A (title) and B (summary, body). Scores are
negated ts_rank, so both back-ends page in ascending (score, key) order. Only the newest
CANDIDATES matches of each kind are ranked, and ts_headline runs only for the hits on the
page, over the first SNIPPET_CHARS of each body.
"""
from sqlalchemy import Integer, String, and_, cast, func, literal, literal_column, or_, select, union_all
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION

from forum.extensions import db
from forum.models import Answer, Article, Question, Resource
from forum.models.enums import AnswerStatus
from forum.search import ANSWER, ARTICLE, MARK_CLOSE, MARK_OPEN, QUESTION, RESOURCE, Filters, RawHit, \
    article_conditions, question_conditions, resource_conditions

HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2, " \
           'FragmentDelimiter=" … "'
TITLE_HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"
# As in sqlite.py: a query matching more rows than this ranks only the newest CANDIDATES of
# each kind. ts_headline reads at most SNIPPET_CHARS of a body (it parses all it is given).
CANDIDATES = 1000
SNIPPET_CHARS = 3000


def ts_query(terms: list[str], *, any_term: bool = False):
    """websearch_to_tsquery never fails to parse; the terms are plain words anyway.

    The words are rendered into the SQL (escaped by the dialect), not sent as a parameter:
    psycopg prepares a statement run five times, and PostgreSQL may then plan it once
    without its parameters, as if the tsquery matched a fixed share of rows; that generic
    plan took the ranked query at 100,000 questions from 8 ms to 340 ms. With the words in
    the text, each search is planned for its own words (a repeated one is still prepared)."""
    words = [term for term in terms if term != "or"] if any_term else terms
    return func.websearch_to_tsquery("english", literal((" or " if any_term else " ").join(words), String,
                                                        literal_execute=True))


def _vector(table: str):
    return literal_column(f"{table}.search_vector")


def _ranked_part(kind: int, matches, id_column, question_id, query):
    """ts_rank over the newest CANDIDATES rows of `matches` (a select already filtered by
    the match and the visibility rules): ranking reads every matching row's tsvector, so a
    common word would otherwise rank tens of thousands of rows for a page of twenty."""
    newest = (matches.add_columns(id_column.label("id"), question_id.label("question_id"))
              .order_by(id_column.desc()).limit(literal_column(str(CANDIDATES))).subquery())
    return select((newest.c.id * 4 + kind).label("key"),
                  (-cast(func.ts_rank(newest.c.search_vector, query), DOUBLE_PRECISION)).label("score"),
                  newest.c.question_id)


def _matches(table: str, query, *conditions):
    return select(_vector(table).label("search_vector")).where(_vector(table).op("@@")(query), *conditions)


def _union(terms: list[str], filters: Filters, *, any_term: bool = False,
           kinds=(QUESTION, ANSWER, RESOURCE, ARTICLE)):
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
    if ARTICLE in kinds:
        parts.append(_ranked_part(ARTICLE, _matches("articles", query, *article_conditions(filters))
                                  .select_from(Article), Article.id, cast(literal(None), Integer), query))
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
    hits = select(_union(terms, filters).c.key).limit(literal_column(str(int(cap)))).subquery()  # see ts_query
    return db.session.scalar(select(func.count()).select_from(hits))


def snippets(terms: list[str], hits: list[RawHit]) -> dict[int, tuple[str, str]]:
    """Marked title and body snippet for each hit on the page (one query)."""
    if not hits:
        return {}
    query = ts_query(terms, any_term=True)
    ids = {kind: [hit.ref_id for hit in hits if hit.kind == kind] for kind in (QUESTION, ANSWER, RESOURCE, ARTICLE)}
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
        select((Article.id * 4 + ARTICLE).label("key"),
               func.ts_headline("english", Article.live_title, query, TITLE_HEADLINE),
               func.ts_headline("english", func.left(Article.live_summary + " " + Article.live_body_md, SNIPPET_CHARS),
                                query, HEADLINE))
        .where(Article.id.in_(ids[ARTICLE])),
    )
    return {row[0]: (row[1], row[2]) for row in db.session.execute(parts)}


def similar_ids(terms: list[str], filters: Filters, limit: int, *, kind: int) -> list[int]:
    """Ids of rows of one kind (answered questions, articles) sharing any word with the terms, best first."""
    page = _union(terms, filters, any_term=True, kinds=(kind,))
    return [key // 4 for key in db.session.scalars(select(page.c.key).order_by(page.c.score, page.c.key).limit(limit))]
