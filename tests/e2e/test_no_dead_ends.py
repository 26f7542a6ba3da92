"""Issue 17's bugs in a real browser: nothing typed is lost, nobody is stuck, nothing untrue
is said. Each test names the bug it covers and failed on the code before its fix.

The shared `world` is built once through the services. A member or clinician who "accepted
v1 before v2 was published" is made by removing their acceptance of the current version:
publishing a real v2 would send every other journey of the session to the policies page.
"""
import re
import subprocess
import sys
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.accessibility import check_page
from tests.e2e.conftest import Account, build_world

pytestmark = pytest.mark.e2e

_WORLD = """
import json, sys
from sqlalchemy import delete, select
from forum import create_app
from forum.extensions import db
from forum.models import PolicyAcceptance, Topic
from forum.services.policies import current_policy
from forum.services.questions import ask_question
from moderation.models import ReviewItem
from moderation.services.actions import publish_question, return_question
from moderation.services.resources import propose_resource
from moderation.services.claims import claim_item
from moderation.services.resource_bulk import load_seed_resources, seed_resources
from tests.factories import make_user

token, password = sys.argv[1:]
people = {
    "staff": ("staff", {}), "proposer": ("staff", {}), "asker": ("member", {}), "late_member": ("member", {}),
    "notified": ("member", {}), "returned": ("member", {}),
    "cardiologist": ("clinician", {"specialties": ("cardiology",)}),
    "late_cardiologist": ("clinician", {"specialties": ("cardiology",)}),
}
with create_app().test_request_context():
    users = {name: make_user(role, email=f"{name}-{token}@example.org", password=password,
                             pseudonym=f"{name.title().replace('_', '')}{token}", **extra)
             for name, (role, extra) in people.items()}
    seed_resources(load_seed_resources(), users["staff"])
    topic = lambda slug: db.session.scalar(select(Topic).where(Topic.slug == slug)).id
    item_for = lambda question: db.session.scalar(select(ReviewItem).where(ReviewItem.question_id == question.id))

    def ask(title, asker="asker", **extra):
        return ask_question(users[asker], title=f"{title} {token}", topic_ids=[topic("heart-failure")],
                            body="I was told last month and would like to understand what comes next.", **extra)

    published = ask("Is it normal to feel breathless on the stairs with heart failure?", asker="notified")
    item = claim_item(users["staff"], item_for(published))
    publish_question(users["staff"], item, item.version)
    returned = ask("Can I still fly with heart failure?", asker="returned")
    item = claim_item(users["staff"], item_for(returned))
    return_question(users["staff"], item, item.version, reason="Please say which airline and how long the flight is.")
    proposal = propose_resource(users["proposer"], title=f"Heart failure and travel {token}",
                                url=f"https://www.example.org/travel/{token}", publisher="Example Heart Charity",
                                summary="Planning a trip with heart failure.", topics=["heart-failure"])

    discussed = ask("Does the tiredness after a heart failure diagnosis pass?")
    item = claim_item(users["staff"], item_for(discussed))
    publish_question(users["staff"], item, item.version)
    waiting = {name: ask(f"Which foods should I avoid with heart failure ({name})?")
               for name in ("search", "template", "early_template", "late")}
    for name, holder in (("search", "cardiologist"), ("template", "cardiologist"), ("early_template", "cardiologist"),
                         ("late", "late_cardiologist")):
        claim_item(users[holder], item_for(waiting[name]))
    for name, kind in (("late_member", "community_guidelines"), ("late_cardiologist", "clinician_guidelines")):
        db.session.execute(delete(PolicyAcceptance).where(
            PolicyAcceptance.user_id == users[name].id,
            PolicyAcceptance.policy_version_id == current_policy(kind).id))
    db.session.commit()
    print(json.dumps({"questions": {"discussed": discussed.id, "published": published.id, "returned": returned.id,
                                    **{name: q.id for name, q in waiting.items()}},
                      "resource": proposal.id, "member_id": users["asker"].id,
                      "items": {name: item_for(question).id for name, question in waiting.items()},
                      "people": {name: [user.role, user.email, user.pseudonym] for name, user in users.items()}}))
"""


