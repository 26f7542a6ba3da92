"""The audit helper: record_audit() appends a keyed, hash-chained entry in the caller's transaction.

Each entry's hash covers its own fields and the previous entry's hash, so editing or
deleting any row breaks the chain from there on; verify_audit_chain() finds the break.
The hash is an HMAC-SHA256 under the audit key (AUDIT_KEY, else a key derived from
SECRET_KEY), which is not in the database: someone who can write to the database but
does not hold the key cannot rewrite an entry and recompute the chain after it.

What a keyed chain cannot show by itself is truncation: deleting the newest entries
leaves a shorter chain that is still valid. Checkpoints close that gap:
`flask audit checkpoint` prints a signed line naming the head hash and the number of
entries, stores it, and is meant to be sent off the host (emailed to the compliance
address from cron). `flask audit verify --checkpoint FILE|LINE|HASH` then checks that the
chain still reaches that head: a truncated or rewritten chain does not.

Entries written before the chain was keyed (hash_scheme 1, plain SHA-256) verify as they
are; none may follow a keyed one, and the first keyed entry's HMAC covers their tail hash,
so they cannot be rewritten either without the key or without breaking a checkpoint.
"""
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditCheckpoint, AuditEntry
from forum.models.audit import HashScheme
from forum.models.base import utcnow
from forum.platform.database import take_write_lock

GENESIS_HASH = "0" * 64
CHECKPOINT_PREFIX = "rounds-audit-checkpoint"
_CHECKPOINT = re.compile(
    rf"{CHECKPOINT_PREFIX} v1 count=(?P<count>[0-9]+) last_id=(?P<last_id>[0-9]+|none) "
    r"head=(?P<head>[0-9a-f]{64}) at=(?P<at>\S+) sig=(?P<sig>[0-9a-f]{64})")
_BARE_HASH = re.compile(r"[0-9a-f]{64}")


def audit_key() -> bytes:
    """AUDIT_KEY, or a key derived from SECRET_KEY with a fixed label (so it is not the
    session-signing key itself). Changing either makes the existing chain fail to verify."""
    configured = current_app.config.get("AUDIT_KEY")
    if configured:
        return configured.encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"rounds audit chain v1", hashlib.sha256).digest()


def _payload(entry: AuditEntry) -> bytes:
    return json.dumps(
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
    ).encode()


def _digest(entry: AuditEntry, key: bytes) -> str | None:
    if entry.hash_scheme == HashScheme.HMAC_SHA256:
        return hmac.new(key, _payload(entry), hashlib.sha256).hexdigest()
    if entry.hash_scheme == HashScheme.SHA256:
        return hashlib.sha256(_payload(entry)).hexdigest()
    return None


def _lock_chain() -> None:
    """Serialise appends so two transactions cannot both extend the same tail."""
    # A request's reads may run without the write lock (SQLite) or a transaction (PostgreSQL).
    take_write_lock(db.session.connection())
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
        hash_scheme=HashScheme.HMAC_SHA256,
    )
    entry.entry_hash = _digest(entry, audit_key())
    db.session.add(entry)
    db.session.flush()
    return entry


@dataclass
class Checkpoint:
    """The chain's head at one moment: `count` entries, the last one `last_id` with hash `head`."""

    count: int
    last_id: int | None
    head: str
    at: str
    signature: str = ""

    def _message(self) -> bytes:
        return f"{self.count}:{self.last_id}:{self.head}:{self.at}".encode()

    def sign(self, key: bytes) -> "Checkpoint":
        self.signature = hmac.new(key, self._message(), hashlib.sha256).hexdigest()
        return self

    def signature_ok(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signature, hmac.new(key, self._message(), hashlib.sha256).hexdigest())

    def line(self) -> str:
        last_id = "none" if self.last_id is None else self.last_id
        return (f"{CHECKPOINT_PREFIX} v1 count={self.count} last_id={last_id} head={self.head} "
                f"at={self.at} sig={self.signature}")


