"""Staff manage clinician accounts: create or promote, verify, revoke."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.forms.fields import choices
from forum.models import Specialty, User
from forum.models.enums import Role
from forum.permissions import role_required
from forum.platform.unit_of_work import on_domain_error, require_valid_form
from moderation import bp
from moderation.forms.queue import ClinicianForm, RevokeForm
from moderation.services.verification import (
    clinician_list,
    create_clinician,
    promote_clinician,
    revoke_clinician,
    verify_clinician,
)


def _load_clinician(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.clinician_profile is None:
        abort(404)
    return user


@bp.get("/clinicians")
@role_required(Role.STAFF, Role.ADMIN)
def clinicians():
    """Staff see every clinician account and its verification state."""
    return _clinicians_page(RevokeForm(formdata=None))


@bp.route("/clinicians/new", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def add_clinician():
    """Staff create a clinician account, or promote an existing one by email."""
    form = ClinicianForm()
    form.specialties.choices = choices(
        (s.id, s.name) for s in db.session.scalars(select(Specialty).order_by(Specialty.name)))
    password = None
    if form.validate_on_submit():
        fields = dict(email=form.email.data, full_name=form.full_name.data, credentials=form.credentials.data,
                      licence_number=form.licence_number.data, specialty_ids=form.specialties.data)
        on_domain_error(form, page=lambda _error: render_template("moderation/add_clinician.html", form=form))
        if form.pseudonym.data:
            user, password = create_clinician(current_user, pseudonym=form.pseudonym.data, **fields)
        else:
            user = promote_clinician(current_user, **fields)
        flash(f"{user.pseudonym} is now a clinician, not yet verified.", "success")
        if password is None:
            return redirect(url_for(".clinicians"))
        return render_template("moderation/clinician_created.html", user=user, password=password)
    return render_template("moderation/add_clinician.html", form=form), 400 if form.is_submitted() else 200


@bp.post("/clinicians/<int:user_id>/verify")
@role_required(Role.STAFF, Role.ADMIN)
def verify_clinician_account(user_id: int):
    """Staff verify a clinician; the queue then opens for them."""
    user = _load_clinician(user_id)
    on_domain_error(page=lambda _error: _clinicians_page(RevokeForm(formdata=None)))
    verify_clinician(current_user, user)
    flash(f"{user.pseudonym} is verified.", "success")
    return redirect(url_for(".clinicians"))


@bp.post("/clinicians/<int:user_id>/revoke")
@role_required(Role.STAFF, Role.ADMIN)
def revoke_clinician_account(user_id: int):
    """Staff revoke a clinician's verification with a reason."""
    user = _load_clinician(user_id)
    form = RevokeForm()
    require_valid_form(form, lambda: _clinicians_page(form))
    on_domain_error(page=lambda _error: _clinicians_page(form))  # flashed: the reason field is not at fault
    revoke_clinician(current_user, user, reason=form.reason.data)
    flash(f"{user.pseudonym}'s verification is revoked.", "success")
    return redirect(url_for(".clinicians"))


def _clinicians_page(revoke_form):
    users = db.session.scalars(clinician_list()).all()
    return render_template("moderation/clinicians.html", users=users, revoke_form=revoke_form)
