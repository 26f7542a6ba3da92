"""The resource library's staff pages: list, propose, edit, vet, retire, restore."""
from flask_babel import gettext as _
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Resource, Topic
from forum.models.enums import Role
from forum.permissions import role_required
from forum.platform.unit_of_work import on_domain_error
from forum.platform.numbers import request_id
from forum.platform.pagination import list_link
from moderation import bp
from moderation.forms.resources import (
    ResourceFilterForm,
    ResourceForm,
    RetireForm,
    VetForm,
)
from moderation.services.resources import (
    VETTING_CRITERIA,
    propose_resource,
    resource_dashboard,
    restore_resource,
    retire_resource,
    staff_resource_query,
    update_resource,
    vet_resource,
)

staff_only = role_required(Role.STAFF, Role.ADMIN)

# The query parameters a next-page link carries over (ResourceFilterForm's fields).
RESOURCE_FILTER_PARAMETERS = ("status", "topic", "publisher", "overdue", "broken")


def _topic_choices() -> list[tuple[str, str]]:
    return [(topic.slug, topic.name) for topic in db.session.scalars(Topic.active().order_by(Topic.name))]


def _resource_data(form: ResourceForm) -> dict:
    return {name: form[name].data for name in
            ("title", "url", "publisher", "summary", "audience", "language", "format", "topics")}


def _form_page(template: str, form, status: int = 200, **context):
    code = 400 if form.is_submitted() else status
    return render_template(template, form=form, **context), code


@bp.get("/resources")
def resources():
    """Clinicians, staff and admins browse and filter the library; staff see what needs doing."""
    form = ResourceFilterForm(request.args, topic_choices=_topic_choices())
    filters = form.data if form.validate() else {}
    page_size = current_app.config["PAGE_SIZE"]
    statement = staff_resource_query(
        status=filters.get("status") or None, topic_slug=filters.get("topic") or None,
        publisher=(filters.get("publisher") or "").strip() or None, overdue=bool(filters.get("overdue")),
        broken=bool(filters.get("broken")), before_id=request_id(request.args.get("before")),
    ).options(selectinload(Resource.topics)).limit(page_size + 1)
    rows = db.session.scalars(statement).all()
    next_url = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        next_url = list_link("moderation.resources", RESOURCE_FILTER_PARAMETERS, before=rows[-1].id)
    return render_template("moderation/resources/list.html", form=form, resources=rows,
                           next_url=next_url, dashboard=resource_dashboard())


@bp.get("/resources/<int:resource_id>")
def resource(resource_id: int):
    """Clinicians, staff and admins see one resource, whatever its status."""
    return render_template("moderation/resources/detail.html", resource=db.get_or_404(Resource, resource_id),
                           criteria=VETTING_CRITERIA)


@bp.route("/resources/new", methods=["GET", "POST"])
def resource_new():
    """Verified clinicians, staff and admins propose a resource; staff vet it later."""
    form = ResourceForm(topic_choices=_topic_choices())
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: _form_page("moderation/resources/form.html", form, resource=None,
                                                            duplicate=getattr(error, "existing", None)))
        created = propose_resource(current_user, **_resource_data(form))
        flash(_("Thank you. The resource has been proposed; a staff member will vet it."), "success")
        return redirect(url_for("moderation.resource", resource_id=created.id))
    return _form_page("moderation/resources/form.html", form, duplicate=None, resource=None)


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@staff_only
def resource_edit(resource_id: int):
    """Staff and admins edit a resource's details."""
    resource = db.get_or_404(Resource, resource_id)
    form = ResourceForm(obj=resource, topic_choices=_topic_choices())
    if not form.is_submitted():
        form.topics.data = [topic.slug for topic in resource.topics]
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: _form_page("moderation/resources/form.html", form, resource=resource,
                                                            duplicate=getattr(error, "existing", None)))
        update_resource(current_user, resource, **_resource_data(form))
        flash(_("The resource has been updated."), "success")
        return redirect(url_for("moderation.resource", resource_id=resource.id))
    return _form_page("moderation/resources/form.html", form, duplicate=None, resource=resource)


@bp.route("/resources/<int:resource_id>/vet", methods=["GET", "POST"])
@staff_only
def resource_vet(resource_id: int):
    """Staff and admins vet a resource against the checklist (not their own proposal)."""
    resource = db.get_or_404(Resource, resource_id)
    form = VetForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: _form_page("moderation/resources/vet.html", form, resource=resource))
        vet_resource(current_user, resource, checklist=form.ticked())
        flash(f"\u201c{resource.title}\u201d is vetted; patients can now see it.", "success")
        return redirect(url_for("moderation.resource", resource_id=resource.id))
    return _form_page("moderation/resources/vet.html", form, resource=resource)


@bp.route("/resources/<int:resource_id>/retire", methods=["GET", "POST"])
@staff_only
def resource_retire(resource_id: int):
    """Staff and admins retire a resource, giving a reason."""
    resource = db.get_or_404(Resource, resource_id)
    form = RetireForm()
    if form.validate_on_submit():
        on_domain_error(form, page=lambda _error: _form_page("moderation/resources/retire.html", form,
                                                             resource=resource))
        retire_resource(current_user, resource, form.reason.data)
        flash(f"\u201c{resource.title}\u201d has been retired.", "success")
        return redirect(url_for("moderation.resource", resource_id=resource.id))
    return _form_page("moderation/resources/retire.html", form, resource=resource)


@bp.post("/resources/<int:resource_id>/restore")
@staff_only
def resource_restore(resource_id: int):
    """Staff and admins restore a retired resource; it must be vetted again."""
    resource = db.get_or_404(Resource, resource_id)
    back = url_for("moderation.resource", resource_id=resource.id)
    on_domain_error(redirect_to=back)
    restore_resource(current_user, resource)
    flash(f"\u201c{resource.title}\u201d has been restored as proposed; vet it to publish it.", "success")
    return redirect(back)
