"""Forms for the queue, answers, clinicians and the audit trail: field rules only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from forum.forms.fields import BoundedDateField, BoundedIntegerField, choices, database_id
from moderation.services.actions import (
    GUIDELINE_CLAUSES,
    REJECT_REASONS,
    RETURN_REASONS,
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ItemActionForm(FlaskForm):
    """Every action on a review item carries the version the moderator saw."""
    version = BoundedIntegerField("Version", validators=[InputRequired()])


class ReasonForm(ItemActionForm):
    reason = TextAreaField("Reason", validators=[Length(max=2000)])


class ArticleReturnForm(ItemActionForm):
    reason = TextAreaField("What should the author change? (shown to them)", validators=[Length(max=2000)])


class ReturnForm(ReasonForm):
    template = SelectField("Reason", choices=choices([("", "Write your own"), *RETURN_REASONS.items()]),
                           default="")
    reason = TextAreaField("More detail (shown to the author)", validators=[Length(max=2000)])


CLAUSE_CHOICES = [("", "None"), *((number, f"{number}. {title}") for number, title in GUIDELINE_CLAUSES.items())]


class RejectForm(ReturnForm):
    template = SelectField("Reason", choices=choices([("", "Write your own"), *REJECT_REASONS.items()]),
                           default="")
    clause = SelectField("Community guideline broken (optional)", choices=choices(CLAUSE_CHOICES), default="")


class HideForm(ItemActionForm):
    reason = TextAreaField("Reason shown to the author", validators=[Length(max=2000)])
    clause = SelectField("Community guideline broken (optional)", choices=choices(CLAUSE_CHOICES), default="")


class EscalateForm(ItemActionForm):
    reason = TextAreaField("Why does this need staff?", validators=[Length(max=2000)])


class RedactForm(ItemActionForm):
    text = TextAreaField("Exact text to remove", validators=[Length(max=2000)],
                         description="Every occurrence is replaced with [removed]. The removed text "
                                     "is not kept anywhere.")


class AnswerForm(FlaskForm):
    # Absent when answering a question straight from the list (no review item).
    version = BoundedIntegerField(validators=[Optional()], widget=HiddenInput())
    body = TextAreaField("Your answer (Markdown)", validators=[Length(max=20_000)])
    resources = MultiCheckboxField("Attach resources from the library", coerce=database_id, validate_choice=False)


class EditAnswerForm(FlaskForm):
    body = TextAreaField("Your answer (Markdown)", validators=[Length(max=20_000)])


class ClinicianForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    pseudonym = StringField(_l("Public name (new accounts only)"), validators=[Optional(), Length(max=30)],
                            description=_l("Leave empty to promote the existing account with this email."))
    full_name = StringField(_l("Full name"), validators=[Length(max=120)])
    credentials = StringField(_l("Credentials"), validators=[Length(max=120)],
                              description=_l("For example: MD, FRCP (Cardiology)"))
    licence_number = StringField(_l("Licence number"), validators=[Length(max=60)])
    specialties = MultiCheckboxField(_l("Specialties"), coerce=database_id, validate_choice=False)


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Actor (public name)"), validators=[Optional(), Length(max=40)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=60)],
                         description=_l("For example question.publish, or question. for all question actions"))
    target_kind = StringField(_l("Target kind"), validators=[Optional(), Length(max=32)])
    date_from = BoundedDateField(_l("From"), validators=[Optional()])
    date_to = BoundedDateField(_l("To (inclusive)"), validators=[Optional()])
