"""Forms for following and digests; field rules only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from forum.forms.fields import choices
from forum.models.enums import DigestPeriod


class DigestForm(FlaskForm):
    period = RadioField(_l("Email me newly answered questions I follow"), choices=choices([
        (DigestPeriod.NONE, _l("Never (notifications on the site only)")),
        (DigestPeriod.DAILY, _l("Once a day")),
        (DigestPeriod.WEEKLY, _l("Once a week")),
    ]), validators=[InputRequired(message=_l("Choose how often."))])


class UnsubscribeForm(FlaskForm):
    """Unsubscribing is a button press (POST), so mail scanners that open links change nothing."""
