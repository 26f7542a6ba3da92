"""The migrations are the schema: they must build it from nothing and match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app

import forum.models  # noqa: F401
import moderation.models  # noqa: F401
from forum.extensions import db as _db
from forum.platform.schema_hooks import include_name


def test_upgraded_database_matches_the_models(app, db):
    migrate_config = current_app.extensions["migrate"].configure_args
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": migrate_config["compare_type"],
            "include_name": include_name,
        })
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_audit_trail_is_append_only_in_the_database(app, db):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    from forum.services.audit import record_audit

    record_audit(None, "test.action", "nothing", 1)
    db.session.commit()
    for statement in ("UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries"):
        try:
            db.session.execute(text(statement))
            db.session.commit()
        except DatabaseError as error:
            db.session.rollback()
            assert "append-only" in str(error)
        else:
            raise AssertionError(f"{statement} was allowed")


def _add_later_columns() -> list[tuple[str, str]]:
    """Add (nullable, unconstrained) the model columns missing from the database's tables."""
    from sqlalchemy import inspect, text

    inspector = inspect(_db.engine)
    added = []
    for table in _db.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                _db.session.execute(text(
                    f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type.compile(_db.engine.dialect)}"))
                added.append((table.name, column.name))
    _db.session.commit()
    return added


def test_check_constraints_migration_keeps_data_search_triggers_and_the_queue_index(tmp_path):
    """SQLite rebuilds every table to add the CHECKs: nothing may be lost or cascade away."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from forum import create_app
    from tests import factories
    from tests.conftest import BASE_CONFIG, _postgres_url

    if _postgres_url():
        import pytest
        pytest.skip("the rebuild is SQLite's; on PostgreSQL the constraints are added in place")
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    counted = ("questions", "question_topics", "replies", "search_fts")
    with app.app_context():
        upgrade(revision="b7d2e6f0a913")
        # The factories write today's models: columns added by later revisions exist only
        # while seeding, so the data is what the old schema held.
        added = _add_later_columns()
        factories.seed_basics()
        question = factories.make_question(status="answered", title="Swelling after knee surgery")
        factories.make_reply(question)
        factories.make_reply(question, status="pending")
        _db.session.commit()
        for table, column in added:
            _db.session.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        _db.session.commit()
        before = {table: _db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in counted}
        _db.session.remove()
        upgrade()
        after = {table: _db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in counted}
        assert after == before and before["replies"] == 2 and before["search_fts"] == 1
        indexes = _db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'ix_review_items_queue_order'"))
        assert "urgent DESC" in indexes
        _db.session.execute(text("UPDATE questions SET title = 'Stiffness after knee surgery'"))
        assert _db.session.scalar(text("SELECT title FROM search_fts")) == "Stiffness after knee surgery"
        try:
            _db.session.execute(text("UPDATE questions SET status = 'approved'"))
        except IntegrityError as error:
            assert "ck_questions_status" in str(error)
        else:
            raise AssertionError("a status outside the enum was stored")
        _db.session.rollback()
        downgrade(revision="b7d2e6f0a913")
        assert _db.session.scalar(text("SELECT count(*) FROM replies")) == 2
        _db.session.remove()
        _db.engine.dispose()
