"""Shared field helpers for forms: choices, coercions and number/date fields, no saving.

Every number or date a form reads goes through forum.platform.numbers (ASCII digits and a
range), so "²", "٣", 99999999999999999999 or 9999-12-31 are a field error, never a 500.
"""
from flask_babel import gettext as _
from wtforms import DateField, IntegerField
from wtforms.fields.choices import SelectChoice

from forum.models.enums import TopicKind
from forum.platform.numbers import MAX_INT, parse_date, parse_id, parse_int


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value):
    """Coerce a select's value: '' (no choice) is None, anything else must be a number that
    can be a database id (a ValueError becomes the field's "Not a valid choice" error)."""
    if value in (None, ""):
        return None
    return parse_id(value)


def database_id(value) -> int:
    """Coerce a select's or checkbox list's value to a database id (ValueError if it cannot be one)."""
    return parse_id(value)


class BoundedIntegerField(IntegerField):
    """An IntegerField that takes ASCII digits only, within minimum..maximum."""

    def __init__(self, label=None, validators=None, *, minimum: int = 0, maximum: int = MAX_INT, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_int(valuelist[0].strip(), minimum=self.minimum, maximum=self.maximum)
        except ValueError:
            self.data = None
            raise ValueError(_("Not a valid whole number.")) from None


class BoundedDateField(DateField):
    """A DateField that takes YYYY-MM-DD with a year the app can do arithmetic on."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(_("Not a valid date (use YYYY-MM-DD).")) from None


def topic_choices(topics, blank: str | None = None) -> list[SelectChoice]:
    """Conditions and procedures as choices, grouped by kind."""
    options = [SelectChoice("", blank)] if blank else []
    for topic in topics:
        group = _("Conditions") if topic.kind == TopicKind.CONDITION else _("Procedures")
        options.append(SelectChoice(str(topic.id), topic.name, optgroup=group))
    return options
