"""Search over articles: the live copy of each published article joins the full-text index.

SQLite: rows in search_fts with rowid id * 4 + 0 (kind 0 is articles; questions, answers
and resources keep 1, 2, 3), kept by triggers on articles as migration a05927a06e54 does
for the other tables. PostgreSQL: a generated search_vector column on articles (live
title as A, live summary and body as B) with a GIN index. Drafts and edits under review
are never indexed: only the live_* columns of a live article are.

Revision ID: d41c7a9e2b15
Revises: 8b3e5d1f7a24
Create Date: 2026-12-02

"""
from alembic import op


revision = 'd41c7a9e2b15'
down_revision = '8b3e5d1f7a24'
branch_labels = None
depends_on = None

SEARCHABLE = "{row}.live = 1 AND {row}.published_at IS NOT NULL"
TITLE = "{row}.live_title"
BODY = "coalesce({row}.live_summary, '') || ' ' || coalesce({row}.live_body_md, '')"
WATCHED = "live, published_at, live_title, live_summary, live_body_md"
PG_VECTOR = ("setweight(to_tsvector('english', coalesce(live_title, '')), 'A') || "
             "setweight(to_tsvector('english', coalesce(live_summary, '') || ' ' || coalesce(live_body_md, '')), 'B')")


def _sqlite_upgrade():
    insert = ("INSERT INTO search_fts (rowid, title, body) SELECT new.id * 4, {title}, {body} WHERE {searchable};"
              .format(title=TITLE.format(row="new"), body=BODY.format(row="new"),
                      searchable=SEARCHABLE.format(row="new")))
    delete = "DELETE FROM search_fts WHERE rowid = old.id * 4;"
    op.execute(f"CREATE TRIGGER search_fts_articles_insert AFTER INSERT ON articles BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER search_fts_articles_update AFTER UPDATE OF {WATCHED} ON articles "
               f"BEGIN {delete} {insert} END")
    op.execute(f"CREATE TRIGGER search_fts_articles_delete AFTER DELETE ON articles BEGIN {delete} END")
    op.execute(f"INSERT INTO search_fts (rowid, title, body) SELECT id * 4, {TITLE.format(row='articles')}, "
               f"{BODY.format(row='articles')} FROM articles WHERE {SEARCHABLE.format(row='articles')}")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    elif dialect == "postgresql":
        op.execute(f"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED")
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_fts_articles_{event}")
        op.execute("DELETE FROM search_fts WHERE rowid % 4 = 0")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
