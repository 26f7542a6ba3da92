"""Forms for registration, login, passwords, policies and two-factor: field rules only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length

from forum.forms.fields import choices
from forum.models.enums import Role
from forum.platform.i18n import LANGUAGE_NAMES, time_zone_names


class RegisterForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Email(), Length(max=254)],
                       description="Never shown to anyone. We use it to sign you in and send notifications.")
    pseudonym = StringField("Public pseudonym", validators=[DataRequired(), Length(min=3, max=30)],
                            description="The name others see. Do not use your real name.")
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             description="At least 10 characters; avoid common passwords.")
    role = RadioField("I am joining as", choices=choices([
        (Role.MEMBER, "A patient"),
        (Role.CAREGIVER, "A family member or caregiver"),
    ]), default=Role.MEMBER, validators=[InputRequired()])
    accept_guidelines = BooleanField("I have read and accept the community guidelines")


class SsoWelcomeForm(FlaskForm):
    pseudonym = StringField("Public pseudonym", validators=[DataRequired(), Length(min=3, max=30)],
                            description="The name patients and colleagues see on Rounds.")


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


class LanguageForm(FlaskForm):
    """The header's language switch; `next` is where to go back to (checked by safe_next)."""

    language = RadioField(_l("Language"), choices=choices(LANGUAGE_NAMES.items()), validators=[InputRequired()])
    next = HiddenField()


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Language of the site and of our emails"), choices=choices(LANGUAGE_NAMES.items()),
                           validators=[InputRequired()])
    time_zone = SelectField(_l("Time zone"), validators=[InputRequired()],
                            description=_l("Dates and times on the site are shown in this time zone."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = choices((name, name.replace("_", " ")) for name in time_zone_names())
