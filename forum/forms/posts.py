"""Forms for questions, replies and flags: field rules only; services decide and save."""
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


# Long enough for a clinician to answer without coming back to ask what is meant.
TITLE_MIN, BODY_MIN = 15, 20


class QuestionForm(FlaskForm):
    title = StringField("Title", validators=[
        DataRequired(), Length(min=TITLE_MIN, max=200, message=(
            f"Write your question as a sentence of {TITLE_MIN} to 200 characters."))],
        description=f"One sentence saying what you want to know ({TITLE_MIN} to 200 characters).")
    body = TextAreaField("Details", validators=[
        DataRequired(), Length(min=BODY_MIN, max=10_000, message=(
            f"Give at least {BODY_MIN} characters of detail, so a clinician can answer, and no more than 10000 characters."))],
                         description="What has happened so far and what you would like to understand. "
                                     "Do not include names, dates of birth or other details that identify "
                                     "anyone. Markdown formatting works.")
    primary_topic = SelectField("Main condition or procedure", coerce=optional_int, validate_choice=False,
                                validators=[InputRequired(message="Choose a condition or procedure.")])
    second_topic = SelectField("Another condition or procedure (optional)", coerce=optional_int,
                               validate_choice=False)
    third_topic = SelectField("A third condition or procedure (optional)", coerce=optional_int,
                              validate_choice=False)
    asking_for = RadioField("I am asking for", choices=choices([
        (AskingFor.SELF, "Myself"),
        (AskingFor.SOMEONE_ELSE, "Someone I care for"),
    ]), default=AskingFor.SELF, validators=[InputRequired()])
    identity = RadioField("How your name appears", choices=choices([
        ("pseudonym", "Show my pseudonym"),
        ("anonymous", "Post anonymously (shown as “A community member”)"),
    ]), default="pseudonym", validators=[InputRequired()])
    # Removed by the view when ALLOW_MEMBERS_ONLY_QUESTIONS is off.
    visibility = RadioField("Who can read this question", choices=choices([
        (Visibility.PUBLIC, "Everyone"),
        (Visibility.MEMBERS, "Signed-in members only"),
    ]), validate_choice=False, validators=[Optional()])  # missing: the default; the service checks
    client_token = HiddenField(validators=[Length(max=64)])
    # Shown only after a personal-details warning; phi_hash binds the confirmation to that text.
    phi_hash = HiddenField(validators=[Length(max=64)])
    phi_confirm = BooleanField("I understand, post it anyway")


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", validators=[DataRequired(), Length(max=10_000)],
                         description="Share experience and support; leave medical advice to clinicians. "
                                     "Markdown formatting works.")
    client_token = HiddenField(validators=[Length(max=64)])
    phi_hash = HiddenField(validators=[Length(max=64)])
    phi_confirm = BooleanField("I understand, post it anyway")


class FlagForm(FlaskForm):
    reason = RadioField("Why should moderators look at this?", choices=choices(FLAG_REASONS.items()),
                        validators=[InputRequired(
        message="Choose a reason.")])
    note = TextAreaField("Anything else moderators should know (optional)", validators=[Length(max=1000)])
