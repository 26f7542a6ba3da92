"""Full-text search (SQLite FTS5 or PostgreSQL tsvector), subscriptions, digest settings,
"already answered?" deflections.

SQLite: one regular FTS5 table, search_fts(title, body), whose rowid encodes the row it
indexes (id * 4 + 1 question, + 2 answer, + 3 resource). AFTER INSERT/UPDATE/DELETE
triggers delete a row's entry and re-insert it only while the row is in a searchable
status, so publishing, hiding, redacting, editing and deleting keep it in step. Queries
still join back to the base tables for visibility and filters.

PostgreSQL: a generated, stored tsvector column `search_vector` on questions, answers
and resources with a GIN index. The models do not declare it (it exists on PostgreSQL
only); forum/schema_hooks.include_name leaves it out of the autogenerate comparison.

Revision ID: a05927a06e54
Revises: 99f1a422918c
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


revision = 'a05927a06e54'
down_revision = '99f1a422918c'
branch_labels = None
depends_on = None

# (table, rowid offset, kind of row, searchable condition, title expression, body expression)
SQLITE_SOURCES = (
    ("questions", 1, "{row}.status IN ('published', 'answered')", "{row}.title", "{row}.body_md"),
    ("answers", 2, "{row}.status = 'published'", "''", "{row}.body_md"),
    ("resources", 3, "{row}.status = 'vetted'", "{row}.title",
     "{row}.summary || ' ' || {row}.publisher"),
)
SQLITE_WATCHED = {"questions": "title, body_md, status", "answers": "body_md, status",
                  "resources": "title, summary, publisher, status"}

PG_VECTORS = {
    "questions": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                 "setweight(to_tsvector('english', coalesce(body_md, '')), 'B')",
    "answers": "setweight(to_tsvector('english', coalesce(body_md, '')), 'B')",
    "resources": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                 "setweight(to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(publisher, '')), 'B')",
}


def _create_tables():
    op.create_table(
        'subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('topic_id', sa.Integer(), nullable=True),
        sa.Column('question_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('(topic_id IS NULL) <> (question_id IS NULL)', name=op.f('ck_subscriptions_one_target')),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_subscriptions_question_id_questions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['topic_id'], ['topics.id'],
                                name=op.f('fk_subscriptions_topic_id_topics'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_subscriptions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
        sa.UniqueConstraint('user_id', 'question_id', name='uq_subscriptions_user_question'),
        sa.UniqueConstraint('user_id', 'topic_id', name='uq_subscriptions_user_topic'),
    )
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_subscriptions_question_id', ['question_id'], unique=False)
        batch_op.create_index('ix_subscriptions_topic_id', ['topic_id'], unique=False)

    op.create_table(
        'digest_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_digest_settings_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_settings')),
    )
    with op.batch_alter_table('digest_settings', schema=None) as batch_op:
        batch_op.create_index('ix_digest_settings_period', ['period', 'user_id'], unique=False)

    op.create_table(
        'ask_deflections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('shown_count', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_ask_deflections_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ask_deflections')),
    )
    with op.batch_alter_table('ask_deflections', schema=None) as batch_op:
        batch_op.create_index('ix_ask_deflections_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_deflections_user_id'), ['user_id'], unique=False)


def _sqlite_search():
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
               "title, body, tokenize = 'porter unicode61 remove_diacritics 2')")
    for table, offset, searchable, title, body in SQLITE_SOURCES:
        insert = ("INSERT INTO search_fts (rowid, title, body) SELECT new.id * 4 + {offset}, {title}, {body} "
                  "WHERE {searchable};").format(offset=offset, title=title.format(row="new"),
                                                body=body.format(row="new"),
                                                searchable=searchable.format(row="new"))
        delete = f"DELETE FROM search_fts WHERE rowid = old.id * 4 + {offset};"
        op.execute(f"CREATE TRIGGER search_fts_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER search_fts_{table}_update AFTER UPDATE OF {SQLITE_WATCHED[table]} "
                   f"ON {table} BEGIN {delete} {insert} END")
        op.execute(f"CREATE TRIGGER search_fts_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(f"INSERT INTO search_fts (rowid, title, body) SELECT id * 4 + {offset}, "
                   f"{title.format(row=table)}, {body.format(row=table)} FROM {table} "
                   f"WHERE {searchable.format(row=table)}")


def _postgres_search():
    for table, vector in PG_VECTORS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def upgrade():
    _create_tables()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_search()
    elif dialect == "postgresql":
        _postgres_search()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table, *_ in SQLITE_SOURCES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS search_fts_{table}_{event}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == "postgresql":
        for table in PG_VECTORS:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table('ask_deflections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ask_deflections_user_id'))
        batch_op.drop_index('ix_ask_deflections_created')
    op.drop_table('ask_deflections')
    with op.batch_alter_table('digest_settings', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_settings_period')
    op.drop_table('digest_settings')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_subscriptions_topic_id')
        batch_op.drop_index('ix_subscriptions_question_id')
    op.drop_table('subscriptions')
