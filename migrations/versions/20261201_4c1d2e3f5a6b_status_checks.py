"""CHECK constraints on every status, role, kind, visibility and crisis-level column.

Each column accepts only its enum's values (forum/models/enums.py). The values are
written out here, as a migration must not import the app.

SQLite cannot add a constraint to a table, so batch mode rebuilds each table. Three things
a rebuild would otherwise break are handled here: foreign keys are switched off while the
old tables are dropped (a DROP with them on would cascade-delete every reply, topic link
and review item), the search_fts triggers on questions, answers and resources (dropped
with their table) are re-created from their saved SQL, and the queue's mixed ASC/DESC
index is re-created by hand (reflection would lose its DESC).

Revision ID: 4c1d2e3f5a6b
Revises: b7d2e6f0a913
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '4c1d2e3f5a6b'
down_revision = 'b7d2e6f0a913'
branch_labels = None
depends_on = None

CRISIS_LEVELS = ("none", "concern", "emergency")
VISIBILITIES = ("public", "members")
CHECKS = {
    "users": {"role": ("member", "caregiver", "clinician", "staff", "admin"),
              "status": ("active", "suspended", "banned", "deleted")},
    "topics": {"kind": ("condition", "procedure")},
    "outbox_emails": {"status": ("queued", "sent", "failed")},
    "questions": {"status": ("pending", "returned", "published", "answered", "rejected", "withdrawn", "hidden"),
                  "visibility": VISIBILITIES, "asking_for": ("self", "someone_else"),
                  "crisis_level": CRISIS_LEVELS},
    "question_topics": {"listing": ("answered", "unanswered"), "visibility": VISIBILITIES},
    "replies": {"status": ("pending", "published", "hidden"), "crisis_level": CRISIS_LEVELS},
    "answers": {"status": ("pending_signoff", "published", "retired")},
    "resources": {"status": ("proposed", "vetted", "retired")},
    "review_items": {"kind": ("question", "resubmission", "reply", "flag", "signoff", "escalation"),
                     "status": ("open", "done"), "crisis_level": CRISIS_LEVELS},
}
QUEUE_ORDER_INDEX = "CREATE INDEX ix_review_items_queue_order ON review_items (status, urgent DESC, created_at, id)"


def _condition(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _sqlite_foreign_keys(on: bool):
    """PRAGMA foreign_keys is ignored inside a transaction, so end the open one first
    (SQLite migrations are not transactional DDL: earlier steps are already final)."""
    driver_connection = op.get_bind().connection.driver_connection
    if driver_connection.in_transaction:
        driver_connection.commit()
    driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _rebuild(change):
    """Run `change(table, batch_op)` on every table; on SQLite keep data, triggers and indexes whole."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(False)
        op.execute("DROP INDEX IF EXISTS ix_review_items_queue_order")
    triggers = {}
    for table, columns in CHECKS.items():
        if sqlite:
            triggers[table] = bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)).scalars().all()
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                change(table, batch_op, column, values)
        for statement in triggers.get(table, ()):
            op.execute(statement)
    if sqlite:
        op.execute(QUEUE_ORDER_INDEX)
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"foreign keys broken by the table rebuild: {broken[:5]}")
        _sqlite_foreign_keys(True)


def upgrade():
    def add(table, batch_op, column, values):
        batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), sa.text(_condition(column, values)))

    _rebuild(add)


def downgrade():
    def drop(table, batch_op, column, values):
        batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")

    _rebuild(drop)
