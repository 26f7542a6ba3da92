"""Forms for questions, replies and flags: field rules only; services decide and save."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forum.forms.fields import choices, optional_int
from forum.models.enums import AskingFor, Visibility
from forum.models.posts import FLAG_REASONS
from forum.platform.i18n import LANGUAGE_NAMES


# Long enough for a clinician to answer without coming back to ask what is meant.
TITLE_MIN, BODY_MIN = 15, 20


class QuestionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(), Length(min=TITLE_MIN, max=200, message=_l(
            # WTForms fills in %(min)d and %(max)d.
            "Write your question as a sentence of %(min)d to %(max)d characters."))],
        description=_l("One sentence saying what you want to know (%(min)d to %(max)d characters).", min=TITLE_MIN, max=200))
    body = TextAreaField(_l("Details"), validators=[
        DataRequired(), Length(min=BODY_MIN, max=10_000, message=_l(
            "Give at least %(min)d characters of detail, so a clinician can answer, and no more than %(max)d characters."))],
                         description=_l("What has happened so far and what you would like to understand. "
                                     "Do not include names, dates of birth or other details that identify "
                                     "anyone. Markdown formatting works."))
    primary_topic = SelectField(_l("Main condition or procedure"), coerce=optional_int, validate_choice=False,
                                validators=[InputRequired(message=_l("Choose a condition or procedure."))])
    second_topic = SelectField(_l("Another condition or procedure (optional)"), coerce=optional_int,
                               validate_choice=False)
    third_topic = SelectField(_l("A third condition or procedure (optional)"), coerce=optional_int,
                              validate_choice=False)
    asking_for = RadioField(_l("I am asking for"), choices=choices([
        (AskingFor.SELF, _l("Myself")),
        (AskingFor.SOMEONE_ELSE, _l("Someone I care for")),
    ]), default=AskingFor.SELF, validators=[InputRequired()])
    identity = RadioField(_l("How your name appears"), choices=choices([
        ("pseudonym", _l("Show my pseudonym")),
        ("anonymous", _l("Post anonymously (shown as “A community member”)")),
    ]), default="pseudonym", validators=[InputRequired()])
    # Removed by the view when ALLOW_MEMBERS_ONLY_QUESTIONS is off.
    visibility = RadioField(_l("Who can read this question"), choices=choices([
        (Visibility.PUBLIC, _l("Everyone")),
        (Visibility.MEMBERS, _l("Signed-in members only")),
    ]), validate_choice=False, validators=[Optional()])  # missing: the default; the service checks
    # Which language the question is written in; the view defaults it to the interface's.
    language = SelectField(_l("Language of your question"), choices=choices(LANGUAGE_NAMES.items()),
                           validators=[Optional()])
    client_token = HiddenField(validators=[Length(max=64)])
    # Shown only after a personal-details warning; phi_hash binds the confirmation to that text.
    phi_hash = HiddenField(validators=[Length(max=64)])
    phi_confirm = BooleanField(_l("I understand, post it anyway"))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(), Length(max=10_000)],
                         description=_l("Share experience and support; leave medical advice to clinicians. "
                                     "Markdown formatting works."))
    client_token = HiddenField(validators=[Length(max=64)])
    phi_hash = HiddenField(validators=[Length(max=64)])
    phi_confirm = BooleanField(_l("I understand, post it anyway"))


class FlagForm(FlaskForm):
    reason = RadioField(_l("Why should moderators look at this?"), choices=choices(FLAG_REASONS.items()),
                        validators=[InputRequired(
        message=_l("Choose a reason."))])
    note = TextAreaField(_l("Anything else moderators should know (optional)"), validators=[Length(max=1000)])