@pytest.fixture(scope="module")
def world(live_server):
    return build_world(live_server, _WORLD)


def _log_in_to(page, account, path: str) -> None:
    """Log in from `path` (following the login link it leads to) and land back on it."""
    page.goto("/auth/login?next=" + path)
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status").filter(has_text=f"Welcome back, {account.pseudonym}")).to_be_visible()


def _accept_guidelines(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the current guidelines")
    check_page(page)
    page.get_by_label(re.compile("I have read and accept")).check()
    page.get_by_role("button", name="Accept and continue").click()
    expect(page.get_by_role("status").filter(has_text="Your acceptance has been recorded")).to_be_visible()


def test_bug1_a_member_behind_on_the_guidelines_accepts_them_before_typing_a_reply(page, world):
    member, question_id = world["people"]["late_member"], world["questions"]["discussed"]
    _log_in_to(page, member, f"/questions/{question_id}")
    _accept_guidelines(page)  # told at login that the guidelines changed, then sent on to the question
    expect(page).to_have_url(re.compile(rf"/questions/{question_id}$"))
    reply = "It got better for me after about two months, and walking helped."
    page.get_by_label("Your reply").fill(reply)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("Your reply"))).to_be_visible()
    expect(page.get_by_role("article").filter(has_text=reply)).to_be_visible()
    check_page(page)


def test_bug1_the_reply_box_is_replaced_by_the_guidelines_gate_until_they_are_accepted(new_page, world, live_server):
    question_id = world["questions"]["discussed"]
    member = _member_behind_on_guidelines(live_server)
    page = new_page()
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password", exact=True).fill(member.password)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/questions/{question_id}")  # straight to the question, past the notice at login
    gate = page.get_by_role("link", name="Read and accept the guidelines")
    expect(gate).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_count(0)  # nothing to type into and lose
    check_page(page)
    gate.click()
    _accept_guidelines(page)
    expect(page.get_by_label("Your reply")).to_be_visible()


_LATE_MEMBER = """
import sys
from sqlalchemy import delete
from forum import create_app
from forum.extensions import db
from forum.models import PolicyAcceptance
from forum.services.policies import current_policy
from tests.factories import make_user
email, pseudonym, password = sys.argv[1:]
with create_app().app_context():
    user = make_user("member", email=email, pseudonym=pseudonym, password=password)
    db.session.execute(delete(PolicyAcceptance).where(
        PolicyAcceptance.user_id == user.id,
        PolicyAcceptance.policy_version_id == current_policy("community_guidelines").id))
    db.session.commit()
"""


def _member_behind_on_guidelines(live_server) -> Account:
    token = uuid.uuid4().hex[:8]
    account = Account(role="member", email=f"late-{token}@example.org", pseudonym=f"Late{token}")
    live_server.run_python(_LATE_MEMBER, account.email, account.pseudonym, account.password)
    return account


def test_bug2_searching_the_library_keeps_the_answer_being_typed(page, world):
    answer = "Keep salt low and weigh yourself every morning; call us if you gain 2 kg in three days."
    _log_in_to(page, world["people"]["cardiologist"], f"/moderation/items/{world['items']['search']}/answer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a question")
    page.get_by_label("Your answer (Markdown)").fill(answer)
    library_search = page.get_by_role("search", name="Find resources in the library")
    library_search.get_by_label("Search resource titles").fill("heart")
    library_search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"\?q=heart"))
    expect(page.get_by_label("Your answer (Markdown)")).to_have_value(answer)
    expect(page.get_by_role("status").filter(has_text="We kept the text you had not sent yet")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is published.")).to_be_visible()
    drafts = page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('rounds-draft:'))")
    assert drafts == []  # published: the browser no longer keeps it


