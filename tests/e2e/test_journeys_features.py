"""The feature journeys of issue 9 in a real browser: asking, answering, moderating,
curating resources, a crisis, and a member's own data.

Each journey is one test acting through labels, roles and visible text, with check_page
on every page it reaches. What a journey needs but does not itself show (a clinician
account with a specialty, a question already answered, ...) comes from one shared
`world`, built once through the real services, so journeys do not depend on each other.
"""
import json
import re
import time
import uuid

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import Account, build_world

pytestmark = pytest.mark.e2e

KNEE_ANSWER = ("Most people walk with a frame the day after surgery. "
               "Keep doing the exercises your physiotherapist gives you.")
CRISIS_TEXT = "I have taken all my pills and I want to die tonight."

# One process builds every account and post the journeys start from, through the services.
_WORLD = """
import json, sys
from sqlalchemy import select
from forum import create_app
from forum.extensions import db
from forum.models import Resource, Topic
from forum.services.questions import ask_question
from moderation.models import ReviewItem
from moderation.services.actions import publish_question
from moderation.services.answers import answer_question
from moderation.services.claims import claim_item
from moderation.services.resource_bulk import load_seed_resources, seed_resources
from tests.factories import make_user

token, password = sys.argv[1:]
people = {
    "staff": ("staff", {}), "staff_2fa": ("staff", {}),
    "orthopaedist": ("clinician", {"specialties": ("orthopaedics",)}),
    "cardiologist": ("clinician", {"specialties": ("cardiology",)}),
    "waiting_caregiver": ("caregiver", {}), "answered_caregiver": ("caregiver", {}),
    "asker": ("member", {}), "replier": ("member", {"approved_posts": 10}), "flagger": ("member", {}),
    "in_crisis": ("member", {}), "leaving": ("member", {}), "scriptless": ("caregiver", {}),
}
with create_app().test_request_context():  # services build links with url_for
    users = {name: make_user(role, email=f"{name}-{token}@example.org", password=password,
                             pseudonym=f"{name.title().replace('_', '')}{token}", **extra)
             for name, (role, extra) in people.items()}
    seed_resources(load_seed_resources(), users["staff"])
    topic = lambda slug: db.session.scalar(select(Topic).where(Topic.slug == slug)).id
    item_for = lambda question: db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))

    def ask(name, title, slug, **extra):
        return ask_question(users[name], title=title, body="We would like to know what recovery is like.",
                            topic_ids=[topic(slug)], **extra)

    ask("waiting_caregiver", f"How long is the hospital stay after a knee replacement? {token}",
        "knee-replacement", asking_for="someone_else")
    answered = ask("answered_caregiver", f"When can my father drive after his knee replacement? {token}",
                   "knee-replacement", asking_for="someone_else")
    item = claim_item(users["orthopaedist"], item_for(answered))
    knee_resources = db.session.scalars(Resource.vetted_for_topic(topic("knee-replacement"))).all()[:2]
    answer_question(users["orthopaedist"], answered, body="Most people drive again after six weeks.",
                    resource_ids=[resource.id for resource in knee_resources], item=item, version=item.version)
    discussed = ask("asker", f"Did anyone else feel tired for weeks after a heart failure diagnosis? {token}",
                    "heart-failure")
    item = claim_item(users["staff"], item_for(discussed))
    publish_question(users["staff"], item, item.version)
    db.session.commit()
    print(json.dumps({"questions": {"answered": answered.id, "discussed": discussed.id},
                      "resources": [resource.title for resource in knee_resources],
                      "people": {name: [user.role, user.email, user.pseudonym] for name, user in users.items()}}))
"""


@pytest.fixture(scope="module")
def world(live_server):
    return build_world(live_server, _WORLD)


def _follow(page, link, heading) -> None:
    """Click a link and wait for the page it leads to (its h1), then check that page."""
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page)


def _main_nav(page, name: str, heading) -> None:
    _follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name=name), heading)


