"""Issue 17's journeys on a phone: 390 x 844 CSS px (an iPhone 12 to 15), JavaScript on.

Each journey acts through labels and roles, as on the desktop, and runs check_page (axe,
target sizes, no sideways scrolling) on every page it reaches. The header folds behind a
Menu button there (steps.main_navigation opens it).
"""
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import Account, build_world

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

_WORLD = """
import json, sys
from sqlalchemy import select
from forum import create_app
from forum.extensions import db
from forum.models import Topic
from forum.services.questions import ask_question
from moderation.models import ReviewItem
from moderation.services.answers import answer_question
from moderation.services.claims import claim_item
from tests.factories import make_user

token, password = sys.argv[1:]
people = {"staff": ("staff", {}), "asker": ("member", {}),
          "cardiologist": ("clinician", {"specialties": ("cardiology",)})}
with create_app().test_request_context():
    users = {name: make_user(role, email=f"{name}-{token}@example.org", password=password,
                             pseudonym=f"Phone{name.title()}{token}", **extra)
             for name, (role, extra) in people.items()}
    heart = db.session.scalar(select(Topic).where(Topic.slug == "heart-failure")).id
    item_for = lambda question: db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))

    def ask(title):
        return ask_question(users["asker"], title=f"{title} {token}", topic_ids=[heart],
                            body="I was told last month and would like to understand what comes next.")

    answered = ask("Can I drink coffee with heart failure?")
    item = claim_item(users["cardiologist"], item_for(answered))
    answer_question(users["cardiologist"], answered, body="One or two cups a day are fine for most people.",
                    item=item, version=item.version)
    waiting = ask("Should I weigh myself every day with heart failure?")
    db.session.commit()
    print(json.dumps({"answered": answered.id, "waiting": waiting.title,
                      "people": {name: [user.role, user.email, user.pseudonym] for name, user in users.items()}}))
"""


@pytest.fixture(scope="module")
def world(live_server):
    return build_world(live_server, _WORLD)


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_an_anonymous_visitor_finds_a_topic_and_asks_after_joining(new_page, world, live_server):
    page = new_page(**PHONE)
    page.goto("/")
    check_page(page)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    assert _header_height(page) <= 80  # one row (it was four, about 195 px)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    # A short A–Z index instead of 9,800 px of topic cards (popular topics come first: see the member's journey,
    # since an anonymous visitor may be shown a cached home page from before the world was built).
    assert page.evaluate("document.documentElement.scrollHeight") < 5000
    page.get_by_role("navigation", name="Topics by letter").get_by_role("link", name="T", exact=True).click()
    expect(page).to_have_url(re.compile("#az-t$"))
    page.get_by_role("link", name="Type 2 diabetes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Type 2 diabetes")
    check_page(page)

    # Search from the folded header, with a count of what it found.
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    check_page(page)
    site_search = page.get_by_role("search", name="Site")
    site_search.get_by_label("Search questions and answers").fill("coffee heart failure")
    site_search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^\d+ results? for “coffee heart failure”$"))) \
        .to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Can I drink coffee with heart failure"))).to_be_visible()
    check_page(page)

    # An empty topic invites the first question; joining on the way comes back to the ask form.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Type 2 diabetes")
    page.get_by_role("link", name="Be the first to ask about Type 2 diabetes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    check_page(page)
    page.get_by_role("link", name="Create an account").click()
    token = uuid.uuid4().hex[:8]
    account = Account(role="member", email=f"phone-{token}@example.org", pseudonym=f"Phone{token}")
    check_page(page)
    steps.fill_registration(page, account)
    page.get_by_role("button", name="Create account").click()
    steps.confirm_by_email(page, account, live_server.mail)  # registering logs nobody in; the link does
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page.get_by_label("Main condition or procedure")).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_label("Main condition or procedure").locator("option:checked")).to_have_text(
        "Type 2 diabetes")
    check_page(page)
    page.get_by_label("Title").fill("How often should my blood sugar be checked?")
    page.get_by_label("Details").fill("I was diagnosed last week and I have a meter but no plan yet.")
    page.get_by_label("Myself").check()
    steps.send_question(page)


def test_a_member_reads_the_answer_and_replies_on_a_phone(new_page, world):
    page = new_page(**PHONE)
    steps.log_in(page, world["people"]["asker"])  # members land on their questions
    expect(page.get_by_role("heading", level=1)).to_have_text("My questions")
    check_page(page)
    page.goto("/")
    popular = page.get_by_role("region", name="Popular topics")
    expect(popular.get_by_role("link", name=re.compile("Heart failure"))).to_be_visible()
    check_page(page)
    page.goto("/my/questions")
    page.get_by_role("link", name=re.compile("Can I drink coffee with heart failure")).click()
    expect(page.get_by_role("article", name="Answer from a verified clinician")).to_contain_text("One or two cups")
    check_page(page)
    page.get_by_label("Your reply").fill("Thank you, that is reassuring to know.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("Your reply"))).to_be_visible()
    check_page(page)
    steps.main_navigation(page).get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_page(page)


def test_a_clinician_works_the_queue_as_cards_on_a_phone(browser, live_server, world):
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE, timezone_id="Asia/Tokyo")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        steps.log_in(page, world["people"]["cardiologist"])
        page.goto("/moderation/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
        check_page(page)  # no sideways scrolling: rows are cards
        card = page.get_by_role("row").filter(has_text=world["waiting"])
        expect(card).to_contain_text("Heart failure")
        assert card.evaluate("row => getComputedStyle(row).display") == "block"  # a card, not a table row
        assert card.evaluate("row => getComputedStyle(row.cells[1], '::before').content") == '"Topic: "'
        assert card.bounding_box()["width"] <= PHONE["width"]
        card.get_by_role("link", name=world["waiting"]).click()
        expect(page.get_by_role("heading", name="Claim")).to_be_visible()
        check_page(page)
        page.get_by_role("button", name="Claim", exact=True).click()
        expect(page.get_by_role("button", name="Release claim")).to_be_visible()
        check_page(page)
        # The claim's end in this phone's local time (Tokyo here), not in UTC.
        claim = page.get_by_role("region", name="Claim")
        expect(claim.locator("time")).to_have_text(re.compile(r"^\d\d:\d\d( [AP]M)? GMT\+9$"))
    finally:
        context.close()


def test_staff_pages_work_on_a_phone(new_page, world):
    page = new_page(**PHONE)
    steps.log_in(page, world["people"]["staff"])
    for path, heading in (("/moderation/console", "Staff console"), ("/moderation/people", "People"),
                          ("/moderation/resources", "Resource library"), ("/moderation/policies", "Policy acceptance"),
                          ("/moderation/audit", "Audit trail"), ("/moderation/health", "Queue health")):
        assert page.goto(path).status == 200, path
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check_page(page)
