"""Clinicians' articles: the articles, their topics, resources, old slugs and daily view
counts, and review items about an article (question_id becomes optional, article_id and
the two article kinds are added to review_items).

On SQLite the review_items change rebuilds that table: foreign keys are switched off
while the old table is dropped (nothing references it, but the rebuild must not cascade),
and the queue's mixed ASC/DESC index is re-created by hand (reflection would lose its DESC).

Revision ID: 06f7a2e2605f
Revises: 4c1d2e3f5a6b
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '06f7a2e2605f'
down_revision = '4c1d2e3f5a6b'
branch_labels = None
depends_on = None

OLD_KINDS = ("question", "resubmission", "reply", "flag", "signoff", "escalation")
NEW_KINDS = OLD_KINDS + ("article_signoff", "article_approval")
QUEUE_ORDER_INDEX = "CREATE INDEX ix_review_items_queue_order ON review_items (status, urgent DESC, created_at, id)"


def _kinds(values):
    return sa.text(f"kind IN ({', '.join(repr(value) for value in values)})")


def _sqlite_foreign_keys(on: bool):
    """PRAGMA foreign_keys is ignored inside a transaction, so end the open one first."""
    driver_connection = op.get_bind().connection.driver_connection
    if driver_connection.in_transaction:
        driver_connection.commit()
    driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _rebuild_review_items(change):
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(False)
        op.execute("DROP INDEX IF EXISTS ix_review_items_queue_order")
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        change(batch_op)
    if sqlite:
        op.execute(QUEUE_ORDER_INDEX)
        _sqlite_foreign_keys(True)


def upgrade():
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('primary_topic_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('media_kind', sa.String(length=16), nullable=True),
    sa.Column('media_url', sa.String(length=500), nullable=True),
    sa.Column('media_transcript', sa.Text(), nullable=True),
    sa.Column('conflicts', sa.Text(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=True),
    sa.Column('live_kind', sa.String(length=16), nullable=True),
    sa.Column('live_title', sa.String(length=200), nullable=True),
    sa.Column('live_summary', sa.String(length=500), nullable=True),
    sa.Column('live_body_md', sa.Text(), nullable=True),
    sa.Column('live_body_html', sa.Text(), nullable=True),
    sa.Column('live_media_kind', sa.String(length=16), nullable=True),
    sa.Column('live_media_url', sa.String(length=500), nullable=True),
    sa.Column('live_media_transcript', sa.Text(), nullable=True),
    sa.Column('live_conflicts', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('first_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('explainer', 'what_to_expect', 'recovery_guide', 'myth_buster', 'event_recap')", name=op.f('ck_articles_kind')),
    sa.CheckConstraint("live_media_kind IN ('video', 'podcast')", name=op.f('ck_articles_live_media_kind')),
    sa.CheckConstraint("media_kind IN ('video', 'podcast')", name=op.f('ck_articles_media_kind')),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'signed_off', 'returned', 'published')", name=op.f('ck_articles_status')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_articles_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_articles_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['primary_topic_id'], ['topics.id'], name=op.f('fk_articles_primary_topic_id_topics')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_articles_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['users.id'], name=op.f('fk_articles_signed_off_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_slug'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_author_live', ['author_id', 'live', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_articles_live_published', ['live', 'published_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_primary_topic_id'), ['primary_topic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_review_due_at'), ['review_due_at'], unique=False)
        batch_op.create_index('ix_articles_status_updated', ['status', 'updated_at', 'id'], unique=False)

    op.create_table('article_resources',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_resources_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_article_resources_resource_id_resources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'resource_id', name=op.f('pk_article_resources'))
    )
    with op.batch_alter_table('article_resources', schema=None) as batch_op:
        batch_op.create_index('ix_article_resources_resource_id', ['resource_id'], unique=False)

    op.create_table('article_slugs',
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_slugs_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_article_slugs'))
    )
    with op.batch_alter_table('article_slugs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_slugs_article_id'), ['article_id'], unique=False)

    op.create_table('article_topics',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_topics_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_article_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'topic_id', name=op.f('pk_article_topics'))
    )
    with op.batch_alter_table('article_topics', schema=None) as batch_op:
        batch_op.create_index('ix_article_topics_topic_id', ['topic_id', 'article_id'], unique=False)

    op.create_table('article_view_days',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_view_days_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'day', name=op.f('pk_article_view_days'))
    )
    def change(batch_op):
        batch_op.add_column(sa.Column('article_id', sa.Integer(), nullable=True))
        batch_op.alter_column('question_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index('ix_review_items_article', ['article_id', 'status'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_review_items_article_id_articles'), 'articles', ['article_id'],
                                    ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_review_items_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_review_items_kind'), _kinds(NEW_KINDS))

    _rebuild_review_items(change)


def downgrade():
    review_items = sa.table('review_items', sa.column('article_id', sa.Integer))
    op.execute(review_items.delete().where(review_items.c.article_id.is_not(None)))

    def change(batch_op):
        batch_op.drop_constraint(batch_op.f('ck_review_items_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_review_items_kind'), _kinds(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_review_items_article_id_articles'), type_='foreignkey')
        batch_op.drop_index('ix_review_items_article')
        batch_op.alter_column('question_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('article_id')

    _rebuild_review_items(change)

    op.drop_table('article_view_days')
    with op.batch_alter_table('article_topics', schema=None) as batch_op:
        batch_op.drop_index('ix_article_topics_topic_id')

    op.drop_table('article_topics')
    with op.batch_alter_table('article_slugs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_slugs_article_id'))

    op.drop_table('article_slugs')
    with op.batch_alter_table('article_resources', schema=None) as batch_op:
        batch_op.drop_index('ix_article_resources_resource_id')

    op.drop_table('article_resources')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_status_updated')
        batch_op.drop_index(batch_op.f('ix_articles_review_due_at'))
        batch_op.drop_index(batch_op.f('ix_articles_primary_topic_id'))
        batch_op.drop_index('ix_articles_live_published')
        batch_op.drop_index('ix_articles_author_live')

    op.drop_table('articles')
