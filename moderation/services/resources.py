"""The vetted resource library: proposing, vetting, retiring and restoring links.

Staff vet; verified clinicians may propose. Every change writes an audit entry in the
same transaction. Patients only ever see resources whose status is "vetted".
"""
from flask_babel import gettext as _
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app
from sqlalchemy import case, func, select

from forum.extensions import db
from forum.models import Resource, Topic, User, resource_topics
from forum.models.base import utcnow
from forum.models.enums import ResourceStatus
from forum.models.resources import AUDIENCES, FORMATS
from forum.permissions import PermissionDenied, can_vet_resource, is_moderator, is_staff
from forum.services import DomainError
from forum.services.audit import record_audit
from moderation.services.review_cycle import add_months

VETTING_CRITERIA = {
    "authoritative": "The publisher is authoritative (a health service, university, charity or professional body)",
    "current": "The content is current (reviewed or updated recently, no outdated advice)",
    "plain_language": "It is written in plain language a patient can follow",
    "no_commercial_bias": "It has no commercial bias (no product promotion or sales)",
    "matches_topic": "It matches the topics it is listed under",
}
RESOURCE_FIELDS = ("title", "url", "publisher", "summary", "audience", "language", "format", "topics")
FIELD_LIMITS = {"title": 200, "publisher": 120, "summary": 2000, "language": 16}


class DuplicateResource(DomainError):
    """The normalised URL is already in the library; `existing` is that resource."""

    def __init__(self, existing: Resource):
        super().__init__(
            f"This link is already in the library as \u201c{existing.title}\u201d.", field="url")
        self.existing = existing


# -- URL rules ---------------------------------------------------------------------------

