"""Spanish in a real browser: the language switch without JavaScript or an account, and
Spanish pages passing axe (lang attributes included) at desktop size and at 320 CSS px."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import check_page

pytestmark = pytest.mark.e2e

SPANISH_PAGES = ["/", "/auth/login", "/auth/register", "/disclaimer", "/topics/", "/resources/", "/language"]


def test_the_switch_works_without_javascript_and_without_an_account(new_page):
    page = new_page(javascript=False)
    page.goto("/topics/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")  # the switch page speaks Spanish
    page.get_by_role("button", name="Continuar").click()
    expect(page).to_have_url(re.compile(r"/topics/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Afecciones y procedimientos")
    # Remembered: the next page is Spanish too, and the header offers English back.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="English")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_spanish_pages_pass_axe(new_page, width):
    page = new_page(width=width, height=800 if width > 320 else 640, locale="es-US")
    for path in SPANISH_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        check_page(page)
