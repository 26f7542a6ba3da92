"""Issue 23 items 7 and 18: numbers from requests are ASCII digits within a range, and list
links carry only the known parameters."""
import pytest

from forum.forms.fields import optional_int
from forum.platform.numbers import parse_date, parse_id, parse_int
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user

HUGE = "99999999999999999999"


@pytest.mark.parametrize("raw", ["²", "٣", " 7", "7\n", "1.5", "0x10", HUGE, "2147483648", "", "+3", True])
def test_ids_are_ascii_digits_in_range(raw):
    with pytest.raises(ValueError):
        parse_id(raw)


def test_good_numbers_and_dates_parse():
    assert parse_id("2147483647") == 2**31 - 1 and parse_int("-3", minimum=-5) == -3
    assert parse_date("2026-01-31").day == 31 and optional_int("") is None
    for bad in ("9999-12-31", "0001-01-01", "2026-1-1", "２０２６-01-01"):
        with pytest.raises(ValueError):
            parse_date(bad)


@pytest.mark.parametrize("url", [
    "/topics/heart-failure?after=1²-1",
    "/resources/?after=²",
    f"/resources/?after={HUGE}",
    "/search?q=heart&date_to=9999-12-31",
    "/search?q=heart&date_from=9999-12-31",
    f"/search?q=heart&after=1.0_{HUGE}",
    f"/search?q=heart&topic={HUGE}",
])
def test_public_pages_refuse_bad_numbers_with_400(client, url):
    assert client.get(url).status_code == 400, url


@pytest.mark.parametrize("url", [
    "/moderation/?topic=²", f"/moderation/?topic={HUGE}", f"/moderation/?specialty={HUGE}",
    "/moderation/?specialty=٣", f"/moderation/?after={HUGE}", f"/moderation/policies?version={HUGE}",
    f"/moderation/policies?after=1-{HUGE}", "/moderation/policies?version=²",
    "/moderation/audit?date_to=9999-12-31", f"/moderation/resources?before={HUGE}",
    "/moderation/console?to=9999-12-31",
])
def test_moderation_filters_refuse_bad_numbers(client, login_as, url):
    login_as("staff")
    assert client.get(url).status_code == 400, url


def test_item_action_versions_and_select_fields_are_bounded(db, client, login_as):
    item = queue_question(make_question(make_user("member")))
    db.session.commit()
    clinician = login_as("clinician")
    assert client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version}).status_code == 302
    for version in (HUGE, "٣", "²"):
        response = client.post(f"/moderation/items/{item.id}/answer",
                               data={"version": version, "body": "An answer of some length for the patient."})
        assert response.status_code == 400, version
        response = client.post(f"/moderation/items/{item.id}/answer",
                               data={"version": item.version + 1, "body": "Long enough answer text here.",
                                     "resources": HUGE})
        assert response.status_code == 400, version
    assert clinician


def test_staff_select_fields_refuse_huge_ids(db, client, login_as):
    login_as("staff")
    response = client.post("/moderation/catalogue/topics", data={"kind": "condition", "name": "New thing",
                                                                 "specialty_id": HUGE})
    assert response.status_code == 400


def test_list_links_carry_only_known_parameters(db, client, login_as, app):
    app.config["PAGE_SIZE"] = 1
    member = make_user("member")
    for _ in range(3):
        queue_question(make_question(member))
    db.session.commit()
    login_as("staff")
    page = client.get("/moderation/?status=open&_external=1&_scheme=javascript&_anchor=x&evil=1")
    assert page.status_code == 200
    html = page.data.decode()
    assert 'href="/moderation/?status=open&amp;after=' in html
    for leaked in ("http://rounds.test/moderation/?", "_external", "_scheme", "javascript:", "#x", "evil=1"):
        assert leaked not in html, leaked
    audit = client.get("/moderation/audit?_external=1&action=x&_anchor=y").data.decode()
    assert 'href="/moderation/audit.csv?action=x"' in audit and "http://rounds.test/moderation/audit" not in audit
