"""Staff resource pages: proposing, editing, vetting, retiring, restoring, the dashboard."""
from datetime import timedelta

from sqlalchemy import select

from forum.models import AuditEntry, Resource
from forum.models.base import utcnow
from tests.moderation.test_resources import ALL_CRITERIA, make_resource, resource_data

TICKED = {key: "y" for key in ALL_CRITERIA}


def test_a_clinician_proposes_a_resource(client, db, login_as):
    clinician = login_as("clinician")
    form = {**resource_data(), "topics": ["heart-failure", "atrial-fibrillation"]}
    response = client.post("/moderation/resources/new", data=form)
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.status == "proposed" and resource.proposed_by_id == clinician.id
    assert sorted(t.slug for t in resource.topics) == ["atrial-fibrillation", "heart-failure"]
    page = client.get(response.headers["Location"])
    assert b"Living with heart failure" in page.data and b"Proposed" in page.data
    assert b"/vet" not in page.data  # clinicians see no staff actions


def test_invalid_or_duplicate_urls_are_refused_with_a_clear_message(client, db, login_as):
    existing = make_resource(title="Existing guide", url="https://example.org/guide")
    login_as("clinician")
    bad = client.post("/moderation/resources/new", data=resource_data(url="javascript:alert(1)"))
    assert bad.status_code == 400 and b"Links must start with https://" in bad.data
    duplicate = client.post("/moderation/resources/new",
                            data=resource_data(url="https://EXAMPLE.org/guide/?utm_campaign=x"))
    assert duplicate.status_code == 400
    assert "already in the library as “Existing guide”".encode() in duplicate.data
    assert f'/moderation/resources/{existing.id}"'.encode() in duplicate.data
    unknown = client.post("/moderation/resources/new", data=resource_data(topics=["nope"]))
    assert unknown.status_code == 400 and b"&#39;nope&#39; is not a valid choice" in unknown.data
    assert db.session.scalar(select(Resource).where(Resource.id != existing.id)) is None


def test_staff_vet_with_the_full_checklist(client, db, login_as):
    resource = make_resource(status="proposed")
    staff = login_as("staff")
    page = client.get(f"/moderation/resources/{resource.id}/vet")
    assert page.status_code == 200 and b"plain language" in page.data
    partial = client.post(f"/moderation/resources/{resource.id}/vet", data={"authoritative": "y"})
    assert partial.status_code == 400 and b"Check this criterion" in partial.data
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == "proposed"
    response = client.post(f"/moderation/resources/{resource.id}/vet", data=TICKED)
    assert response.status_code == 302
    db.session.expire_all()
    vetted = db.session.get(Resource, resource.id)
    assert vetted.status == "vetted" and vetted.vetted_by_id == staff.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "resource.vet"))
    assert (entry.actor_id, entry.from_status, entry.to_status) == (staff.id, "proposed", "vetted")


def test_staff_cannot_vet_their_own_proposal(client, db, login_as):
    staff = login_as("staff")
    resource = make_resource(status="proposed", proposer=staff)
    db.session.commit()
    response = client.post(f"/moderation/resources/{resource.id}/vet", data=TICKED)
    assert response.status_code == 400 and b"another staff member must vet it" in response.data
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == "proposed"


def test_clinicians_cannot_vet_retire_or_edit(client, db, login_as):
    resource = make_resource(status="proposed")
    login_as("clinician")
    assert client.post(f"/moderation/resources/{resource.id}/vet", data=TICKED).status_code == 403
    assert client.post(f"/moderation/resources/{resource.id}/retire", data={"reason": "x"}).status_code == 403
    assert client.get(f"/moderation/resources/{resource.id}/edit").status_code == 403


def test_retire_and_restore(client, db, login_as):
    resource = make_resource()
    login_as("staff")
    missing = client.post(f"/moderation/resources/{resource.id}/retire", data={"reason": ""})
    assert missing.status_code == 400
    response = client.post(f"/moderation/resources/{resource.id}/retire", data={"reason": "Page removed"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == "retired"
    page = client.get(f"/moderation/resources/{resource.id}")
    assert b"Page removed" in page.data and b"Restore" in page.data
    assert client.post(f"/moderation/resources/{resource.id}/restore").status_code == 302
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == "proposed"
    again = client.post(f"/moderation/resources/{resource.id}/restore", follow_redirects=True)
    assert b"Only a retired resource can be restored" in again.data


def test_staff_edit_prefills_and_saves(client, db, login_as):
    resource = make_resource()
    login_as("staff")
    page = client.get(f"/moderation/resources/{resource.id}/edit")
    assert b'value="Living with heart failure"' in page.data
    assert b'value="heart-failure" selected' in page.data or b'selected value="heart-failure"' in page.data
    response = client.post(f"/moderation/resources/{resource.id}/edit",
                           data=resource_data(title="Heart failure guide", url="https://example.org/hf"))
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Resource, resource.id)
    assert edited.title == "Heart failure guide" and edited.normalized_url == "https://example.org/hf"
    assert edited.status == "vetted"


def test_unknown_resource_is_404(client, login_as):
    login_as("staff")
    assert client.get("/moderation/resources/424242").status_code == 404
    assert client.post("/moderation/resources/424242/vet", data=TICKED).status_code == 404


def test_list_filters_dashboard_and_keyset_pages(app, client, db, login_as, count_queries):
    app.config["PAGE_SIZE"] = 3
    for n in range(5):
        make_resource(title=f"Vetted {n}", url=f"https://example.org/v{n}", publisher="NHS")
    make_resource(status="proposed", title="Awaiting one", url="https://example.org/p", publisher="Mayo")
    overdue = make_resource(title="Old review", url="https://example.org/o", publisher="Mayo")
    overdue.next_review_at = utcnow() - timedelta(days=3)
    broken = make_resource(title="Dead link", url="https://example.org/b", topics=["knee-replacement"])
    broken.link_broken = True
    login_as("staff")

    page = client.get("/moderation/resources")
    assert b"1</span> proposed, awaiting vetting" in page.data
    assert b"1</span> due for review" in page.data and b"1</span> with broken links" in page.data

    assert b"Awaiting one" in client.get("/moderation/resources?status=proposed").data
    assert b"Vetted 0" not in client.get("/moderation/resources?status=proposed").data
    overdue_page = client.get("/moderation/resources?overdue=y").data
    assert b"Old review" in overdue_page and b"Vetted 1" not in overdue_page
    broken_page = client.get("/moderation/resources?broken=y").data
    assert b"Dead link" in broken_page and b"Old review" not in broken_page
    knee = client.get("/moderation/resources?topic=knee-replacement").data
    assert b"Dead link" in knee and b"Old review" not in knee
    mayo = client.get("/moderation/resources?publisher=mayo").data
    assert b"Awaiting one" in mayo and b"Old review" in mayo and b"Vetted 2" not in mayo

    seen, url, counts = [], "/moderation/resources?publisher=NHS", []
    while url:
        with count_queries() as queries:
            response = client.get(url)
        counts.append(len(queries))
        text = response.get_data(as_text=True)
        seen += [f"Vetted {n}" for n in range(5) if f">Vetted {n}<" in text]
        url = text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&") \
            if 'rel="next"' in text else None
    assert sorted(seen) == [f"Vetted {n}" for n in range(5)] and len(seen) == 5
    assert len(set(counts)) == 1, counts