def test_bug3_the_general_answer_template_does_not_repeat_the_disclaimer(page, world):
    _log_in_to(page, world["people"]["cardiologist"], f"/moderation/items/{world['items']['template']}/answer")
    page.get_by_role("combobox", name="Start from a template").select_option(label="General answer")
    body = page.get_by_label("Your answer (Markdown)")
    expect(body).to_have_value(re.compile("Thank you for your question"))
    expect(body).not_to_have_value(re.compile("not medical advice"))
    body.fill(body.input_value().replace("**In short:** ", "**In short:** Less salt, more walking. "))
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is published.")).to_be_visible()
    page.goto(f"/questions/{world['questions']['template']}")
    expect(page.get_by_role("article", name="Answer from a verified clinician")).to_contain_text("Less salt")
    expect(page.get_by_text(re.compile("not medical advice for you"))).to_have_count(1)


def test_bug3_a_template_chosen_before_the_page_finished_loading_is_applied(page, world):
    """On a slow connection the picker can be used before the deferred readability.js runs; the
    choice must not be dropped. The script is held back here so the choice is made first, always."""
    _log_in_to(page, world["people"]["cardiologist"], "/moderation/")
    held = []
    page.route(re.compile(r"/static/js/readability\.js"), lambda route: held.append(route))
    with page.expect_request(re.compile(r"/static/js/readability\.js")):
        page.goto(f"/moderation/items/{world['items']['early_template']}/answer", wait_until="commit")
    page.get_by_role("combobox", name="Start from a template").select_option(label="General answer")
    body = page.get_by_label("Your answer (Markdown)")
    expect(body).to_have_value("")  # chosen while the script was still on its way
    assert len(held) == 1
    held[0].continue_()
    expect(body).to_have_value(re.compile("Thank you for your question"))
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is published.")).to_be_visible()


def test_bug4_a_clinician_behind_on_the_guidelines_is_shown_them_before_answering(page, world):
    clinician, item_id = world["people"]["late_cardiologist"], world["items"]["late"]
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(clinician.email)
    page.get_by_label("Password", exact=True).fill(clinician.password)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/moderation/items/{item_id}/answer")  # straight there, past the notice at login
    _accept_guidelines(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a question")
    page.get_by_label("Your answer (Markdown)").fill("Avoid very salty foods such as crisps and ready meals.")
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is published.")).to_be_visible()
    check_page(page)


def test_bug5_the_crisis_page_says_only_what_happened_and_the_pending_question_repeats_the_contacts(
        page, new_account):
    member = new_account("member")
    steps.log_in(page, member)
    steps.ask_question(page, title="I cannot see the point of going on", topic="Heart failure",
                       details="I have taken all my pills and I want to die tonight.", expect_crisis=True)
    # ONCALL_EMAILS is unset on the test server: nobody was emailed, so the page must not say so.
    expect(page.get_by_text(re.compile("on-call team"))).to_have_count(0)
    expect(page.get_by_text(re.compile("top of our moderators’ queue"))).to_be_visible()
    page.get_by_role("link", name="See the question").click()
    reminder = page.get_by_role("region", name="If you need help now")
    expect(reminder.get_by_role("link", name="Call Suicide & Crisis Lifeline (call or text) on 988")).to_be_visible()
    check_page(page)


def test_bug9_policy_links_use_the_version_number_people_see(page, world):
    _log_in_to(page, world["people"]["staff"], "/moderation/policies")
    page.get_by_role("link", name="Staff usage policy").click()
    expect(page).to_have_url(re.compile(r"document=staff_policy&version=1$"))
    expect(page.get_by_role("heading", level=2, name=re.compile("Who accepted"))).to_have_text(
        "Who accepted Staff usage policy, version 1")
    check_page(page)


def test_bug10_signing_up_from_the_ask_link_comes_back_to_the_ask_form(page, live_server):
    token = uuid.uuid4().hex[:8]
    account = Account(role="member", email=f"asker-{token}@example.org", pseudonym=f"Asker{token}")
    page.goto("/questions/ask")  # an anonymous visitor is sent to log in first
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_role("link", name="Create an account").click()
    steps.fill_registration(page, account)
    page.get_by_role("button", name="Create account").click()
    steps.confirm_by_email(page, account, live_server.mail)  # registering logs nobody in; the link does
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page).to_have_url(re.compile(r"/questions/ask$"))
    check_page(page)


