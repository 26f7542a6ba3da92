"""The clinician's answering aid: a plain-language meter and answer templates.

Readability is the Flesch-Kincaid grade level (textstat) of the answer as a patient reads
it (Markdown rendered to plain text); grade 8 or lower is the target. Advice only:
nothing here ever blocks publishing.
"""
import bleach
import textstat

from forum.rendering import render_markdown

TARGET_GRADE = 8
ANSWER_TEMPLATES = {
    "general": ("General answer", "Thank you for your question.\n\n**In short:** \n\n**More detail:** \n\n"
                                  "**When to contact your care team:** \n"),
    "medication": ("Medication question", "Thank you for asking about your medicine.\n\n**What it is for:** \n\n"
                                          "**Common side effects:** \n\n**Do not stop or change it without "
                                          "talking to your prescriber.** \n"),
    "procedure": ("Before or after a procedure", "Thank you for your question about your procedure.\n\n"
                                                  "**What usually happens:** \n\n**Recovery:** \n\n"
                                                  "**Warning signs that need urgent care:** \n"),
    "see_doctor": ("Needs an in-person assessment", "Thank you for your question. This needs someone who can "
                                                    "examine you and see your records.\n\n**Please contact:** \n\n"
                                                    "**In the meantime:** \n"),
}


def template_body(slug: str) -> str | None:
    """A template's text; None if unknown. It carries no disclaimer: the question page shows
    MEDICAL_DISCLAIMER under every answer, so a copy in the text would show it twice."""
    if slug not in ANSWER_TEMPLATES:
        return None
    return ANSWER_TEMPLATES[slug][1]


def answer_templates() -> list[tuple[str, str, str]]:
    return [(slug, label, template_body(slug)) for slug, (label, _) in ANSWER_TEMPLATES.items()]


def readability(markdown_text: str) -> dict:
    """{"words", "grade" (None for an empty draft), "target", "plain" (grade <= target)}."""
    plain = bleach.clean(render_markdown(markdown_text or ""), tags=set(), strip=True)
    words = textstat.lexicon_count(plain)
    grade = round(float(textstat.flesch_kincaid_grade(plain)), 1) if words else None
    return {"words": words, "grade": grade, "target": TARGET_GRADE,
            "plain": grade is not None and grade <= TARGET_GRADE}
