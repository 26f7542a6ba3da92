"""Staff curate the catalogue (conditions and procedures) and the specialties' answer
targets and lead clinicians."""
from flask_babel import gettext as _
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.forms.fields import choices
from forum.models import Specialty, Topic
from forum.models.enums import Role
from forum.permissions import role_required
from forum.services import DomainError
from forum.platform.unit_of_work import on_domain_error, require_valid_form
from moderation import bp
from moderation.forms.console import (
    HighRiskForm,
    MergeTopicForm,
    RenameTopicForm,
    SpecialtyForm,
    TopicForm,
)
from moderation.services.catalogue_admin import (
    create_topic,
    lead_candidates,
    merge_topics,
    rename_topic,
    retire_topic,
    set_high_risk,
    update_specialty,
)


def _specialty_choices():
    return choices((s.id, s.name) for s in db.session.scalars(select(Specialty).order_by(Specialty.name)))


def _catalogue_page(form: TopicForm | None = None, status: int = 200):
    form = form or TopicForm(formdata=None)
    form.specialty_id.choices = _specialty_choices()
    topics = db.session.scalars(select(Topic).options(joinedload(Topic.specialty))
                                .order_by(Topic.retired_at.is_not(None), Topic.kind, Topic.name)).all()
    return render_template("moderation/console/catalogue.html", topics=topics, form=form), status


def _load_topic(topic_id: int) -> Topic:
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        abort(404)
    return topic


def _topic_page(topic: Topic, status: int = 200, **forms):
    merge = forms.get("merge_form") or MergeTopicForm(formdata=None)
    merge.target_id.choices = choices(
        (t.id, f"{t.name} ({t.kind})") for t in db.session.scalars(Topic.active().where(Topic.id != topic.id)
                                                                     .order_by(Topic.name)))
    return render_template("moderation/console/topic.html", topic=topic, merge_form=merge,
                           rename_form=forms.get("rename_form") or RenameTopicForm(formdata=None, name=topic.name),
                           risk_form=forms.get("risk_form") or HighRiskForm(formdata=None, high_risk=topic.high_risk)
                           ), status


@bp.get("/catalogue")
@role_required(Role.STAFF, Role.ADMIN)
def catalogue():
    """Staff see every condition and procedure, active first, and add new ones."""
    return _catalogue_page()


@bp.post("/catalogue/topics")
@role_required(Role.STAFF, Role.ADMIN)
def topic_create():
    """Staff add a condition or procedure."""
    form = TopicForm()
    form.specialty_id.choices = _specialty_choices()
    require_valid_form(form, lambda: _catalogue_page(form))
    create_topic(current_user, kind=form.kind.data, name=form.name.data, description=form.description.data,
                 specialty_id=form.specialty_id.data)
    flash(f"“{form.name.data}” is added.", "success")
    return redirect(url_for(".catalogue"))


@bp.get("/catalogue/topics/<int:topic_id>")
@role_required(Role.STAFF, Role.ADMIN)
def topic_admin(topic_id: int):
    """Staff see one topic with rename, merge, retire and high-risk actions."""
    return _topic_page(_load_topic(topic_id))


@bp.post("/catalogue/topics/<int:topic_id>/rename")
@role_required(Role.STAFF, Role.ADMIN)
def topic_rename(topic_id: int):
    """Staff rename a topic."""
    topic = _load_topic(topic_id)
    form = RenameTopicForm()
    require_valid_form(form, lambda: _topic_page(topic, rename_form=form))
    rename_topic(current_user, topic, name=form.name.data)
    flash(_("The topic is renamed."), "success")
    return redirect(url_for(".topic_admin", topic_id=topic.id))


@bp.post("/catalogue/topics/<int:topic_id>/merge")
@role_required(Role.STAFF, Role.ADMIN)
def topic_merge(topic_id: int):
    """Staff merge a topic into another; its questions and resources move there."""
    topic = _load_topic(topic_id)
    form = MergeTopicForm()
    target = db.session.get(Topic, form.target_id.data) if isinstance(form.target_id.data, int) else None
    require_valid_form(form, lambda: _topic_page(topic, merge_form=form))
    if target is None:
        raise DomainError(_("Choose a topic to merge into."), field="target_id")
    merge_topics(current_user, topic, target)
    flash(_("The topics are merged."), "success")
    return redirect(url_for(".topic_admin", topic_id=target.id))


@bp.post("/catalogue/topics/<int:topic_id>/retire")
@role_required(Role.STAFF, Role.ADMIN)
def topic_retire(topic_id: int):
    """Staff retire a topic; its questions stay."""
    topic = _load_topic(topic_id)
    form = RenameTopicForm(formdata=None, name=topic.name)
    on_domain_error(page=lambda _error: _topic_page(topic, rename_form=form))
    retire_topic(current_user, topic)
    flash(f"“{topic.name}” is retired.", "success")
    return redirect(url_for(".topic_admin", topic_id=topic.id))


@bp.post("/catalogue/topics/<int:topic_id>/high-risk")
@role_required(Role.STAFF, Role.ADMIN)
def topic_high_risk(topic_id: int):
    """Staff mark a topic high-risk (second sign-off) or clear the mark."""
    topic = _load_topic(topic_id)
    form = HighRiskForm()
    require_valid_form(form, lambda: _topic_page(topic, risk_form=form))
    set_high_risk(current_user, topic, high_risk=bool(form.high_risk.data))
    flash(_("The high-risk setting is saved."), "success")
    return redirect(url_for(".topic_admin", topic_id=topic.id))


def _specialties_page(failed: tuple[int, SpecialtyForm] | None = None, status: int = 200):
    rows = []
    for specialty in db.session.scalars(select(Specialty).order_by(Specialty.name)):
        form = failed[1] if failed and failed[0] == specialty.id else SpecialtyForm(
            formdata=None, prefix=f"s{specialty.id}", answer_target_hours=specialty.answer_target_hours,
            lead_clinician_id=specialty.lead_clinician_id)
        form.lead_clinician_id.choices = choices(
            [("", "No lead"), *((u.id, u.pseudonym) for u in lead_candidates(specialty))])
        rows.append((specialty, form))
    return render_template("moderation/console/specialties.html", rows=rows), status


@bp.get("/specialties")
@role_required(Role.STAFF, Role.ADMIN)
def specialties():
    """Staff see each specialty's answer target and lead clinician."""
    return _specialties_page()


@bp.post("/specialties/<int:specialty_id>")
@role_required(Role.STAFF, Role.ADMIN)
def specialty_update(specialty_id: int):
    """Staff set a specialty's answer target hours and lead clinician."""
    specialty = db.session.get(Specialty, specialty_id)
    if specialty is None:
        abort(404)
    form = SpecialtyForm(prefix=f"s{specialty.id}")
    require_valid_form(form, lambda: _specialties_page((specialty.id, form)))
    update_specialty(current_user, specialty, answer_target_hours=form.answer_target_hours.data,
                     lead_clinician_id=form.lead_clinician_id.data)
    flash(f"{specialty.name} is updated.", "success")
    return redirect(url_for(".specialties"))
