"""The catalogues are complete: every string the code and templates mark for translation has a
Spanish translation (not empty, not fuzzy, same placeholders), and wrapped templates hold no
literal English outside `_()` / `{% trans %}`."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "forum" / "translations"
LANGUAGES = ("es",)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "lazy_ngettext": (1, 2)}


def extracted_messages() -> set[str]:
    """What `make messages` extracts (babel.cfg, the same keywords), read straight from the source."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message if isinstance(message, str) else message[0]
            for _file, _line, message, _comments, _context in extract_from_dir(
                str(ROOT), method_map, options_map, keywords=KEYWORDS)
            if message}


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_has_a_translation(language):
    entries = {message.id if isinstance(message.id, str) else message.id[0]: message
               for message in catalogue(language) if message.id}
    missing = sorted(extracted_messages() - entries.keys())
    assert not missing, f"not in the {language} catalogue (run `make messages`, then translate): {missing[:20]}"
    problems = []
    for msgid, message in entries.items():
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {msgid!r}")
            continue
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(msgid)):
                problems.append(f"placeholders differ: {msgid!r} -> {string!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles_without_errors(language):
    errors = [(message.id, error) for message, error_list in catalogue(language).check() for error in error_list]
    assert not errors, errors[:10]


# -- templates: no literal text outside _() / {% trans %} -----------------------------------

TEMPLATE_DIRS = (ROOT / "forum" / "templates", ROOT / "moderation" / "templates")
# Templates not wrapped yet (issue 19 wraps them area by area); every other template is checked.
NOT_YET_WRAPPED = {
    line.strip() for line in """
_share_links.html
articles/_content.html
articles/_policy.html
articles/edit.html
articles/mine.html
articles/preview.html
articles/show.html
moderation/article_item.html
moderation/console/catalogue.html
moderation/console/dashboard.html
moderation/console/people.html
moderation/console/person.html
moderation/console/policies.html
moderation/console/policy_new.html
moderation/console/renew_verification.html
moderation/console/review_due.html
moderation/console/specialties.html
moderation/console/topic.html
moderation/item.html
moderation/resources/detail.html
moderation/resources/form.html
moderation/resources/list.html
moderation/resources/retire.html
moderation/resources/vet.html
""".splitlines() if line.strip()
}
# The product's name is not translated; symbols and numbers have no letters to check.
PRODUCT_NAME = re.compile(r"\bRounds\b")


def literal_text(source: str) -> list[str]:
    """Text nodes of a Jinja template with its tags, expressions, comments, `<script>`/`<style>`
    and HTML tags taken out: whatever is left was written in the template as prose."""
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}", " ", source, flags=re.S)
    source = re.sub(r"{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S | re.I)
    # Attributes people read: alt, title, placeholder, aria-label. The rest of a tag is code.
    readable = re.findall(r"""\b(?:alt|title|placeholder|aria-label)="([^"{]*[A-Za-z][^"{]*)\"""", source)
    source = re.sub(r"<[^>]*>", "\n", source)
    source = re.sub(r"&\w+;|&#\d+;", " ", source)
    return [text.strip() for text in source.splitlines() + readable
            if re.search(r"[A-Za-z]{2,}", PRODUCT_NAME.sub("", text))]


def templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            yield str(path.relative_to(directory))


def test_wrapped_templates_have_no_literal_text():
    found = {}
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            name = str(path.relative_to(directory))
            if name in NOT_YET_WRAPPED:
                continue
            texts = literal_text(path.read_text())
            if texts:
                found[name] = texts[:3]
    assert not found, f"literal text outside _() or {{% trans %}}: {found}"


def test_the_not_yet_wrapped_list_names_real_templates():
    assert NOT_YET_WRAPPED <= set(templates())


def test_the_scanner_sees_literal_text():
    assert literal_text('<p>Hello {{ name }}</p><img alt="A chart">') == ["Hello", "A chart"]
    assert literal_text('<p>{{ _("Hello") }}</p>{% trans %}Hi {{ n }}{% endtrans %}<b>·</b>') == []


def test_the_extraction_sees_templates_python_and_lazy_strings():
    messages = extracted_messages()
    assert {"Choose your language",  # a template
            "Choose a time zone from the list.",  # gettext in a service
            "Language of the site and of our emails"} <= messages  # lazy_gettext in a form