def test_bug11_a_question_too_short_to_answer_is_refused_with_the_reason(page, new_account):
    member = new_account("member")
    steps.log_in(page, member)
    page.goto("/questions/ask")
    page.get_by_label("Title").fill("Hi")
    page.get_by_label("Details").fill("short")
    page.get_by_label("Main condition or procedure").select_option(label="Heart failure")
    page.get_by_role("button", name="Send for review").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("15 to 200 characters")
    expect(summary).to_contain_text("at least 20 characters")
    expect(page.get_by_label("Details")).to_have_value("short")
    check_page(page)


def _unread_in_header(page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("^Notifications"))


def test_bug6_a_notification_is_read_once_opened_and_the_header_counts_unread(page, world):
    member = world["people"]["notified"]
    steps.log_in(page, member)  # members land on their questions
    expect(_unread_in_header(page)).to_have_text("Notifications 1 unread")
    _unread_in_header(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_page(page)
    notice = page.get_by_role("button", name=re.compile("has been published"))
    expect(page.get_by_role("listitem").filter(has=notice)).to_contain_text("New")
    notice.click()
    expect(page).to_have_url(re.compile(rf"/questions/{world['questions']['published']}$"))
    expect(_unread_in_header(page)).to_have_text("Notifications")
    page.goto("/my/notifications")
    expect(page.get_by_role("listitem").filter(has=notice)).not_to_contain_text("New")
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)  # nothing left unread


def test_bug6_the_returned_for_edits_notice_is_settled_by_resubmitting(page, world):
    member, question_id = world["people"]["returned"], world["questions"]["returned"]
    steps.log_in(page, member)
    expect(_unread_in_header(page)).to_have_text("Notifications 1 unread")
    page.goto(f"/questions/{question_id}/edit")
    page.get_by_label("Details").fill("A six-hour flight to Spain with a budget airline, in the spring.")
    page.get_by_role("button", name=re.compile("Send|Save")).click()
    expect(page.get_by_role("status").filter(has_text="Your changes are saved")).to_be_visible()
    expect(_unread_in_header(page)).to_have_text("Notifications")
    page.goto("/my/notifications")
    expect(page.get_by_role("listitem").filter(has_text="returned to you")).not_to_contain_text("New")
    check_page(page)


def test_bug7_staff_are_offered_only_what_they_may_do(new_page, world):
    proposer = new_page()
    _log_in_to(proposer, world["people"]["proposer"], f"/moderation/resources/{world['resource']}")
    expect(proposer.get_by_role("heading", level=1)).to_contain_text("Heart failure and travel")
    expect(proposer.get_by_role("link", name="Vet", exact=True)).to_have_count(0)
    expect(proposer.get_by_text("another staff member vets it")).to_be_visible()
    check_page(proposer)
    proposer.goto(f"/moderation/people/{world['member_id']}")
    roles = proposer.get_by_label("New role")
    expect(roles.locator("option")).to_have_text(["Caregiver"])  # not Staff or Admin, not Clinician without a profile
    check_page(proposer)

    other = new_page()
    _log_in_to(other, world["people"]["staff"], f"/moderation/resources/{world['resource']}")
    expect(other.get_by_role("link", name="Vet", exact=True)).to_be_visible()


def test_bug8_finished_queue_items_show_their_outcome(page, world):
    _log_in_to(page, world["people"]["staff"], "/moderation/?status=done&specialty=all")
    row = page.get_by_role("row").filter(has_text="Is it normal to feel breathless on the stairs")
    expect(row).to_contain_text("Published")
    expect(row).to_contain_text(f"by {world['people']['staff'].pseudonym}")
    expect(row).not_to_contain_text("nobody")
    expect(row).not_to_contain_text("waiting")
    check_page(page)