def normalize_resource_url(url: str, allow_http: bool) -> str:
    """The canonical form of a resource link; raises DomainError for unsafe or invalid URLs.

    https only (http when allowed), no credentials, a host required. Normalised: lowercase
    scheme and host, default port and fragment dropped, trailing slash removed (except the
    root), query parameters sorted with utm_* tracking parameters stripped.
    """
    url = (url or "").strip()
    if not url:
        raise DomainError(_("Enter the link's address."), field="url")
    if len(url) > 2000:
        raise DomainError(_("That link is too long (2,000 characters at most)."), field="url")
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        raise DomainError(_("A link cannot contain spaces or control characters."), field="url")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allowed = ("https", "http") if allow_http else ("https",)
    if scheme not in allowed:
        raise DomainError("Links must start with https://." if not allow_http
                          else "Links must start with https:// or http://.", field="url")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise DomainError(_("A link must not contain a user name or password."), field="url")
    host = parts.hostname
    if not host:
        raise DomainError(_("That link has no web address (host)."), field="url")
    try:
        port = parts.port
    except ValueError:
        raise DomainError(_("That link has an invalid port number."), field="url") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != {"https": 443, "http": 80}[scheme]:
        netloc += f":{port}"
    path = parts.path.rstrip("/") or "/"
    query = sorted((key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not key.lower().startswith("utm_"))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def find_duplicate(normalized_url: str, exclude_id: int | None = None) -> Resource | None:
    query = select(Resource).where(Resource.normalized_url == normalized_url)
    if exclude_id is not None:
        query = query.where(Resource.id != exclude_id)
    return db.session.scalar(query)


# -- validation shared by the forms, the CSV import and the seed --------------------------

@dataclass
class ResourceFields:
    title: str
    url: str
    normalized_url: str
    publisher: str
    summary: str
    audience: str
    language: str
    format: str
    topics: list[Topic]


def topics_by_slug() -> dict[str, Topic]:
    return {topic.slug: topic for topic in db.session.scalars(Topic.active())}


def validate_resource_fields(data: dict, *, allow_http: bool,
                             known_topics: dict[str, Topic] | None = None
                             ) -> tuple[ResourceFields | None, list[tuple[str, str]]]:
    """Check one resource's fields. Returns (fields, []) or (None, [(field, message), ...])."""
    errors: list[tuple[str, str]] = []
    text = {name: str(data.get(name) or "").strip() for name in
            ("title", "url", "publisher", "summary", "audience", "language", "format")}
    for name in ("title", "publisher", "summary"):
        if not text[name]:
            errors.append((name, f"Enter the {name}."))
    for name, limit in FIELD_LIMITS.items():
        if len(text[name]) > limit:
            errors.append((name, f"The {name} is too long ({limit} characters at most)."))
    audience = text["audience"] or "both"
    if audience not in AUDIENCES:
        errors.append(("audience", f"Audience must be one of: {', '.join(AUDIENCES)}."))
    resource_format = text["format"] or "article"
    if resource_format not in FORMATS:
        errors.append(("format", f"Format must be one of: {', '.join(FORMATS)}."))
    language = (text["language"] or "en").lower()
    if not language.replace("-", "").isalpha():
        errors.append(("language", "Language must be a language code such as en or es."))
    normalized = ""
    try:
        normalized = normalize_resource_url(text["url"], allow_http)
    except DomainError as error:
        errors.append(("url", error.message))
    known_topics = topics_by_slug() if known_topics is None else known_topics
    slugs = [slug.strip() for slug in data.get("topics") or [] if slug and slug.strip()]
    if not slugs:
        errors.append(("topics", "Choose at least one topic."))
    unknown = [slug for slug in slugs if slug not in known_topics]
    if unknown:
        errors.append(("topics", f"Unknown topic: {', '.join(unknown)}."))
    if errors:
        return None, errors
    topics = list({slug: known_topics[slug] for slug in slugs}.values())
    return ResourceFields(title=text["title"], url=text["url"], normalized_url=normalized,
                          publisher=text["publisher"], summary=text["summary"], audience=audience,
                          language=language, format=resource_format, topics=topics), []


def _clean_or_raise(data: dict, exclude_id: int | None = None) -> ResourceFields:
    fields, errors = validate_resource_fields(
        data, allow_http=current_app.config["ALLOW_HTTP_RESOURCES"])
    if errors:
        field, message = errors[0]
        raise DomainError(message, field=field)
    existing = find_duplicate(fields.normalized_url, exclude_id)
    if existing is not None:
        raise DuplicateResource(existing)
    return fields


def _apply(resource: Resource, fields: ResourceFields) -> None:
    for name in ("title", "url", "normalized_url", "publisher", "summary", "audience",
                 "language", "format", "topics"):
        setattr(resource, name, getattr(fields, name))
    resource.updated_at = utcnow()


def _require_staff(actor) -> None:
    if not is_staff(actor):
        raise PermissionDenied("Only staff may do this.")


def mark_vetted(resource: Resource, vetter: User) -> None:
    now = utcnow()
    resource.status = ResourceStatus.VETTED
    resource.status_reason = None
    resource.vetted_by_id = vetter.id
    resource.vetted_at = now
    resource.next_review_at = add_months(now, current_app.config["RESOURCE_REVIEW_MONTHS"])
    resource.updated_at = now


# -- lifecycle ---------------------------------------------------------------------------

def propose_resource(actor, **data) -> Resource:
    """Verified clinicians and staff propose a resource (status "proposed").

    Raises PermissionDenied for anyone else, DomainError for invalid fields or an unknown
    topic, DuplicateResource when the normalised URL is already in the library.
    Audit: resource.propose.
    """
    if not is_moderator(actor):
        raise PermissionDenied("Only clinicians and staff may propose resources.")
    fields = _clean_or_raise(data)
    resource = Resource(status=ResourceStatus.PROPOSED, proposed_by_id=actor.id, created_at=utcnow())
    _apply(resource, fields)
    db.session.add(resource)
    db.session.flush()
    record_audit(actor, "resource.propose", "resource", resource.id, to_status=ResourceStatus.PROPOSED)
    return resource


def update_resource(actor, resource: Resource, **data) -> Resource:
    """Staff edit a resource's details; its status is unchanged.

    Raises PermissionDenied, DomainError, DuplicateResource. Audit: resource.edit.
    """
    _require_staff(actor)
    _apply(resource, _clean_or_raise(data, exclude_id=resource.id))
    db.session.flush()
    record_audit(actor, "resource.edit", "resource", resource.id,
                 from_status=resource.status, to_status=resource.status)
    return resource


def vet_resource(actor, resource: Resource, checklist) -> Resource:
    """Staff vet a proposed resource, or re-vet a vetted one at its review date.

    Every criterion in VETTING_CRITERIA must be ticked. Vetting one's own proposal is
    refused unless ALLOW_SELF_VETTING. Records the vetter and date and sets the next
    review RESOURCE_REVIEW_MONTHS (12) months on. Raises PermissionDenied, DomainError. Audit: resource.vet.
    """
    _require_staff(actor)
    if resource.status == ResourceStatus.RETIRED:
        raise DomainError(_("This resource has been retired; restore it before vetting it."))
    missing = [key for key in VETTING_CRITERIA if key not in set(checklist)]
    if missing:
        raise DomainError(_("Every vetting criterion must be checked before a resource is vetted."))
    if not can_vet_resource(actor, resource):
        raise DomainError(_("You proposed this resource, so another staff member must vet it."))
    from_status = resource.status
    mark_vetted(resource, actor)
    db.session.flush()
    record_audit(actor, "resource.vet", "resource", resource.id,
                 from_status=from_status, to_status=ResourceStatus.VETTED)
    return resource


def retire_resource(actor, resource: Resource, reason: str) -> Resource:
    """Staff retire a proposed or vetted resource with a reason; patients stop seeing it.

    Raises PermissionDenied, DomainError. Audit: resource.retire (with the reason).
    """
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for retiring this resource."), field="reason")
    if resource.status == ResourceStatus.RETIRED:
        raise DomainError(_("This resource is already retired."))
    from_status = resource.status
    resource.status = ResourceStatus.RETIRED
    resource.status_reason = reason
    resource.updated_at = utcnow()
    db.session.flush()
    record_audit(actor, "resource.retire", "resource", resource.id,
                 from_status=from_status, to_status=ResourceStatus.RETIRED, reason=reason)
    return resource


def restore_resource(actor, resource: Resource) -> Resource:
    """Staff restore a retired resource. It returns as "proposed" and must be vetted again
    before patients see it. Raises PermissionDenied, DomainError. Audit: resource.restore.
    """
    _require_staff(actor)
    if resource.status != ResourceStatus.RETIRED:
        raise DomainError(_("Only a retired resource can be restored."))
    resource.status = ResourceStatus.PROPOSED
    resource.status_reason = None
    resource.updated_at = utcnow()
    db.session.flush()
    record_audit(actor, "resource.restore", "resource", resource.id,
                 from_status=ResourceStatus.RETIRED, to_status=ResourceStatus.PROPOSED)
    return resource


# -- attaching resources to answers -----------------------------------------------------

def attachable_resources(topic_ids, query: str | None = None, limit: int = 20) -> list[Resource]:
    """Vetted resources for any of the topics, optionally filtered by title."""
    statement = (
        Resource.vetted()
        .where(Resource.id.in_(select(resource_topics.c.resource_id)
                               .where(resource_topics.c.topic_id.in_(list(topic_ids)))))
        .order_by(Resource.title, Resource.id)
        .limit(limit)
    )
    if query and query.strip():
        statement = statement.where(Resource.title.icontains(query.strip(), autoescape=True))
    return list(db.session.scalars(statement))


def check_attachable(resource_ids) -> list[Resource]:
    """The resources to attach to a new answer; raises DomainError unless all are vetted."""
    try:
        wanted = list(dict.fromkeys(int(rid) for rid in resource_ids))
    except (TypeError, ValueError):
        raise DomainError(_("Choose resources from the list."), field="resources") from None
    if not wanted:
        return []
    found = {r.id: r for r in db.session.scalars(select(Resource).where(Resource.id.in_(wanted)))}
    for rid in wanted:
        resource = found.get(rid)
        if resource is None:
            raise DomainError(_("One of the chosen resources does not exist."), field="resources")
        if resource.status == ResourceStatus.RETIRED:
            raise DomainError(f"\u201c{resource.title}\u201d has been retired and cannot be "
                              "attached to a new answer.", field="resources")
        if resource.status != ResourceStatus.VETTED:
            raise DomainError(f"\u201c{resource.title}\u201d has not been vetted yet and cannot be "
                              "attached to an answer.", field="resources")
    return [found[rid] for rid in wanted]


# -- staff lists and dashboard -----------------------------------------------------------

def staff_resource_query(*, status=None, topic_slug=None, publisher=None, overdue=False,
                         broken=False, before_id: int | None = None):
    """The staff list, newest first, keyset-paginated on id."""
    statement = select(Resource).order_by(Resource.id.desc())
    if status:
        statement = statement.where(Resource.status == status)
    if topic_slug:
        statement = statement.where(Resource.id.in_(
            select(resource_topics.c.resource_id)
            .join(Topic, Topic.id == resource_topics.c.topic_id)
            .where(Topic.slug == topic_slug)))
    if publisher:
        statement = statement.where(Resource.publisher.icontains(publisher, autoescape=True))
    if overdue:
        statement = statement.where(Resource.status == ResourceStatus.VETTED, Resource.next_review_at < utcnow())
    if broken:
        statement = statement.where(Resource.link_broken.is_(True))
    if before_id is not None:
        statement = statement.where(Resource.id < before_id)
    return statement


def resource_dashboard() -> dict[str, int]:
    """Counts for the staff dashboard, in one query."""
    now = utcnow()
    row = db.session.execute(select(
        func.coalesce(func.sum(case(
            ((Resource.status == ResourceStatus.VETTED) & (Resource.next_review_at < now), 1), else_=0)), 0),
        func.coalesce(func.sum(case(
            ((Resource.status == ResourceStatus.VETTED) & Resource.link_broken.is_(True), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Resource.status == ResourceStatus.PROPOSED, 1), else_=0)), 0),
    )).one()
    return {"overdue": int(row[0]), "broken": int(row[1]), "proposed": int(row[2])}
