"""The search form (GET, no CSRF: it changes nothing). Field rules only."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from forum.forms.fields import BoundedDateField, choices, optional_int

TOPIC_KINDS = choices([("", "Conditions and procedures"), ("condition", "Conditions only"),
                       ("procedure", "Procedures only")])


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    # Long queries are cut to their first words by forum.search.query_terms, not refused.
    q = StringField("Search for", validators=[Optional(), Length(max=2000)])
    topic = SelectField("Condition or procedure", coerce=optional_int, validate_choice=False)
    kind = SelectField("Kind of topic", choices=TOPIC_KINDS, default="")
    answered = BooleanField("Answered questions only")
    date_from = BoundedDateField("From date", validators=[Optional()], description="For example 2026-01-31.")
    date_to = BoundedDateField("To date", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date must be on or after the start date.")
