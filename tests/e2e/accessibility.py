"""Accessibility checks run in the browser: axe-core, target size, reflow, visible focus.

axe-core comes from the axe-playwright-python wheel (it ships axe.min.js), so nothing is
downloaded at test time. It is injected with page.evaluate, which the page's CSP
(script-src 'self') does not govern, so the CSP under test stays as served.
"""
import hashlib
import re
import weakref
from functools import cache
from importlib import resources

# Contexts with JavaScript off: axe cannot run inside them, so their DOM is audited in a
# scripted copy of the page instead.
scriptless_contexts: "weakref.WeakSet" = weakref.WeakSet()

# Fingerprints of pages already checked in this session: journeys pass the same login
# form or home page many times, and the checks need run only once per distinct page.
_checked: set[str] = set()
_PER_ACCOUNT = re.compile(r'value="[^"]*"|[0-9a-f]{8}')

BLOCKING_IMPACTS = ("serious", "critical")
MIN_TARGET_PX = 24

_TARGETS_TOO_SMALL = """(min) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const targets = [];
  for (const el of document.querySelectorAll(`:is(header, nav, main, footer) :is(${selector})`)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.right <= 0 || box.bottom <= 0) continue;  // moved off screen, e.g. the skip link
    // Inline exception: a link inside a sentence is sized by the line of text.
    const inline = el.tagName === 'A' && (el.closest('.prose') || (el.closest('p, li, td, dd') &&
      el.parentElement.textContent.trim() !== el.textContent.trim()));
    targets.push({el, box, inline, small: !inline && (box.width < min || box.height < min)});
  }
  // Spacing exception: a 24px circle centred on an undersized target touches no other target
  // and no other undersized target's circle.
  const centre = b => [b.left + b.width / 2, b.top + b.height / 2];
  const circleHitsBox = ([x, y], b) => {
    const dx = x - Math.max(b.left, Math.min(x, b.right));
    const dy = y - Math.max(b.top, Math.min(y, b.bottom));
    return dx * dx + dy * dy < (min / 2) ** 2;
  };
  const problems = [];
  for (const t of targets.filter(t => t.small)) {
    const c = centre(t.box);
    const crowded = targets.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) && (
      circleHitsBox(c, o.box) ||
      (o.small && Math.hypot(c[0] - centre(o.box)[0], c[1] - centre(o.box)[1]) < min)));
    if (crowded) {
      problems.push(`${t.el.outerHTML.slice(0, 120)} is ${t.box.width.toFixed(1)}x${t.box.height.toFixed(1)}` +
                    ' and too close to another target');
    }
  }
  return problems;
}"""

_HORIZONTAL_OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5).map(el => el.outerHTML.slice(0, 100));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""

_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          boxShadow: style.boxShadow};
}"""


@cache
def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


def _axe_violations(page) -> list[dict]:
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def _scripted_copy_violations(page) -> list[dict]:
    """axe needs JavaScript: audit the scriptless page's DOM in a scripted copy of it."""
    html = page.content().replace("<head>", f'<head><base href="{page.url}">', 1)
    copy = page.context.browser.new_page(viewport=page.viewport_size)
    try:
        copy.set_content(html, wait_until="load")
        return _axe_violations(copy)
    finally:
        copy.close()


def check_accessibility(page) -> None:
    """Fail on any serious or critical axe-core violation on the page as it stands."""
    if page.context in scriptless_contexts:
        violations = _scripted_copy_violations(page)
    else:
        violations = _axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5]) for v in blocking)


def check_target_sizes(page) -> None:
    """WCAG 2.5.8: targets are 24x24 CSS px, or spaced as if they were (inline links excepted)."""
    if page.context in scriptless_contexts:
        return  # measured on the scripted visits of the same pages
    problems = page.evaluate(_TARGETS_TOO_SMALL, MIN_TARGET_PX)
    assert not problems, f"targets under {MIN_TARGET_PX}px on {page.url}:\n" + "\n".join(problems)


def check_no_horizontal_scroll(page) -> None:
    """WCAG 1.4.10: content reflows to the viewport width without scrolling sideways."""
    if page.context in scriptless_contexts:
        return
    overflow = page.evaluate(_HORIZONTAL_OVERFLOW)
    assert overflow is None, f"horizontal scrolling on {page.url} at {page.viewport_size}: {overflow}"


def _fingerprint(page) -> str:
    """The page's markup without tokens and per-account names, plus how it is shown."""
    shown = (page.viewport_size, page.evaluate("devicePixelRatio") if page.context not in scriptless_contexts
             else None, page.context in scriptless_contexts)
    markup = _PER_ACCOUNT.sub("", page.content())
    return hashlib.sha256(f"{shown}{markup}".encode()).hexdigest()


def check_page(page) -> None:
    """The checks every journey runs after each navigation (once per distinct page and viewport)."""
    fingerprint = _fingerprint(page)
    if fingerprint in _checked:
        return
    check_accessibility(page)
    check_target_sizes(page)
    check_no_horizontal_scroll(page)
    _checked.add(fingerprint)


def focused_element_style(page) -> dict:
    """Tag, text and outline/box-shadow of the element that has focus."""
    return page.evaluate(_FOCUS_STYLE)


def check_focus_visible(page, presses: int = 6) -> None:
    """Tab through the first controls; each focused one shows an outline or focus ring."""
    if page.context in scriptless_contexts:
        return
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        page.keyboard.press("Tab")
        style = focused_element_style(page)
        if style["tag"] == "BODY":
            continue
        visible = (style["outlineStyle"] != "none" and style["outlineWidth"] >= 2) or style["boxShadow"] != "none"
        assert visible, f"no visible focus indicator on {page.url}: {style}"
