"""Forms for following and digests; field rules only."""
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from forum.forms.fields import choices


class DigestForm(FlaskForm):
    period = RadioField("Email me newly answered questions I follow", choices=choices([
        ("none", "Never (notifications on the site only)"),
        ("daily", "Once a day"),
        ("weekly", "Once a week"),
    ]), validators=[InputRequired(message="Choose how often.")])


class UnsubscribeForm(FlaskForm):
    """Unsubscribing is a button press (POST), so mail scanners that open links change nothing."""
