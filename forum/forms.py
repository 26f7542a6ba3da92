"""Flask-WTF forms: field rules only; services decide and save."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, HiddenField, PasswordField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from forum.models.posts import FLAG_REASONS


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


class RegisterForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Email(), Length(max=254)],
                       description="Never shown to anyone. We use it to sign you in and send notifications.")
    pseudonym = StringField("Public pseudonym", validators=[DataRequired(), Length(min=3, max=30)],
                            description="The name others see. Do not use your real name.")
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             description="At least 10 characters; avoid common passwords.")
    role = RadioField("I am joining as", choices=choices([
        ("member", "A patient"),
        ("caregiver", "A family member or caregiver"),
    ]), default="member", validators=[InputRequired()])
    accept_guidelines = BooleanField("I have read and accept the community guidelines")


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=200)],
                                 description="At least 10 characters; avoid common passwords.")


class AcceptPoliciesForm(FlaskForm):
    accept = BooleanField("I have read and accept these documents", validators=[DataRequired(
        message="Please tick the box to accept.")])


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
        group = "Conditions" if topic.kind == "condition" else "Procedures"
        options.append(SelectChoice(str(topic.id), topic.name, optgroup=group))
    return options


class QuestionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)],
                        description="One sentence saying what you want to know (200 characters at most).")
    body = TextAreaField("Details", validators=[DataRequired(), Length(max=10_000)],
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
        ("self", "Myself"),
        ("someone_else", "Someone I care for"),
    ]), default="self", validators=[InputRequired()])
    identity = RadioField("How your name appears", choices=choices([
        ("pseudonym", "Show my pseudonym"),
        ("anonymous", "Post anonymously (shown as “A community member”)"),
    ]), default="pseudonym", validators=[InputRequired()])
    # Removed by the view when ALLOW_MEMBERS_ONLY_QUESTIONS is off.
    visibility = RadioField("Who can read this question", choices=choices([
        ("public", "Everyone"),
        ("members", "Signed-in members only"),
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


class DeleteAccountForm(FlaskForm):
    posts = RadioField("What should happen to your questions and replies?", choices=choices([
        ("keep", "Keep them, shown as written by a former member"),
        ("delete", "Delete them"),
    ]), validators=[InputRequired(message="Choose what happens to your posts.")])
    password = PasswordField("Your current password", validators=[DataRequired(), Length(max=200)])
    confirm = BooleanField("I understand that deleting my account cannot be undone",
                           validators=[DataRequired(message="Tick the box to confirm.")])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Email(), Length(max=254)],
                       description="The address you log in with. We will email you a link to choose a new password.")


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=200)],
                                 description="At least 10 characters; avoid common passwords.")


class ConfirmEmailForm(FlaskForm):
    """Confirming is a button press (POST), so mail scanners that open links confirm nothing."""


class TwoFactorLoginForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=40)],
                       description="The 6-digit code from your authenticator app, or one of your recovery codes.")


class EnableTwoFactorForm(FlaskForm):
    code = StringField("6-digit code from your app", validators=[DataRequired(), Length(max=10)])


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
