"""The search form (GET, no CSRF: it changes nothing). Field rules only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from forum.forms.fields import BoundedDateField, choices, optional_int

TOPIC_KINDS = choices([("", _l("Conditions and procedures")), ("condition", _l("Conditions only")),
                       ("procedure", _l("Procedures only"))])


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    # Long queries are cut to their first words by forum.search.query_terms, not refused.
    q = StringField(_l("Search for"), validators=[Optional(), Length(max=2000)])
    topic = SelectField(_l("Condition or procedure"), coerce=optional_int, validate_choice=False)
    kind = SelectField(_l("Kind of topic"), choices=TOPIC_KINDS, default="")
    answered = BooleanField(_l("Answered questions only"))
    date_from = BoundedDateField(_l("From date"), validators=[Optional()], description=_l("For example 2026-01-31."))
    date_to = BoundedDateField(_l("To date"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date must be on or after the start date.")