def test_a_caregiver_registers_and_asks_about_a_knee_replacement_for_a_relative(page, live_server):
    token = uuid.uuid4().hex[:8]
    caregiver = Account(role="caregiver", email=f"carer-{token}@example.org", pseudonym=f"Carer{token}")
    steps.register(page, caregiver)
    _main_nav(page, caregiver.pseudonym, "Change your password")
    page.get_by_role("navigation", name="Account settings").get_by_role("link", name="Email address").click()
    expect(page.get_by_text("Your email address is not confirmed yet.")).to_be_visible()
    check_page(page)
    page.goto(steps.emailed_path(live_server.mail, f"Hello {caregiver.pseudonym},", "/auth/verify/"))
    check_page(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("status").filter(has_text="your email address is confirmed")).to_be_visible()

    title = f"What exercises help before my mother's knee replacement? {token}"
    steps.ask_question(page, title=title, topic="Knee replacement", for_someone_else=True)

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(f"Asked by {caregiver.pseudonym}, for someone they care for")).to_be_visible()
    expect(page.locator(".status-box")).to_contain_text("Status: Awaiting review")
    _main_nav(page, "My questions", "My questions")
    mine = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))
    expect(mine).to_contain_text("Awaiting review")


def test_a_clinician_filters_the_queue_claims_and_answers_with_two_resources(page, world):
    clinician, token = world["people"]["orthopaedist"], world["token"]
    steps.log_in(page, clinician)
    _main_nav(page, "Queue", "Moderation queue")
    page.get_by_label("Specialty").select_option(label="Orthopaedics")
    page.get_by_label("Topic").select_option(label="Knee replacement")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"specialty=\d+"))
    check_page(page)
    rows = page.get_by_role("row").filter(has_text="Knee replacement")
    expect(rows).not_to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Cardiology")).to_have_count(0)

    title = f"How long is the hospital stay after a knee replacement? {token}"
    question_heading = page.get_by_role("heading", level=2, name=re.compile("^Question: "))
    rows.get_by_role("link", name=title).click()
    expect(question_heading).to_have_text(f"Question: {title}")
    check_page(page)
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("status").filter(has_text="You have claimed this item.")).to_be_visible()
    check_page(page)
    _follow(page, page.get_by_role("link", name="Answer and publish"), "Answer a question")
    page.get_by_label("Your answer (Markdown)").fill(KNEE_ANSWER)
    attachable = page.get_by_role("group", name="Attach resources from the library").get_by_role("checkbox")
    attachable.nth(0).check()
    attachable.nth(1).check()
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is published.")).to_be_visible()
    check_page(page)


def test_the_caregiver_sees_the_notification_and_the_answer_with_the_disclaimer(page, new_page, world):
    caregiver = world["people"]["answered_caregiver"]
    steps.log_in(page, caregiver)
    _main_nav(page, re.compile("^Notifications"), "Notifications")
    notice = page.get_by_role("main").get_by_role("button", name=re.compile("A clinician has answered your question"))
    expect(notice).to_be_visible()
    _follow(page, notice, re.compile("When can my father drive"))
    answer = page.get_by_role("article", name="Answer from a verified clinician")
    expect(answer).to_contain_text("Verified clinician answer")
    expect(answer).to_contain_text("Dr Test")  # the clinician's full name (factories) and credentials
    expect(answer).to_contain_text("MD · Orthopaedics")
    expect(answer).to_contain_text("Most people drive again after six weeks.")
    for title in world["resources"]:
        expect(answer.get_by_role("link", name=title).first).to_be_visible()
    expect(answer.locator(".disclaimer")).to_contain_text("not medical advice for you")
    expect(page.get_by_role("status").filter(has_text="Awaiting review")).to_have_count(0)

    visitor = new_page()  # anonymous: the published answer, its resources and the disclaimer too
    visitor.goto(page.url)
    expect(visitor.get_by_role("article", name="Answer from a verified clinician")).to_contain_text(
        "not medical advice for you")
    check_page(visitor)


