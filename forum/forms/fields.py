"""Shared field helpers for forms: choices and coercions, no saving."""
from wtforms.fields.choices import SelectChoice

from forum.models.enums import TopicKind


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value):
    """Coerce a select's value: '' (no choice) is None, anything else must be a number that
    can be a database id (a ValueError becomes the field's "Not a valid choice" error)."""
    if value in (None, ""):
        return None
    number = int(value)
    if not 0 < number < 2**31:
        raise ValueError("Not a valid choice.")
    return number


def topic_choices(topics, blank: str | None = None) -> list[SelectChoice]:
    """Conditions and procedures as choices, grouped by kind."""
    options = [SelectChoice("", blank)] if blank else []
    for topic in topics:
        group = "Conditions" if topic.kind == TopicKind.CONDITION else "Procedures"
        options.append(SelectChoice(str(topic.id), topic.name, optgroup=group))
    return options
