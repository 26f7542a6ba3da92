"""Every page we have, logged out and in, at desktop size, at 320 CSS px and at 200% zoom."""
import pytest
from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.accessibility import check_focus_visible, check_page, focused_element_style

pytestmark = pytest.mark.e2e

ANONYMOUS_PAGES = ["/", "/policies/community_guidelines", "/disclaimer", "/auth/login", "/auth/register"]
MEMBER_PAGES = ["/", "/policies/community_guidelines", "/disclaimer", "/account/password"]
# 320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10); 640 px at scale 2 is 200% zoom.
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "320px": {"width": 320, "height": 640},
    "zoom-200": {"width": 640, "height": 400, "scale": 2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_anonymous_pages_pass_axe_and_reflow(new_page, viewport):
    page = new_page(**VIEWPORTS[viewport])
    for path in ANONYMOUS_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.get_by_role("main")).to_be_visible()
        check_page(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_member_pages_pass_axe_and_reflow(new_page, new_account, viewport):
    member = new_account("member")
    page = new_page(**VIEWPORTS[viewport])
    steps.log_in(page, member)
    for path in MEMBER_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        expect(steps.main_navigation(page).get_by_role("button", name="Log out")).to_be_visible()
        check_page(page)


def test_focus_is_visible_when_tabbing(page, new_account):
    page.goto("/auth/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert focused_element_style(page)["outlineStyle"] != "none"
    check_focus_visible(page, presses=8)
    steps.log_in(page, new_account("member"))
    check_focus_visible(page, presses=6)


def test_skip_link_moves_to_main_content(page):
    page.goto("/disclaimer")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop after main is a control inside it or the footer, never the header again.
    assert page.evaluate("!document.querySelector('header').contains(document.activeElement)")


def test_login_needs_no_puzzle(page):
    """WCAG 3.3.8: email and password only, autofill hints present, pasting allowed."""
    page.goto("/auth/login")
    form = page.locator("main form")
    visible_controls = form.locator("input:not([type=hidden]), select, textarea")
    expect(visible_controls).to_have_count(2)
    expect(page.get_by_label("Email address")).to_have_attribute("autocomplete", "username")
    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("autocomplete", "current-password")
    expect(form.locator("iframe, canvas, img")).to_have_count(0)
    for control in (page.get_by_label("Email address"), password):
        allowed = control.evaluate("el => el.dispatchEvent(new Event('paste', {bubbles: true, cancelable: true}))")
        assert allowed, "pasting into the login form is blocked"
    page.get_by_label("Email address").fill("pasted@example.org")
    expect(page.get_by_label("Email address")).to_have_value("pasted@example.org")


def test_pages_send_a_content_security_policy_without_inline_script(page):
    response = page.goto("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("[style]").count() == 0
