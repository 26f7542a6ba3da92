"""Bulk curation of the resource library: CSV import/export and the seed list.

Imports are atomic: every row is validated first; if any is invalid nothing is written.
"""
import csv
import io
import json
from dataclasses import dataclass
from importlib import resources as package_files

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Resource, User
from forum.models.base import utcnow
from forum.models.enums import ResourceStatus, Role
from forum.permissions import is_staff
from forum.platform.csv_files import CsvWriter, uncell
from forum.services import DomainError
from forum.services.audit import record_audit
from moderation.services.resources import (
    ResourceFields,
    mark_vetted,
    normalize_resource_url,
    topics_by_slug,
    validate_resource_fields,
)

CSV_COLUMNS = ("title", "url", "publisher", "summary", "audience", "language", "format", "topics", "status")
DEMO_STAFF_EMAIL = "staff@demo.rounds.invalid"


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


def _new_resource(fields: ResourceFields, proposer: User | None) -> Resource:
    now = utcnow()
    resource = Resource(
        title=fields.title, url=fields.url, normalized_url=fields.normalized_url,
        publisher=fields.publisher, summary=fields.summary, audience=fields.audience,
        language=fields.language, format=fields.format, topics=fields.topics, status=ResourceStatus.PROPOSED,
        proposed_by_id=proposer.id if proposer else None, created_at=now, updated_at=now,
    )
    db.session.add(resource)
    return resource


def import_resources_csv(text: str, *, vetter: User | None = None,
                         dry_run: bool = False) -> tuple[int, list[RowError]]:
    """Validate every row, then (unless dry_run or any error) create them all.

    Rows are "proposed" unless their status says "vetted" and a staff `vetter` is given,
    who is then recorded as vetter. Returns (rows imported or that would be, errors).
    Audit: resource.import per created row. Flushes only; the caller commits.
    """
    if vetter is not None and not is_staff(vetter):
        raise DomainError("The --as-staff account must belong to staff or an admin.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS if name not in header and name != "status"]
    if missing:
        return 0, [RowError(1, "header", f"missing column(s): {', '.join(missing)}")]
    allow_http = current_app.config["ALLOW_HTTP_RESOURCES"]
    known_topics = topics_by_slug()
    errors: list[RowError] = []
    valid: list[tuple[ResourceFields, str]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(key or "").strip(): uncell((value or "").strip()) for key, value in raw.items()
               if isinstance(value, str)}
        row["topics"] = row.get("topics", "").split(";")
        fields, problems = validate_resource_fields(row, allow_http=allow_http, known_topics=known_topics)
        status = row.get("status", "").lower() or ResourceStatus.PROPOSED
        if status not in (ResourceStatus.PROPOSED, ResourceStatus.VETTED):
            problems.append(("status", "status must be proposed or vetted"))
        elif status == ResourceStatus.VETTED and vetter is None:
            problems.append(("status", "vetted rows need --as-staff naming the staff vetter"))
        if fields is not None:
            if fields.normalized_url in seen:
                problems.append(("url", f"same link as row {seen[fields.normalized_url]}"))
            else:
                seen[fields.normalized_url] = number
        errors.extend(RowError(number, field, message) for field, message in problems)
        if not problems:
            valid.append((fields, status))
    existing = _existing_titles([fields.normalized_url for fields, _ in valid])
    for fields, _ in valid:
        if fields.normalized_url in existing:
            errors.append(RowError(seen[fields.normalized_url], "url",
                                   f"already in the library as \u201c{existing[fields.normalized_url]}\u201d"))
    errors.sort(key=lambda error: error.row)
    if errors or dry_run:
        return (0 if errors else len(valid)), errors
    for fields, status in valid:
        resource = _new_resource(fields, vetter)
        if status == ResourceStatus.VETTED:
            mark_vetted(resource, vetter)
        db.session.flush()
        record_audit(vetter, "resource.import", "resource", resource.id, to_status=resource.status)
    return len(valid), []


def _existing_titles(normalized_urls: list[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for start in range(0, len(normalized_urls), 500):
        chunk = normalized_urls[start:start + 500]
        titles.update(db.session.execute(
            select(Resource.normalized_url, Resource.title).where(Resource.normalized_url.in_(chunk))
        ).all())
    return titles


def export_resources_csv(out) -> int:
    """Write every resource as CSV (the import's columns) to the text stream `out`."""
    writer = CsvWriter(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Resource).options(selectinload(Resource.topics))
            .where(Resource.id > last_id).order_by(Resource.id).limit(500)
        ).all()
        if not batch:
            return count
        for resource in batch:
            writer.writerow([resource.title, resource.url, resource.publisher, resource.summary,
                             resource.audience, resource.language, resource.format,
                             ";".join(topic.slug for topic in resource.topics), resource.status])
            count += 1
            last_id = resource.id


def seed_vetter() -> User:
    """The demo staff account, else the first staff or admin; DomainError when there is none."""
    user = db.session.scalar(select(User).where(User.email == DEMO_STAFF_EMAIL))
    if user is None or not is_staff(user):
        user = db.session.scalar(select(User).where(or_(User.role == Role.STAFF, User.role == Role.ADMIN))
                                 .order_by(User.id).limit(1))
    if user is None:
        raise DomainError("No staff or admin account exists to vet the seed resources. "
                          "Run `flask demo seed` or create a staff account first.")
    return user


def load_seed_resources() -> list[dict]:
    return json.loads(package_files.files("moderation").joinpath("seed_data/resources.json").read_text())


def seed_resources(entries: list[dict], vetter: User) -> tuple[int, int, list[str]]:
    """Create each entry as vetted by `vetter`, skipping links already in the library.

    Entries naming only unknown topics are skipped and reported. Returns (created, already
    present, problems). Audit: resource.seed per created resource.
    """
    allow_http = current_app.config["ALLOW_HTTP_RESOURCES"]
    known_topics = topics_by_slug()
    existing = set(db.session.scalars(select(Resource.normalized_url)))
    created, present, problems = 0, 0, []
    for entry in entries:
        try:
            normalized = normalize_resource_url(entry.get("url", ""), allow_http)
        except DomainError as error:
            problems.append(f"{entry.get('title', '?')}: {error.message}")
            continue
        if normalized in existing:
            present += 1
            continue
        data = {**entry, "topics": [slug for slug in entry.get("topics", []) if slug in known_topics]}
        fields, errors = validate_resource_fields(data, allow_http=allow_http, known_topics=known_topics)
        if errors:
            problems.append(f"{entry.get('title', '?')}: " + "; ".join(message for _, message in errors))
            continue
        resource = _new_resource(fields, vetter)
        mark_vetted(resource, vetter)
        db.session.flush()
        record_audit(vetter, "resource.seed", "resource", resource.id, to_status=ResourceStatus.VETTED)
        existing.add(normalized)
        created += 1
    return created, present, problems
