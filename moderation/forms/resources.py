"""Forms for the resource library: field rules only; moderation.services.resources decides."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import URLField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms.fields import choices
from forum.models.resources import AUDIENCES, FORMATS, RESOURCE_STATUSES
from moderation.services.resources import VETTING_CRITERIA

AUDIENCE_LABELS = {"both": "Patients and caregivers", "patients": "Patients", "caregivers": "Caregivers"}


class ResourceForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    url = URLField("Link (web address)", validators=[DataRequired(), Length(max=2000)],
                   description="The full address, starting with https://")
    publisher = StringField("Publisher", validators=[DataRequired(), Length(max=120)],
                            description="The organisation responsible for the content.")
    summary = TextAreaField("Summary", validators=[DataRequired(), Length(max=2000)],
                            description="Two or three plain sentences on what a patient will find.")
    audience = SelectField("Audience", choices=choices([(a, AUDIENCE_LABELS[a]) for a in AUDIENCES]),
                           default="both")
    language = StringField("Language code", default="en", validators=[DataRequired(), Length(max=16)],
                           description="For example en, es or fr.")
    format = SelectField("Format", choices=choices([(f, "PDF" if f == "pdf" else f.capitalize()) for f in FORMATS]),
                         default="article")
    topics = SelectMultipleField("Topics", validators=[DataRequired(message="Choose at least one topic.")],
                                 description="Hold Ctrl (or Cmd) to choose more than one.")

    def __init__(self, *args, topic_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.topics.choices = choices(topic_choices)


def _criterion(key: str) -> BooleanField:
    return BooleanField(VETTING_CRITERIA[key], validators=[
        DataRequired(message="Check this criterion before vetting.")])


class VetForm(FlaskForm):
    authoritative = _criterion("authoritative")
    current = _criterion("current")
    plain_language = _criterion("plain_language")
    no_commercial_bias = _criterion("no_commercial_bias")
    matches_topic = _criterion("matches_topic")

    def ticked(self) -> list[str]:
        return [key for key in VETTING_CRITERIA if self[key].data]


class RetireForm(FlaskForm):
    reason = TextAreaField(_l("Reason for retiring"), validators=[DataRequired(), Length(max=500)],
                           description=_l("Shown to staff only, and kept in the audit trail."))


class ResourceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=choices(
        [("", "Any status")] + [(s, s.capitalize()) for s in RESOURCE_STATUSES]),
        validators=[Optional()], default="")
    topic = SelectField("Topic", validators=[Optional()], default="")
    publisher = StringField("Publisher contains", validators=[Optional(), Length(max=120)])
    overdue = BooleanField("Review overdue")
    broken = BooleanField("Link broken")

    def __init__(self, *args, topic_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = choices([("", "Any topic"), *topic_choices])
