"""What people do in the browser, by labels and roles; each step checks the pages it lands on."""
import re
import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.accessibility import check_page

ROLE_CHOICES = {"member": "A patient", "caregiver": "A family member or caregiver"}


def open_menu(page) -> None:
    """On narrow screens the header's menu is folded behind its Menu button: open it."""
    page.wait_for_load_state("domcontentloaded")  # site.js shows the Menu button then
    button = page.locator(".menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()


def main_navigation(page):
    """The main navigation, opened first where it is folded (open_menu)."""
    open_menu(page)
    return page.get_by_role("navigation", name="Main")


def fill_registration(page, account, *, password: str | None = None) -> None:
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Public pseudonym").fill(account.pseudonym)
    page.get_by_label("Password", exact=True).fill(password or account.password)
    page.get_by_label(ROLE_CHOICES[account.role]).check()
    page.get_by_label("I have read and accept the community guidelines").check()


def register(page, account, *, mail_dir=None) -> None:
    """Register through the form, see the next step (check your email), and end logged in:
    through the emailed confirmation link when `mail_dir` (MAIL_DEV_DIR) is given, else with
    the password (the test server runs with REQUIRE_EMAIL_VERIFICATION off)."""
    page.goto("/auth/register")
    check_page(page)
    fill_registration(page, account)
    page.get_by_role("button", name="Create account").click()
    if mail_dir is None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        check_page(page)
        log_in(page, account)
        return
    confirm_by_email(page, account, mail_dir)
    expect_logged_in(page, account)


def confirm_by_email(page, account, mail_dir) -> None:
    """After registering: the next step is said, and the emailed link finishes joining."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(page)
    page.goto(emailed_path(mail_dir, f"Hello {account.pseudonym},", "/auth/verify/"))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("status").filter(has_text=f"Welcome to the community, {account.pseudonym}")).to_be_visible()


def emailed_link(mail_dir, start: str, path: str) -> str:
    """The newest link to `path` in an email containing `start`; without MAIL_SERVER each
    email is written whole to MAIL_DEV_DIR, just after the request commits."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        emails = "\n".join(mail.read_text() for mail in sorted(mail_dir.glob("*.txt")))
        links = re.findall(rf"{re.escape(start)}.*?(http\S+{path}\S*)", emails, re.DOTALL)
        if links:
            return links[-1]
        time.sleep(0.1)
    raise AssertionError(f"no email with a {path} link in {mail_dir}")


def emailed_path(mail_dir, start: str, path: str) -> str:
    """emailed_link() without its scheme and host: the test server may have no BASE_URL."""
    link = urlsplit(emailed_link(mail_dir, start, path))
    return f"{link.path}?{link.query}" if link.query else link.path


def expect_logged_in(page, account) -> None:
    expect(main_navigation(page).get_by_role("link", name=account.pseudonym)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    check_page(page)


def log_in(page, account, *, password: str | None = None) -> None:
    page.goto("/auth/login")
    check_page(page)
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password", exact=True).fill(password or account.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status").filter(has_text=f"Welcome back, {account.pseudonym}")).to_be_visible()
    expect_logged_in(page, account)


def log_out(page) -> None:
    main_navigation(page).get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status").filter(has_text="You have logged out")).to_be_visible()
    expect(main_navigation(page).get_by_role("link", name="Log in")).to_be_visible()
    check_page(page)


def expect_path(page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"$"))


def ask_question(page, *, title: str, topic: str, details: str = "What should we expect in the first weeks?",
                 for_someone_else: bool = False, expect_crisis: bool = False) -> None:
    """Ask through the form from the main navigation; past the "already answered?" step if shown.

    Lands on the new question's page (or, for `expect_crisis`, on the crisis page)."""
    main_navigation(page).get_by_role("link", name="Ask a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    check_page(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Details").fill(details)
    page.get_by_label("Main condition or procedure").select_option(label=topic)
    page.get_by_label("Someone I care for" if for_someone_else else "Myself").check()
    send_question(page, expect_crisis=expect_crisis)


def send_question(page, *, expect_crisis: bool = False) -> None:
    """Send the filled-in ask form, past the "already answered?" step if shown; lands on the
    new question's page (or, for `expect_crisis`, on the crisis page)."""
    page.get_by_role("button", name="Send for review").click()
    landed = page.get_by_role("heading", level=1, name="You are not alone") if expect_crisis else \
        page.get_by_role("status").filter(has_text="Your question is waiting for review")
    post_anyway = page.get_by_role("button", name="None of these answer my question — post it")
    expect(landed.or_(post_anyway)).to_be_visible()
    if post_anyway.is_visible():
        check_page(page)
        post_anyway.click()
    expect(landed).to_be_visible()
    check_page(page)
