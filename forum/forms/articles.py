"""Forms for writing and submitting articles: field rules only; services decide and save."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from forum.forms.fields import choices, optional_int
from forum.models.articles import ARTICLE_KINDS, BODY_MAX, MEDIA_KINDS, SUMMARY_MAX, TITLE_MAX
from forum.services.articles import SUBMIT_CHECKLIST


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX)],
                        description=f"Up to {TITLE_MAX} characters.")
    kind = RadioField("Kind of article", choices=choices(ARTICLE_KINDS.items()), validators=[InputRequired()])
    summary = TextAreaField("Summary", validators=[DataRequired(), Length(max=SUMMARY_MAX)],
                            description=f"Two or three sentences shown in lists, search results and when the "
                                        f"article is shared (up to {SUMMARY_MAX} characters).")
    body = TextAreaField("Article", validators=[DataRequired(), Length(max=BODY_MAX)],
                         description=f"Markdown formatting works (up to {BODY_MAX:,} characters). Cite your sources.")
    primary_topic = SelectField("Main condition or procedure", coerce=optional_int, validate_choice=False,
                                validators=[InputRequired(message="Choose a condition or procedure.")],
                                description="A clinician of its specialty reviews the article.")
    other_topics = SelectMultipleField("Other conditions or procedures (optional)", coerce=int,
                                       validate_choice=False)
    resources = SelectMultipleField("Vetted resources to link (optional)", coerce=int, validate_choice=False,
                                    description="Only resources vetted in the library can be linked.")
    media_kind = RadioField("Media (optional)", choices=choices([("", "None"), *MEDIA_KINDS.items()]),
                            default="", validators=[Optional()])
    media_url = StringField("Player (embed) link", validators=[Optional(), Length(max=500)],
                            description="An https link from an allowed host; readers load it only when they "
                                        "choose to play it.")
    media_transcript = TextAreaField("Transcript", validators=[Length(max=BODY_MAX)],
                                     description="Required with media, for readers who cannot watch or hear it.")
    conflicts = TextAreaField("Conflicts of interest", validators=[Length(max=SUMMARY_MAX)],
                              description="Shown with the article. Leave empty if you have none to declare.")


class SubmitArticleForm(FlaskForm):
    checklist = CheckboxListField("Before you submit", choices=choices(SUBMIT_CHECKLIST.items()),
                                  validate_choice=False)
