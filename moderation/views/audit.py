"""Staff read and export the audit trail."""
import io
from datetime import datetime, time, timedelta, timezone

from flask import Response, abort, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import AuditEntry, User
from forum.models.enums import Role
from forum.permissions import role_required
from forum.platform.csv_files import CsvWriter
from forum.platform.pagination import decode_id_cursor, list_link
from moderation import bp
from moderation.forms.queue import AuditFilterForm
from moderation.services.audit_targets import describe_targets

CSV_LIMIT = 10_000
# The query parameters the next-page and CSV links carry over (AuditFilterForm's fields).
AUDIT_PARAMETERS = ("actor", "action", "target_kind", "date_from", "date_to")


def _audit_query(form: AuditFilterForm):
    """Entries matching the filters, newest first; 400 for filters that make no sense."""
    if not form.validate():
        abort(400)
    statement = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    if form.actor.data:
        statement = statement.where(AuditEntry.actor_id.in_(
            select(User.id).where(User.pseudonym_key == form.actor.data.strip().casefold())))
    if form.action.data:
        action = form.action.data.strip()
        statement = statement.where(AuditEntry.action.startswith(action, autoescape=True) if action.endswith(".")
                                    else AuditEntry.action == action)
    if form.target_kind.data:
        statement = statement.where(AuditEntry.target_kind == form.target_kind.data.strip())
    if form.date_from.data:
        statement = statement.where(AuditEntry.created_at >= datetime.combine(
            form.date_from.data, time.min, tzinfo=timezone.utc))
    if form.date_to.data:
        statement = statement.where(AuditEntry.created_at < datetime.combine(
            form.date_to.data + timedelta(days=1), time.min, tzinfo=timezone.utc))
    return statement


@bp.get("/audit")
@role_required(Role.STAFF, Role.ADMIN)
def audit():
    """Staff list the audit trail with filters, newest first."""
    form = AuditFilterForm(request.args)
    statement = _audit_query(form)
    before = decode_id_cursor(request.args.get("before"))
    if before is not None:
        statement = statement.where(AuditEntry.id < before)
    size = current_app.config["PAGE_SIZE"]
    entries = db.session.scalars(statement.limit(size + 1)).unique().all()
    next_url = None
    if len(entries) > size:
        entries = entries[:size]
        next_url = list_link(".audit", AUDIT_PARAMETERS, before=entries[-1].id)
    csv_url = list_link(".audit_csv", AUDIT_PARAMETERS)
    return render_template("moderation/audit.html", form=form, entries=entries, targets=describe_targets(entries),
                           next_url=next_url, csv_url=csv_url)


@bp.get("/audit.csv")
@role_required(Role.STAFF, Role.ADMIN)
def audit_csv():
    """Staff download the filtered audit trail as CSV (at most 10,000 rows, newest first)."""
    entries = db.session.scalars(_audit_query(AuditFilterForm(request.args)).limit(CSV_LIMIT)).unique()
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(["id", "created_at", "actor_id", "actor", "actor_role", "action", "target_kind",
                     "target_id", "from_status", "to_status", "reason", "entry_hash"])
    for entry in entries:
        writer.writerow([entry.id, entry.created_at.isoformat(), entry.actor_id,
                         entry.actor.pseudonym if entry.actor else "", entry.actor_role,
                         entry.action, entry.target_kind, entry.target_id, entry.from_status,
                         entry.to_status, entry.reason or "", entry.entry_hash])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit.csv"})
