"""The one place that turns member- and clinician-written Markdown into safe HTML.

Called on write; the HTML is stored, so pages never re-render or re-sanitise.
"""
import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "a", "h3", "h4", "hr",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Raw HTML is off: a member's "<script>" becomes text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(["image"])
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[],
)


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)

# Headings members write are demoted so they never compete with the page's own.
_HEADING_MAP = {"<h1>": "<h3>", "</h1>": "</h3>", "<h2>": "<h3>", "</h2>": "</h3>",
                "<h5>": "<h4>", "</h5>": "</h4>", "<h6>": "<h4>", "</h6>": "</h4>"}


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: allow-listed tags, safe link schemes, rel on every link."""
    html = _markdown.render(text or "")
    for old, new in _HEADING_MAP.items():
        html = html.replace(old, new)
    return _linker.linkify(_cleaner.clean(html)).strip()


def plain_excerpt(text: str, length: int = 200) -> str:
    """The first characters of Markdown as plain text, for lists and emails."""
    plain = bleach.clean(_markdown.render(text or ""), tags=set(), strip=True)
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"

