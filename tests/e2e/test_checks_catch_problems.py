"""The browser checks themselves: each one fails on a page with the problem it looks for."""
import pytest

from tests.e2e.accessibility import (check_accessibility, check_focus_visible, check_no_horizontal_scroll,
                                     check_target_sizes)

pytestmark = pytest.mark.e2e

ACCESSIBLE = '<!doctype html><html lang="en"><title>t</title><main><h1>Fine</h1>{}</main></html>'


def test_axe_fails_on_an_image_without_alt_text_and_passes_without_it(page):
    page.set_content(ACCESSIBLE.format('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'))
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
    page.set_content(ACCESSIBLE.format('<p>Plain text.</p>'))
    check_accessibility(page)


def test_axe_runs_on_pages_without_javascript(new_page):
    page = new_page(javascript=False)
    page.goto("/")
    page.set_content(ACCESSIBLE.format('<input type="text">'))
    with pytest.raises(AssertionError, match="label"):
        check_accessibility(page)


def test_crowded_small_targets_fail_but_inline_links_do_not(page):
    page.set_content(ACCESSIBLE.format(
        '<p>Read the <a href="/a">guidelines</a> first.</p>'
        '<nav><button style="all:unset;font-size:10px">a</button><button style="all:unset;font-size:10px">b</button></nav>'))
    with pytest.raises(AssertionError, match="too close"):
        check_target_sizes(page)
    page.set_content(ACCESSIBLE.format('<p>Read the <a href="/a">guidelines</a> first.</p>'))
    check_target_sizes(page)


def test_sideways_scrolling_fails(new_page):
    page = new_page(width=320, height=640)
    page.set_content(ACCESSIBLE.format('<pre>' + "x" * 200 + '</pre>'))
    with pytest.raises(AssertionError, match="horizontal scrolling"):
        check_no_horizontal_scroll(page)


def test_hidden_focus_fails(page):
    page.set_content('<style>*:focus { outline: none; }</style>' + ACCESSIBLE.format('<a href="/a">A link</a>'))
    with pytest.raises(AssertionError, match="no visible focus"):
        check_focus_visible(page, presses=2)
