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
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)],
                       description=_l("Never shown to anyone. We use it to sign you in and send notifications."))
    pseudonym = StringField(_l("Public pseudonym"), validators=[DataRequired(), Length(min=3, max=30)],
                            description=_l("The name others see. Do not use your real name."))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             description=_l("At least 10 characters; avoid common passwords."))
    role = RadioField(_l("I am joining as"), choices=choices([
        (Role.MEMBER, _l("A patient")),
        (Role.CAREGIVER, _l("A family member or caregiver")),
    ]), default=Role.MEMBER, validators=[InputRequired()])
    accept_guidelines = BooleanField(_l("I have read and accept the community guidelines"))


class SsoWelcomeForm(FlaskForm):
    pseudonym = StringField(_l("Public pseudonym"), validators=[DataRequired(), Length(min=3, max=30)],
                            description=_l("The name patients and colleagues see on Rounds."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                                 description=_l("At least 10 characters; avoid common passwords."))


class AcceptPoliciesForm(FlaskForm):
    accept = BooleanField(_l("I have read and accept these documents"), validators=[DataRequired(
        message=_l("Please tick the box to accept."))])


class DeleteAccountForm(FlaskForm):
    posts = RadioField(_l("What should happen to your questions and replies?"), choices=choices([
        ("keep", _l("Keep them, shown as written by a former member")),
        ("delete", _l("Delete them")),
    ]), validators=[InputRequired(message=_l("Choose what happens to your posts."))])
    password = PasswordField(_l("Your current password"), validators=[DataRequired(), Length(max=200)])
    confirm = BooleanField(_l("I understand that deleting my account cannot be undone"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)],
                       description=_l("The address you log in with. We will email you a link to choose a new password."))


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                                 description=_l("At least 10 characters; avoid common passwords."))


class ConfirmEmailForm(FlaskForm):
    """Confirming is a button press (POST), so mail scanners that open links confirm nothing."""


class TwoFactorLoginForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."))


class EnableTwoFactorForm(FlaskForm):
    code = StringField(_l("6-digit code from your app"), validators=[DataRequired(), Length(max=10)])


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=200)])


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