def test_staff_hide_a_flagged_reply_and_others_no_longer_see_it(new_page, world):
    people, question_id = world["people"], world["questions"]["discussed"]
    reply_text = "Try the herbal cure from my cousin's website instead of your tablets."
    replier = new_page()
    steps.log_in(replier, people["replier"])
    replier.goto(f"/questions/{question_id}")
    check_page(replier)
    replier.get_by_label("Your reply").fill(reply_text)
    replier.get_by_role("button", name="Post reply").click()
    expect(replier.get_by_role("status").filter(has_text="Your reply is published.")).to_be_visible()
    check_page(replier)

    flagger = new_page()
    steps.log_in(flagger, people["flagger"])
    flagger.goto(f"/questions/{question_id}")
    reply = flagger.get_by_role("article").filter(has_text=reply_text)
    _follow(flagger, reply.get_by_role("link", name="Flag this reply"), "Flag a reply for moderators")
    flagger.get_by_label("Incorrect medical information").check()
    flagger.get_by_role("button", name="Send to moderators").click()
    expect(flagger.get_by_role("status").filter(has_text="A moderator will look at this.")).to_be_visible()
    check_page(flagger)

    staff = new_page()
    steps.log_in(staff, people["staff"])
    _main_nav(staff, "Queue", "Moderation queue")
    staff.get_by_label("Kind").select_option(label="Flagged post")
    staff.get_by_role("button", name="Filter").click()
    expect(staff).to_have_url(re.compile(r"kind=flag"))
    check_page(staff)
    staff.get_by_role("row").filter(has_text="Heart failure").get_by_role("link").first.click()
    expect(staff.get_by_role("region", name="Reply")).to_contain_text(reply_text)
    check_page(staff)
    staff.get_by_role("button", name="Claim").click()
    expect(staff.get_by_role("status").filter(has_text="You have claimed this item.")).to_be_visible()
    check_page(staff)
    staff.get_by_label("Reason shown to the author").fill("Please do not suggest stopping prescribed medicine.")
    staff.get_by_role("button", name="Hide post").click()
    expect(staff.get_by_role("status").filter(has_text="The post is hidden.")).to_be_visible()
    check_page(staff)

    flagger.reload()
    expect(flagger.get_by_role("heading", level=1)).to_be_visible()
    expect(flagger.get_by_text(reply_text)).to_have_count(0)
    visitor = new_page()  # first anonymous visit, so no cached copy from before the hide
    visitor.goto(f"/questions/{question_id}")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.get_by_text(reply_text)).to_have_count(0)
    check_page(visitor)
    replier.reload()
    own = replier.get_by_role("article").filter(has_text=reply_text)
    expect(own).to_contain_text("Hidden because: Please do not suggest stopping prescribed medicine.")
    check_page(replier)


def test_a_clinician_proposes_a_resource_staff_vet_it_and_it_shows_on_the_topic_page(new_page, world):
    people, token = world["people"], world["token"]
    title = f"Living well with heart failure {token}"
    clinician = new_page()
    steps.log_in(clinician, people["cardiologist"])
    _main_nav(clinician, "Resources", "Trusted health resources")
    _follow(clinician, clinician.get_by_role("link", name="Manage the resource library"), "Resource library")
    _follow(clinician, clinician.get_by_role("link", name="Propose a resource"), "Propose a resource")
    clinician.get_by_label("Title").fill(title)
    clinician.get_by_label("Link (web address)").fill(f"https://www.example.org/heart-failure/{token}")
    clinician.get_by_label("Publisher").fill("Example Heart Foundation")
    clinician.get_by_label("Summary").fill("How to notice fluid build-up early and what to do about it.")
    clinician.get_by_label("Topics").select_option(label="Heart failure")
    clinician.get_by_role("button", name="Propose resource").click()
    expect(clinician.get_by_role("status").filter(has_text="a staff member will vet it")).to_be_visible()
    check_page(clinician)
    resource_url = clinician.url

    staff = new_page()
    steps.log_in(staff, people["staff"])
    staff.goto(resource_url)
    check_page(staff)
    _follow(staff, staff.get_by_role("link", name="Vet", exact=True), f"Vet “{title}”")
    checklist = staff.get_by_role("group", name="Vetting checklist: every criterion must be met")
    staff.get_by_role("button", name="Vet this resource").click()  # nothing ticked: refused, and said why
    expect(staff.get_by_role("alert").filter(has_text="Check this criterion before vetting.").first).to_be_visible()
    check_page(staff)
    for box in checklist.get_by_role("checkbox").all():
        box.check()
    staff.get_by_role("button", name="Vet this resource").click()
    expect(staff.get_by_role("status").filter(has_text="is vetted; patients can now see it.")).to_be_visible()
    check_page(staff)

    _main_nav(clinician, "Topics", "Conditions and procedures")
    _follow(clinician, clinician.get_by_role("region", name="A–Z").get_by_role("link", name="Heart failure", exact=True),
            "Heart failure")
    expect(clinician.get_by_role("region", name="Trusted resources").get_by_role("link", name=title)).to_be_visible()


