"""Forms for the staff console (people, catalogue, specialties, policies, review lane): field rules only."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from forum.forms.fields import BoundedIntegerField, choices, database_id, optional_int
from forum.models.accounts import ROLES
from forum.models.catalogue import TOPIC_KINDS
from forum.models.policies import POLICY_KINDS


class PeopleSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Public name or exact email address", validators=[Optional(), Length(max=254)])


class RoleForm(FlaskForm):
    role = SelectField("New role", choices=choices((role, role.capitalize()) for role in ROLES))


class RestrictForm(FlaskForm):
    reason = TextAreaField("Reason (shown to the person when they try to log in)",
                           validators=[DataRequired(), Length(max=2000)])


class TopicForm(FlaskForm):
    kind = SelectField("Kind", choices=choices((kind, kind.capitalize()) for kind in TOPIC_KINDS))
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description", validators=[Length(max=2000)])
    specialty_id = SelectField("Specialty", coerce=database_id, validate_choice=False)


class RenameTopicForm(FlaskForm):
    name = StringField("New name", validators=[DataRequired(), Length(max=120)])


class MergeTopicForm(FlaskForm):
    target_id = SelectField("Merge into", coerce=database_id, validate_choice=False,
                            description="Every question and resource moves to that topic; this one is retired.")


class HighRiskForm(FlaskForm):
    high_risk = BooleanField("High-risk topic (answers need a second clinician's sign-off)")


class SpecialtyForm(FlaskForm):
    answer_target_hours = BoundedIntegerField("Target hours to a first answer",
                                       validators=[InputRequired(), NumberRange(min=1, max=720)])
    lead_clinician_id = SelectField("Lead clinician", coerce=optional_int,
                                    validate_choice=False)


class PolicyForm(FlaskForm):
    kind = SelectField("Document", choices=choices(POLICY_KINDS.items()))
    summary = TextAreaField("Summary of changes", validators=[DataRequired(), Length(max=2000)])
    body = TextAreaField("Full text (Markdown)", validators=[DataRequired(), Length(max=100_000)])
    # The version number the preview showed (publishing only; see publish_policy_version).
    previewed = BoundedIntegerField(validators=[Optional()], minimum=1, maximum=1_000_000)


class RetireAnswerForm(FlaskForm):
    reason = TextAreaField("Why retire this answer?", validators=[DataRequired(), Length(max=2000)])
