"""Issue 23 item 5: the keyed audit chain and signed checkpoints detect truncation and recomputation."""
import hashlib
import json

import sqlalchemy as sa
from sqlalchemy import select

from forum.models import AuditEntry
from forum.models.audit import HashScheme
from forum.models.base import utcnow
from forum.services.audit import GENESIS_HASH, record_audit, verify_audit_chain
from tests.factories import make_user


def _entries(db, count=6):
    staff = make_user("staff")
    for n in range(count):
        record_audit(staff, "question.publish", "question", n + 1, from_status="pending", to_status="published")
    db.session.commit()


def _unguarded(db, *statements):
    """Run raw SQL with the append-only triggers out of the way, as an attacker with database access would."""
    db.session.commit()
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as connection:
        if postgres:
            connection.execute(sa.text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"))
        else:
            connection.execute(sa.text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
            connection.execute(sa.text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
        for statement, params in statements:
            connection.execute(sa.text(statement), params)
        if postgres:
            connection.execute(sa.text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change"))
    db.session.expire_all()


def _sha256(row, prev_hash):
    payload = json.dumps([prev_hash, row.created_at.isoformat(timespec="microseconds"), row.actor_id, row.actor_role,
                          row.action, row.target_kind, row.target_id, row.from_status, row.to_status, row.reason],
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _recompute_unkeyed(db, from_id, reason):
    """Rewrite entry `from_id` and recompute every later hash the way the old, unkeyed chain allowed."""
    rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    statements, prev = [], GENESIS_HASH
    for row in rows:
        if row.id == from_id:
            row.reason = reason
        if row.id >= from_id:
            new_hash = _sha256(row, prev)
            statements.append(("UPDATE audit_entries SET reason = :reason, prev_hash = :prev, entry_hash = :hash, "
                               "hash_scheme = 1 WHERE id = :id",
                               {"reason": row.reason, "prev": prev, "hash": new_hash, "id": row.id}))
            prev = new_hash
        else:
            prev = row.entry_hash
    db.session.expire_all()
    _unguarded(db, *statements)


def _checkpoint(app):
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def _verify(app, *args):
    return app.test_cli_runner().invoke(args=["audit", "verify", *args])


def test_new_entries_are_keyed_and_verify(app, db):
    _entries(db)
    assert {entry.hash_scheme for entry in db.session.scalars(select(AuditEntry))} == {HashScheme.HMAC_SHA256}
    assert verify_audit_chain().ok


def test_recomputing_the_chain_without_the_key_is_detected(app, db):
    _entries(db)
    target = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[2]
    _recompute_unkeyed(db, target, "nothing to see")
    result = _verify(app)
    assert result.exit_code == 1 and f"BROKEN at entry {target}" in result.output


def test_a_different_key_does_not_verify(app, db):
    _entries(db)
    app.config["AUDIT_KEY"] = "another-key-entirely"
    assert not verify_audit_chain().ok


def test_truncation_is_detected_by_a_checkpoint_file_a_line_and_a_hash(app, db, tmp_path):
    _entries(db)
    line = _checkpoint(app)
    assert line.startswith("rounds-audit-checkpoint v1 count=") and " sig=" in line
    head = line.split("head=")[1].split()[0]
    saved = tmp_path / "checkpoint-email.txt"
    saved.write_text(f"Subject: audit checkpoint\n\n{line}\n")
    assert _verify(app, "--checkpoint", str(saved)).exit_code == 0
    newest = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(2)).all()
    _unguarded(db, ("DELETE FROM audit_entries WHERE id IN (:a, :b)", {"a": newest[0], "b": newest[1]}),
               ("DELETE FROM audit_checkpoints", {}))
    assert _verify(app).exit_code == 0, "without a checkpoint a truncated keyed chain still looks whole"
    for given in (str(saved), line, head):
        result = _verify(app, "--checkpoint", given)
        assert result.exit_code == 1 and ("truncated" in result.output), result.output


def test_the_stored_checkpoint_catches_truncation_and_a_full_unkeyed_rewrite(app, db):
    _entries(db)
    _checkpoint(app)
    record_audit(None, "system.note", "user", 1)
    db.session.commit()
    assert _verify(app).exit_code == 0
    first = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).first()
    _recompute_unkeyed(db, first, "rewritten")  # every entry plain SHA-256 again: the chain itself is "valid"
    result = _verify(app)
    assert result.exit_code == 1 and "checkpoint" in result.output


def test_a_forged_checkpoint_line_is_refused(app, db):
    _entries(db)
    line = _checkpoint(app)
    forged = line.replace("count=", "count=1", 1)
    result = _verify(app, "--checkpoint", forged)
    assert result.exit_code == 1 and "bad signature" in result.output


def test_entries_from_before_the_migration_still_verify(app, db):
    """Rows written by the old code (plain SHA-256, no hash_scheme: the server default 1)
    stay valid, and keyed entries follow them."""
    staff = make_user("staff")
    _unguarded(db, ("DELETE FROM audit_entries", {}))  # a trail that is all from before the migration
    prev = GENESIS_HASH
    table = AuditEntry.__table__
    with db.engine.begin() as connection:
        for n in range(3):
            row = AuditEntry(created_at=utcnow(), actor_id=staff.id, actor_role="staff", action="question.publish",
                             target_kind="question", target_id=n, from_status=None, to_status=None, reason=None)
            entry_hash = _sha256(row, prev)
            connection.execute(table.insert().values(
                created_at=row.created_at, actor_id=staff.id, actor_role="staff", action="question.publish",
                target_kind="question", target_id=n, prev_hash=prev, entry_hash=entry_hash))
            prev = entry_hash
    db.session.expire_all()
    legacy = db.session.scalars(select(AuditEntry)).all()
    assert len(legacy) == 3 and {entry.hash_scheme for entry in legacy} == {HashScheme.SHA256}
    assert verify_audit_chain().ok, verify_audit_chain().summary()
    record_audit(staff, "question.publish", "question", 9)
    db.session.commit()
    assert verify_audit_chain().ok
    assert db.session.scalars(select(AuditEntry.hash_scheme).order_by(AuditEntry.id.desc())).first() == 2
