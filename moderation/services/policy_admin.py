"""Policy administration: who accepted which version of each document, and staff
publishing a new version (forum.services.policies.publish_policy)."""
import difflib
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from forum.extensions import db
from forum.models import PolicyAcceptance, PolicyVersion, User
from forum.models.accounts import ROLES
from forum.models.policies import POLICY_KINDS
from forum.permissions import PermissionDenied, is_staff
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.policies import current_policy, publish_policy

DIFF_CONTEXT_LINES = 2


@dataclass(frozen=True)
class DiffLine:
    change: str  # "added", "removed", "same", or "gap" (unchanged lines left out)
    text: str


@dataclass
class PolicyPreview:
    """A version about to be published: its number, its text as members will see it, and
    what changed since the current version."""
    kind: str
    number: int
    body_html: str
    previous: PolicyVersion | None
    diff: list[DiffLine] = field(default_factory=list)


def _line_diff(old: str, new: str) -> list[DiffLine]:
    """The changed lines with DIFF_CONTEXT_LINES around them; "gap" where unchanged lines are left out."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=DIFF_CONTEXT_LINES):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("gap", "…"))
        else:
            lines.append(DiffLine({"+": "added", "-": "removed"}.get(line[:1], "same"), line[1:]))
    return lines


def preview_policy_version(actor, *, kind: str, body_md: str) -> PolicyPreview:
    """Staff see a new version before publishing it: rendered, and its diff against the
    current version. Nothing is written. Raises PermissionDenied, DomainError (unknown
    document, or the text unchanged)."""
    if not is_staff(actor):
        raise PermissionDenied()
    if kind not in POLICY_KINDS:
        raise DomainError("Unknown policy document.")
    previous = current_policy(kind)
    if previous is not None and previous.body_md.strip() == (body_md or "").strip():
        raise DomainError(f"The text is the same as version {previous.version}: change it before publishing.",
                          field="body")
    return PolicyPreview(kind=kind, number=previous.version + 1 if previous else 1, body_html=render_markdown(body_md),
                         previous=previous, diff=_line_diff(previous.body_md if previous else "", body_md))


def publish_policy_version(actor, *, kind: str, summary: str, body_md: str,
                           previewed: int | None = None) -> PolicyVersion:
    """Staff publish a new version of a policy; every role that needs it must accept it
    again (members are told at their next login). `previewed` is the version number the
    preview showed: if someone else published meanwhile, nothing is published. Audit
    "policy.publish" (by publish_policy). Raises PermissionDenied, DomainError."""
    preview = preview_policy_version(actor, kind=kind, body_md=body_md)
    if previewed is not None and previewed != preview.number:
        raise DomainError(f"Version {preview.number - 1} was published while you were reviewing yours: "
                          "check the changes against it again.")
    return publish_policy(actor, kind, summary=summary or "", body_md=body_md or "")


def policy_versions() -> list[PolicyVersion]:
    return list(db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.kind, PolicyVersion.version.desc())))


def acceptance_counts(actor) -> list[dict]:
    """Acceptances per document version and role: one row per version, with a count per
    role (zeros included), newest version of each document first. Staff only."""
    if not is_staff(actor):
        raise PermissionDenied()
    counts = {}
    for version_id, role, count in db.session.execute(
            select(PolicyAcceptance.policy_version_id, User.role, func.count())
            .join(User, User.id == PolicyAcceptance.user_id)
            .group_by(PolicyAcceptance.policy_version_id, User.role)):
        counts[(version_id, role)] = count
    return [{"version": version, **{role: counts.get((version.id, role), 0) for role in ROLES},
             "total": sum(counts.get((version.id, role), 0) for role in ROLES)}
            for version in policy_versions()]


def acceptance_page(actor, *, version_id: int | None = None, after: tuple[int, int] | None = None,
                    limit: int = 20) -> tuple[list[tuple], bool]:
    """Who accepted what: (acceptance, user, version) rows, newest version first then by
    user id, optionally for one version; keyset on (policy_version_id, user_id). Staff only."""
    if not is_staff(actor):
        raise PermissionDenied()
    statement = (select(PolicyAcceptance, User, PolicyVersion)
                 .join(User, User.id == PolicyAcceptance.user_id)
                 .join(PolicyVersion, PolicyVersion.id == PolicyAcceptance.policy_version_id)
                 .order_by(PolicyAcceptance.policy_version_id.desc(), PolicyAcceptance.user_id)
                 .limit(limit + 1))
    if version_id is not None:
        statement = statement.where(PolicyAcceptance.policy_version_id == version_id)
    if after is not None:
        last_version, last_user = after
        statement = statement.where(or_(PolicyAcceptance.policy_version_id < last_version,
                                        and_(PolicyAcceptance.policy_version_id == last_version,
                                             PolicyAcceptance.user_id > last_user)))
    rows = [tuple(row) for row in db.session.execute(statement)]
    return rows[:limit], len(rows) > limit
