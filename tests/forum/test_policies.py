from forum.services.policies import missing_policies, publish_policy
from tests.factories import make_user


def test_new_policy_version_must_be_accepted_again(client, db, login_as):
    user = login_as(make_user())
    assert missing_policies(user) == []
    staff = make_user("staff")
    publish_policy(staff, "community_guidelines", summary="Clause 8 added.", body_md="New text.")
    db.session.commit()
    page = client.get("/account/policies")
    assert b"Clause 8 added." in page.data and b"version 2" in page.data
    response = client.post("/account/policies", data={"accept": "y"})
    assert response.status_code == 302
    assert missing_policies(user) == []


def test_accepting_needs_the_box_ticked(client, db, login_as):
    login_as(make_user())
    publish_policy(None, "community_guidelines", summary="Changed.", body_md="New text.")
    db.session.commit()
    response = client.post("/account/policies", data={})
    assert response.status_code == 400 and b"tick the box" in response.data


def test_policy_pages_are_public(client):
    response = client.get("/policies/community_guidelines")
    assert response.status_code == 200 and b"Version 1" in response.data
    assert client.get("/policies/nonsense").status_code == 404
