"""Staff see who accepted which policy version and publish new versions."""
import io

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.models import PolicyVersion
from forum.models.accounts import ROLES
from forum.models.enums import Role
from forum.models.policies import POLICY_KINDS
from forum.permissions import role_required
from forum.platform.csv_files import CsvWriter
from forum.platform.numbers import parse_id, request_int
from forum.platform.unit_of_work import on_domain_error, require_valid_form
from forum.services.policies import current_policy
from moderation import bp
from moderation.forms.console import PolicyForm
from moderation.services.policy_admin import (
    acceptance_counts,
    acceptance_page,
    preview_policy_version,
    publish_policy_version,
)

CSV_LIMIT = 50_000


def _version_filter() -> PolicyVersion | None:
    """?document=KIND&version=N: one version by the number people see, never a database id."""
    kind = request.args.get("document") or ""
    number = request_int(request.args.get("version"), minimum=1)
    if not kind and number is None:
        return None
    if kind not in POLICY_KINDS or number is None:
        abort(400)
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.kind == kind,
                                                             PolicyVersion.version == number))
    if version is None:
        abort(404)
    return version


def _version_args(version: PolicyVersion | None) -> dict:
    return {"document": version.kind, "version": version.version} if version is not None else {}


def _cursor(raw: str | None) -> tuple[int, int] | None:
    if not raw:
        return None
    version, _, user = raw.partition("-")
    try:
        return parse_id(version), parse_id(user)
    except ValueError:
        abort(400)


@bp.get("/policies")
@role_required(Role.STAFF, Role.ADMIN)
def policies():
    """Staff see acceptance counts per role and version, and who accepted what."""
    version = _version_filter()
    rows, more = acceptance_page(current_user, version_id=version.id if version else None,
                                 after=_cursor(request.args.get("after")), limit=current_app.config["PAGE_SIZE"])
    next_url = None
    if more:
        last = rows[-1][0]
        next_url = url_for(".policies", **_version_args(version), after=f"{last.policy_version_id}-{last.user_id}")
    return render_template("moderation/console/policies.html", counts=acceptance_counts(current_user),
                           roles=ROLES, rows=rows, next_url=next_url, version=version,
                           version_args=_version_args(version))


@bp.get("/policies.csv")
@role_required(Role.STAFF, Role.ADMIN)
def policies_csv():
    """Staff download who accepted which policy version (optionally one version) as CSV."""
    version = _version_filter()
    rows, _ = acceptance_page(current_user, version_id=version.id if version else None, limit=CSV_LIMIT)
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(["user_id", "pseudonym", "role", "document", "version", "accepted_at"])
    for acceptance, user, version in rows:
        writer.writerow([user.id, user.pseudonym, user.role, version.kind, version.version,
                         acceptance.accepted_at.isoformat()])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=policy-acceptances.csv"})


def _policy_page(form: PolicyForm, preview=None) -> str:
    return render_template("moderation/console/policy_new.html", form=form, preview=preview)


@bp.route("/policies/new", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def policy_new():
    """Staff write a new version of a policy, starting from the current text (?document=KIND),
    and preview it with its changes; nothing is published until they confirm."""
    form = PolicyForm()
    if not form.is_submitted():
        kind = request.args.get("document")
        form.kind.data = kind if kind in POLICY_KINDS else next(iter(POLICY_KINDS))
        current = current_policy(form.kind.data)
        form.body.data = current.body_md if current is not None else ""
        return _policy_page(form)
    if not form.validate():
        return _policy_page(form), 400
    on_domain_error(form, page=lambda _error: _policy_page(form))
    return _policy_page(form, preview_policy_version(current_user, kind=form.kind.data, body_md=form.body.data))


@bp.post("/policies/publish")
@role_required(Role.STAFF, Role.ADMIN)
def policy_publish():
    """Staff confirm a previewed version: it is published and everyone who needs it accepts it again."""
    form = PolicyForm()
    require_valid_form(form, page=lambda: _policy_page(form))
    version = publish_policy_version(current_user, kind=form.kind.data, summary=form.summary.data,
                                     body_md=form.body.data, previewed=form.previewed.data)
    flash(f"{version.title} version {version.version} is published; members are asked to accept it "
          "at their next visit.", "success")
    return redirect(url_for(".policies", **_version_args(version)))
