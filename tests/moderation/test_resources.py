"""Resource library services: URL rules, the lifecycle, self-vetting, attaching, audit."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db as _db
from forum.models import AuditEntry, Resource
from forum.models.base import utcnow
from forum.permissions import PermissionDenied
from forum.services import DomainError
from moderation.services.resources import (
    VETTING_CRITERIA,
    DuplicateResource,
    attachable_resources,
    check_attachable,
    normalize_resource_url,
    propose_resource,
    resource_dashboard,
    restore_resource,
    retire_resource,
    update_resource,
    vet_resource,
)
from tests.factories import make_user, topic

ALL_CRITERIA = list(VETTING_CRITERIA)


def resource_data(**overrides) -> dict:
    data = {"title": "Living with heart failure", "url": "https://www.example.org/heart-failure",
            "publisher": "Example Heart Charity", "summary": "What heart failure is and how to live with it.",
            "audience": "both", "language": "en", "format": "article", "topics": ["heart-failure"]}
    return {**data, **overrides}


def make_resource(status: str = "vetted", proposer=None, vetter=None, **overrides) -> Resource:
    proposer = proposer or make_user("clinician")
    resource = propose_resource(proposer, **resource_data(**overrides))
    if status in ("vetted", "retired"):
        vet_resource(vetter or make_user("staff"), resource, ALL_CRITERIA)
    if status == "retired":
        retire_resource(vetter or make_user("staff"), resource, "Out of date")
    return resource


def audit_actions(resource_id: int) -> list[tuple[str, str | None, str | None]]:
    return [(e.action, e.from_status, e.to_status) for e in _db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_kind == "resource", AuditEntry.target_id == resource_id)
        .order_by(AuditEntry.id))]


# -- URL rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("HTTPS://WWW.NHS.UK/conditions/heart-failure/", "https://www.nhs.uk/conditions/heart-failure"),
    ("https://example.org:443/a/?b=2&a=1#section", "https://example.org/a?a=1&b=2"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/", "https://example.org/"),
    ("https://example.org:8443/x", "https://example.org:8443/x"),
    ("https://example.org/page?utm_source=news&utm_Medium=mail&id=7", "https://example.org/page?id=7"),
    ("  https://example.org/page  ", "https://example.org/page"),
])
def test_urls_are_normalised(raw, expected):
    assert normalize_resource_url(raw, allow_http=False) == expected


@pytest.mark.parametrize("raw, message", [
    ("http://example.org/page", "https://"),
    ("javascript:alert(1)", "https://"),
    ("data:text/html,<b>x</b>", "https://"),
    ("ftp://example.org/file", "https://"),
    ("https://user:secret@example.org/", "user name or password"),
    ("https://user@example.org/", "user name or password"),
    ("https:///no-host", "host"),
    ("https://example.org:99999/", "port"),
    ("https://exa mple.org/", "spaces"),
    ("", "Enter"),
    ("example.org/page", "https://"),
])
def test_unsafe_or_invalid_urls_are_refused(raw, message):
    with pytest.raises(DomainError, match=message) as caught:
        normalize_resource_url(raw, allow_http=False)
    assert caught.value.field == "url"


def test_http_is_accepted_only_when_allowed():
    assert normalize_resource_url("HTTP://Example.org:80/a/", allow_http=True) == "http://example.org/a"
    with pytest.raises(DomainError):
        normalize_resource_url("http://example.org/a", allow_http=False)


def test_a_duplicate_normalised_url_names_the_existing_resource(db):
    existing = make_resource(title="NHS heart failure", url="https://www.nhs.uk/conditions/heart-failure/")
    with pytest.raises(DuplicateResource) as caught:
        propose_resource(make_user("clinician"), **resource_data(
            url="https://WWW.nhs.uk/conditions/heart-failure?utm_source=x#top"))
    assert caught.value.existing.id == existing.id
    assert "NHS heart failure" in caught.value.message


def test_unknown_topic_is_refused(db):
    with pytest.raises(DomainError, match="Unknown topic: no-such-topic") as caught:
        propose_resource(make_user("clinician"), **resource_data(topics=["no-such-topic"]))
    assert caught.value.field == "topics"


# -- lifecycle and permissions -------------------------------------------------------------

def test_lifecycle_with_audit_trail(db):
    clinician, staff = make_user("clinician"), make_user("staff")
    resource = propose_resource(clinician, **resource_data())
    assert resource.status == "proposed" and resource.proposed_by_id == clinician.id

    vet_resource(staff, resource, ALL_CRITERIA)
    assert resource.status == "vetted" and resource.vetted_by_id == staff.id
    assert resource.vetted_at is not None
    assert 364 <= (resource.next_review_at - resource.vetted_at).days <= 366

    retire_resource(staff, resource, "Publisher withdrew the page")
    assert resource.status == "retired" and resource.status_reason == "Publisher withdrew the page"

    restore_resource(staff, resource)
    assert resource.status == "proposed" and resource.status_reason is None

    update_resource(staff, resource, **resource_data(title="Heart failure: a guide"))
    assert resource.title == "Heart failure: a guide"

    assert audit_actions(resource.id) == [
        ("resource.propose", None, "proposed"),
        ("resource.vet", "proposed", "vetted"),
        ("resource.retire", "vetted", "retired"),
        ("resource.restore", "retired", "proposed"),
        ("resource.edit", "proposed", "proposed"),
    ]
    retire_entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "resource.retire"))
    assert retire_entry.reason == "Publisher withdrew the page" and retire_entry.actor_id == staff.id


def test_members_cannot_propose_and_clinicians_cannot_vet(db):
    with pytest.raises(PermissionDenied):
        propose_resource(make_user("member"), **resource_data())
    with pytest.raises(PermissionDenied):
        propose_resource(make_user("clinician", verified=False), **resource_data())
    resource = make_resource(status="proposed")
    for role in ("clinician", "member"):
        with pytest.raises(PermissionDenied):
            vet_resource(make_user(role), resource, ALL_CRITERIA)
        with pytest.raises(PermissionDenied):
            retire_resource(make_user(role), resource, "no")
    assert resource.status == "proposed"


def test_vetting_needs_every_criterion(db):
    resource = make_resource(status="proposed")
    with pytest.raises(DomainError, match="Every vetting criterion"):
        vet_resource(make_user("staff"), resource, ALL_CRITERIA[:-1])
    assert resource.status == "proposed" and resource.vetted_at is None


def test_vetting_ones_own_proposal_is_refused_by_default(app, db):
    staff = make_user("staff")
    resource = propose_resource(staff, **resource_data())
    with pytest.raises(DomainError, match="another staff member"):
        vet_resource(staff, resource, ALL_CRITERIA)
    app.config["ALLOW_SELF_VETTING"] = True
    vet_resource(staff, resource, ALL_CRITERIA)
    assert resource.status == "vetted" and resource.vetted_by_id == staff.id


def test_retiring_needs_a_reason_and_restoring_needs_a_retired_resource(db):
    staff = make_user("staff")
    resource = make_resource()
    with pytest.raises(DomainError, match="reason"):
        retire_resource(staff, resource, "   ")
    with pytest.raises(DomainError, match="Only a retired"):
        restore_resource(staff, resource)
    retire_resource(staff, resource, "Outdated")
    with pytest.raises(DomainError, match="restore it"):
        vet_resource(staff, resource, ALL_CRITERIA)


def test_editing_to_another_resources_url_is_refused(db):
    first = make_resource(url="https://example.org/one")
    second = make_resource(url="https://example.org/two")
    with pytest.raises(DuplicateResource) as caught:
        update_resource(make_user("staff"), second, **resource_data(url="https://example.org/one/"))
    assert caught.value.existing.id == first.id


# -- attaching to answers ----------------------------------------------------------------

def test_attachable_resources_are_vetted_and_on_topic(db):
    vetted = make_resource(title="Heart failure basics", url="https://example.org/a")
    make_resource(status="proposed", title="Heart failure proposal", url="https://example.org/b")
    make_resource(status="retired", title="Heart failure old", url="https://example.org/c")
    make_resource(title="Knee guide", url="https://example.org/d", topics=["knee-replacement"])
    heart = topic("heart-failure").id
    assert [r.id for r in attachable_resources([heart])] == [vetted.id]
    assert attachable_resources([heart], query="basics") == [vetted]
    assert attachable_resources([heart], query="knee") == []
    assert {r.title for r in attachable_resources([heart, topic("knee-replacement").id])} == {
        "Heart failure basics", "Knee guide"}


def test_retired_resources_cannot_be_attached(db):
    vetted = make_resource(url="https://example.org/a")
    retired = make_resource(status="retired", title="Old leaflet", url="https://example.org/b")
    proposed = make_resource(status="proposed", title="New idea", url="https://example.org/c")
    assert check_attachable([vetted.id]) == [vetted]
    with pytest.raises(DomainError, match="Old leaflet.*has been retired"):
        check_attachable([vetted.id, retired.id])
    with pytest.raises(DomainError, match="not been vetted"):
        check_attachable([proposed.id])
    with pytest.raises(DomainError, match="does not exist"):
        check_attachable([999999])


def test_due_for_review_uses_next_review_at(db):
    make_resource(status="proposed", url="https://example.org/p")
    overdue = make_resource(url="https://example.org/o")
    overdue.next_review_at = utcnow() - timedelta(days=1)
    broken = make_resource(url="https://example.org/b")
    broken.link_broken = True
    db.session.flush()
    assert resource_dashboard() == {"overdue": 1, "broken": 1, "proposed": 1}
