"""The audit helper: record_audit() appends a hash-chained entry in the caller's transaction.

Each entry's hash covers its own fields and the previous entry's hash, so editing or
deleting any row breaks the chain from there on; verify_audit_chain() finds the break.
"""
import hashlib
import json

from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry
from forum.models.base import utcnow

GENESIS_HASH = "0" * 64


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.created_at.isoformat(timespec="microseconds"),
            entry.actor_id,
            entry.actor_role,
            entry.action,
            entry.target_kind,
            entry.target_id,
            entry.from_status,
            entry.to_status,
            entry.reason,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain() -> None:
    """Serialise appends so two transactions cannot both extend the same tail."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(7071)"))


def record_audit(actor, action: str, target_kind: str, target_id: int | None = None, *,
                 from_status: str | None = None, to_status: str | None = None,
                 reason: str | None = None) -> AuditEntry:
    """Append an audit entry (flush only). `actor` may be None for system actions.

    Never pass post text in `reason`: the trail outlives redactions and deletions.
    """
    _lock_chain()
    tail = db.session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        created_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_role=actor.role if actor is not None else "system",
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        prev_hash=tail or GENESIS_HASH,
    )
    entry.entry_hash = _digest(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


def verify_audit_chain(batch_size: int = 1000) -> tuple[int, int | None]:
    """Walk the chain in id order. Returns (entries checked, id of first bad entry or None)."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch_size)
        ).all()
        if not rows:
            return checked, None
        for entry in rows:
            if entry.prev_hash != expected_prev or _digest(entry) != entry.entry_hash:
                return checked, entry.id
            expected_prev = entry.entry_hash
            checked += 1
            last_id = entry.id
        db.session.expire_all()
