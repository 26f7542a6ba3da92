"""Every route, every role, every query parameter and form field: hostile values are never a 5xx.

The parameter names are collected from the code, not typed here: every field of every
Flask-WTF form, and every name the views read with `request.args.get("...")` or
`request.form.get("...")`, so a new parameter is covered as soon as it exists. URL
variables point at real rows (a published question with a reply and an answer, an open
review item, a vetted resource...), so handlers get past their 404 and read the input.
"""
import inspect
import pathlib
import re
from urllib.parse import urlencode

import pytest
from flask import url_for
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from forum.extensions import db
from forum.models import Answer, Resource
from forum.models.base import utcnow
from moderation.services.queue import queue_question
from tests.access_table import ROLES, SAMPLE_ARGS
from tests.factories import make_question, make_reply, make_user, specialty, topic

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOSTILE = {
    "huge": "99999999999999999999",
    "negative": "-1",
    "superscript": "²",
    "arabic-indic digits": "٣٤",
    "far date": "9999-12-31",
}
# Sent as a last request: every name twice, empty and then nonsense (getlist sees both).
ARRAY = ("", "%' OR 1=1 --\u202e")
# The roles that reach different code run in the quick suite; the others (the same code
# as member, staff and a refused clinician) with the slow tests.
QUICK_ROLES = ("anonymous", "member", "clinician", "staff")
# Files on disk, no parameters; logging out would end the session the loop runs on (the
# access matrix covers it).
SKIP_ENDPOINTS = {"static", "auth.logout"}


def _form_classes(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def parameter_names() -> list[str]:
    names = set()
    for form_class in _form_classes():
        for name, member in inspect.getmembers(form_class):
            if isinstance(member, UnboundField):
                names.add(name)
    pattern = re.compile(r"""\b(?:args|form|values)\.(?:get|getlist)\(\s*["']([A-Za-z0-9_]+)["']""")
    for path in [*ROOT.joinpath("forum").rglob("*.py"), *ROOT.joinpath("moderation").rglob("*.py")]:
        names.update(pattern.findall(path.read_text()))
    # Prefixed forms on the review item page (prefix-fieldname).
    for prefix in ("claim", "release", "publish", "return", "reject", "escalate", "redact", "approve", "hide",
                   "dismiss", "signoff"):
        names.add(f"{prefix}-version")
    names.discard("csrf_token")
    return sorted(names)


def _rows():
    member = make_user("member")
    clinician = make_user("clinician", pseudonym="WalkerDoc")
    question = make_question(member, status="published")
    reply = make_reply(question)
    answer = Answer(question_id=question.id, clinician_id=clinician.id, body_md="An answer.",
                    body_html="<p>An answer.</p>", created_at=utcnow(), reviewed_at=utcnow(), review_due_at=utcnow())
    resource = Resource(title="Heart failure guide", url="https://nhs.example/walker",
                        normalized_url="https://nhs.example/walker", publisher="NHS", summary="Trusted.",
                        status="vetted", vetted_at=utcnow())
    resource.topics = [topic()]
    db.session.add_all([answer, resource])
    db.session.flush()
    item = queue_question(make_question(member))
    db.session.commit()
    return {"question_id": question.id, "reply_id": reply.id, "answer_id": answer.id, "item_id": item.id,
            "resource_id": resource.id, "user_id": member.id, "topic_id": topic().id,
            "specialty_id": specialty().id, "pseudonym": clinician.pseudonym}


def _login(client, role):
    if role == "anonymous":
        return None
    user = make_user("clinician", verified=False) if role == "unverified_clinician" else make_user(role)
    db.session.commit()
    return user.session_token


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


@pytest.mark.parametrize("role", [role if role in QUICK_ROLES else pytest.param(role, marks=pytest.mark.slow)
                                  for role in ROLES])
def test_hostile_values_in_every_parameter_never_give_a_server_error(app, client, role):
    rows = _rows()
    token = _login(client, role)
    names = parameter_names()
    assert {"after", "before", "version", "date_to", "topic", "primary_topic", "resources"} <= set(names)
    failures = []
    for rule, method in _routes(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: rows.get(name, SAMPLE_ARGS.get(name, 1)) for name in rule.arguments})
        for label, value in [*HOSTILE.items(), ("array", None)]:
            if value is None:  # every name twice, with two different hostile values
                pairs = [(name, v) for name in names for v in ARRAY]
            else:
                pairs = [(name, value) for name in names]
            if token is not None:
                with client.session_transaction() as session:
                    session.clear()
                    session["_user_id"] = token
            query = urlencode(pairs)
            try:  # TESTING propagates exceptions instead of answering 500
                response = client.open(f"{url}?{query}", method=method,
                                       data=urlencode(pairs) if method != "GET" else None,
                                       content_type="application/x-www-form-urlencoded")
            except Exception as error:  # noqa: BLE001 - every exception is the failure being looked for
                failures.append(f"{method} {rule.rule} ({label}) as {role}: {type(error).__name__}: {error}")
                db.session.rollback()
                continue
            if response.status_code >= 500:
                failures.append(f"{method} {rule.rule} ({label}) as {role}: {response.status_code}")
            response.close()
    assert failures == []