def test_a_member_in_crisis_sees_the_crisis_page_at_once(page, world):
    steps.log_in(page, world["people"]["in_crisis"])
    steps.ask_question(page, title="I cannot cope with this any more", details=CRISIS_TEXT,
                       topic="Heart failure", expect_crisis=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("You are not alone")
    expect(page.get_by_role("link", name="Call Emergency services on 911")).to_be_visible()
    expect(page.get_by_role("link", name="Call Suicide & Crisis Lifeline (call or text) on 988")).to_be_visible()
    expect(page.get_by_text("It is not public yet")).to_be_visible()


def test_a_member_downloads_their_data_and_deletes_their_account(page, world):
    member = world["people"]["leaving"]
    steps.log_in(page, member)
    _main_nav(page, "Your data", "Your data")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("rounds-my-data-")
    with open(download.path(), encoding="utf-8") as export:
        assert json.load(export)["account"]["email"] == member.email

    _follow(page, page.get_by_role("link", name="Delete my account"), "Delete your account")
    page.get_by_role("button", name="Delete my account").click()  # nothing chosen: refused, and said why
    expect(page.get_by_role("alert").filter(has_text="Tick the box to confirm.").first).to_be_visible()
    check_page(page)
    page.get_by_label("Keep them, shown as written by a former member").check()
    page.get_by_label("Your current password").fill(member.password)
    page.get_by_label("I understand that deleting my account cannot be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status").filter(has_text="Your account has been deleted.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    check_page(page)

    page.goto("/auth/login")
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password", exact=True).fill(member.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("That email and password do not match an account.")


def test_without_javascript_a_caregiver_asks_and_sees_it_pending(new_page, world):
    page = new_page(javascript=False)
    caregiver = world["people"]["scriptless"]
    steps.log_in(page, caregiver)
    title = f"Is it normal to feel dizzy after starting a new diabetes tablet? {world['token']}"
    steps.ask_question(page, title=title, topic="Type 2 diabetes", for_someone_else=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".status-box")).to_contain_text("Status: Awaiting review")
    _main_nav(page, "My questions", "My questions")
    expect(page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))).to_contain_text(
        "Awaiting review")


def test_a_staff_member_turns_on_two_factor_and_logs_in_with_a_code(page, world):
    staff = world["people"]["staff_2fa"]
    steps.log_in(page, staff)
    page.goto("/account/2fa")
    check_page(page)
    _follow(page, page.get_by_role("link", name="Set up two-factor authentication"),
            "Set up two-factor authentication")
    secret = page.locator("code.setup-key").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    current = {totp.at(time.time() + step) for step in (-30, 0, 30)}
    wrong = next(code for code in ("123456", "654321", "111111") if code not in current)
    page.get_by_label("6-digit code from your app").fill(wrong)
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("alert").filter(has_text="That code does not match").first).to_be_visible()
    check_page(page)
    expect(page.locator("code.setup-key")).to_have_text(secret)  # the same key until it is confirmed
    # The previous step's code (inside the drift window): a code works once, so the login
    # below needs one the enrolment did not use.
    page.get_by_label("6-digit code from your app").fill(totp.at(time.time() - 30))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication is on")
    check_page(page)

    steps.log_out(page)
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password", exact=True).fill(staff.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    check_page(page)
    page.get_by_label("Code", exact=True).fill(totp.now())
    page.get_by_role("button", name="Continue").click()
    steps.expect_logged_in(page, staff)


def test_feature_pages_reflow_at_320_css_pixels(new_page, world):
    """WCAG 1.4.10 on the pages these journeys add: asking, a question, the queue, an item, the library."""
    people, question_id = world["people"], world["questions"]["answered"]
    member = new_page(width=320, height=640)
    steps.log_in(member, people["asker"])
    # Its own pending question, so the queue below has an item whatever ran before.
    title = f"Is swelling normal two weeks after a knee replacement? {uuid.uuid4().hex[:8]}"
    steps.ask_question(member, title=title, topic="Knee replacement")
    for path in ("/questions/ask", f"/questions/{question_id}", "/my/questions", "/account/privacy/",
                 "/resources/", "/topics/knee-replacement"):
        assert member.goto(path).status == 200, path
        check_page(member)
    staff = new_page(width=320, height=640)
    steps.log_in(staff, people["staff"])
    for path in ("/moderation/resources", "/moderation/"):
        assert staff.goto(path).status == 200, path
        check_page(staff)
    staff.get_by_role("table").get_by_role("link", name=title).click()
    expect(staff.get_by_role("heading", name="Claim")).to_be_visible()
    check_page(staff)
