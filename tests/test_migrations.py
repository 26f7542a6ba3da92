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