def parse_checkpoints(text: str) -> list[Checkpoint | str]:
    """Checkpoint lines (and bare 64-hex head hashes) found in `text`, e.g. a saved email."""
    found: list[Checkpoint | str] = []
    for match in _CHECKPOINT.finditer(text):
        last_id = None if match["last_id"] == "none" else int(match["last_id"])
        found.append(Checkpoint(int(match["count"]), last_id, match["head"], match["at"], match["sig"]))
    if not found:
        found.extend(_BARE_HASH.findall(text.lower()))
    return found


def create_checkpoint() -> Checkpoint:
    """Verify the chain, then sign and store its head. Raises ValueError if the chain is broken.
    Flush only; the CLI commits."""
    report = verify_audit_chain()
    if not report.ok:
        raise ValueError(report.summary())
    checkpoint = Checkpoint(report.checked, report.last_id, report.head,
                            utcnow().isoformat(timespec="seconds")).sign(audit_key())
    db.session.add(AuditCheckpoint(entry_count=checkpoint.count, last_entry_id=checkpoint.last_id,
                                   head_hash=checkpoint.head, signature=checkpoint.signature,
                                   created_at=datetime.fromisoformat(checkpoint.at)))
    db.session.flush()
    return checkpoint


def _stored_checkpoints() -> list[Checkpoint]:
    return [Checkpoint(row.entry_count, row.last_entry_id, row.head_hash,
                       row.created_at.isoformat(timespec="seconds"), row.signature)
            for row in db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id))]


@dataclass
class AuditReport:
    checked: int = 0
    bad_id: int | None = None
    last_id: int | None = None
    head: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.bad_id is None and not self.problems

    def summary(self) -> str:
        if self.bad_id is not None:
            return f"Audit chain BROKEN at entry {self.bad_id} ({self.checked} entries before it are OK)."
        if self.problems:
            return "Audit chain does not match its checkpoints: " + "; ".join(self.problems)
        return f"Audit chain OK: {self.checked} entries checked."


def verify_audit_chain(checkpoints=(), *, include_stored: bool = True, batch_size: int = 1000) -> AuditReport:
    """Walk the chain in id order, checking every hash and link, and that the chain reaches
    each checkpoint's head at its position (`count`). `checkpoints` are Checkpoint objects
    or bare head hashes (which must be in the chain somewhere). Stored checkpoints are
    checked too unless include_stored=False. A checkpoint with a bad signature is a problem."""
    key = audit_key()
    wanted: list[Checkpoint | str] = list(checkpoints)
    if include_stored:
        wanted.extend(_stored_checkpoints())
    by_count: dict[int, list[Checkpoint]] = {}
    bare: set[str] = set()
    report = AuditReport()
    for checkpoint in wanted:
        if isinstance(checkpoint, str):
            bare.add(checkpoint)
        elif not checkpoint.signature_ok(key):
            report.problems.append(f"checkpoint of {checkpoint.count} entries has a bad signature")
        else:
            by_count.setdefault(checkpoint.count, []).append(checkpoint)
    seen_keyed = False
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch_size)
        ).all()
        if not rows:
            break
        for entry in rows:
            keyed = entry.hash_scheme == HashScheme.HMAC_SHA256
            digest = _digest(entry, key)
            if (entry.prev_hash != report.head or digest is None or not hmac.compare_digest(digest, entry.entry_hash)
                    or (seen_keyed and not keyed)):
                report.bad_id = entry.id
                return report
            seen_keyed = seen_keyed or keyed
            report.head = entry.entry_hash
            report.checked += 1
            report.last_id = last_id = entry.id
            bare.discard(entry.entry_hash)
            for checkpoint in by_count.pop(report.checked, []):
                if checkpoint.head != entry.entry_hash:
                    report.problems.append(f"entry {report.checked} is not the checkpoint's head "
                                           f"{checkpoint.head[:12]}… (rewritten since {checkpoint.at})")
        db.session.expire_all()
    for count, missing in sorted(by_count.items()):
        report.problems.append(f"the chain has {report.checked} entries but a checkpoint from {missing[0].at} "
                               f"counted {count} (truncated)")
    for head in sorted(bare):
        report.problems.append(f"head {head[:12]}… is not in the chain (truncated or rewritten)")
    return report