@pytest.fixture(scope="module")
def dev_server(live_server, tmp_path_factory):
    """`flask run` (the Werkzeug development server) on a free port, on the live server's
    database, as in development: email confirmation required, BASE_URL unset."""
    from tests.e2e.conftest import REPO, _free_port, _wait_until_serving

    port = _free_port()
    log = tmp_path_factory.mktemp("dev") / "flask-run.log"
    env = {key: value for key, value in live_server.env.items()
           if key not in ("BASE_URL", "REQUIRE_EMAIL_VERIFICATION")}
    env.update(ROUNDS_ENV="development", ONCALL_EMAILS="oncall@example.org")
    with log.open("w") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)],
                                   cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url + "/", process, log)
        yield base_url, log
    finally:
        process.terminate()
        process.wait(timeout=10)


_CONFIRM = """
import sys
from sqlalchemy import select
from forum import create_app
from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
with create_app().app_context():
    db.session.scalar(select(User).where(User.email == sys.argv[1])).email_verified_at = utcnow()
    db.session.commit()
"""

_UNCONFIRM = _CONFIRM.replace("email_verified_at = utcnow()", "email_verified_at = None")


def test_bug12_and_13_an_unconfirmed_member_is_told_before_the_form_and_dev_emails_link_to_this_server(
        browser, dev_server, live_server):
    base_url, _log = dev_server
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        token = uuid.uuid4().hex[:8]
        account = Account(role="member", email=f"new-{token}@example.org", pseudonym=f"New{token}")
        # Registering logs nobody in; the emailed link confirms the address and logs in. An
        # account from before that (logged in, still unconfirmed) is what bug 12 was about.
        steps.register(page, account, mail_dir=live_server.mail)
        live_server.run_python(_UNCONFIRM, account.email)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Ask a question").click()
        # Bug 12: told at once, with the way to fix it, instead of after filling in the whole form.
        expect(page.get_by_label("Title")).to_have_count(0)
        page.get_by_role("link", name="Confirm your email address").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your email address")
        check_page(page)
        # Confirm the address directly (the confirmation email itself is not what this test is about).
        live_server.run_python(_CONFIRM, account.email)
        # Bug 13: a crisis post emails ONCALL_EMAILS a link, which must point at this server's port.
        steps.ask_question(page, title="I cannot see the point of going on", topic="Heart failure",
                           details="I have taken all my pills and I want to die tonight.", expect_crisis=True)
        expect(page.get_by_text(re.compile("on-call team has been emailed"))).to_be_visible()
        link = steps.emailed_link(live_server.mail, "may describe", "/moderation/items/")
        assert link.startswith(base_url + "/"), link
    finally:
        context.close()



def test_publishing_a_policy_starts_from_its_text_and_shows_a_preview_and_the_changes_first(page, world):
    # Stops at the confirmation: publishing a real new version would send every staff journey
    # of the session to the policies page (publishing itself: tests/moderation/test_console_policies.py).
    _log_in_to(page, world["people"]["staff"], "/moderation/policies")
    page.get_by_role("link", name="Publish a new policy version").click()
    page.get_by_label("Start from the current text of").select_option(label="Staff usage policy")
    page.get_by_role("button", name="Load its text").click()
    body = page.get_by_label("Full text (Markdown)")
    current = body.input_value()
    assert current.strip()  # the current text, to edit rather than retype
    check_page(page)
    expect(page.get_by_label("Document", exact=True)).to_have_value("staff_policy")
    page.get_by_label("Summary of changes").fill("Adds a rule on shared computers.")
    body.fill(current + "\n\nLock the screen when you leave a shared computer.")
    page.get_by_role("button", name="Preview").click()
    changes = page.get_by_role("list", name=re.compile("Changed lines"))
    expect(changes.get_by_role("insertion")).to_contain_text(["Lock the screen when you leave a shared computer."])
    expect(page.get_by_role("region", name="Version 2 as members will read it")).to_contain_text("Lock the screen")
    expect(page.get_by_role("button", name="Publish version 2")).to_be_visible()
    check_page(page)
