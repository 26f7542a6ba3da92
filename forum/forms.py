"""Flask-WTF forms: field rules only; services decide and save."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length


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
