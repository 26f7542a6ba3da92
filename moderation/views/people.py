"""Staff manage people: search, change roles, suspend, ban, reinstate, re-verify clinicians."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.extensions import db
from forum.models import User
from forum.models.enums import AccountStatus, Role
from forum.permissions import role_required
from forum.platform.pagination import decode_id_cursor
from forum.platform.unit_of_work import on_domain_error, require_valid_form
from moderation import bp
from moderation.forms.console import PeopleSearchForm, RestrictForm, RoleForm
from moderation.services.people import (
    assignable_roles,
    change_role,
    reinstate_user,
    restrict_user,
    search_users,
)
from moderation.services.verification import verify_clinician


def _load_person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.status == AccountStatus.DELETED:
        abort(404)
    return user


def _person_page(user: User, *, role_form=None, restrict_form=None, status: int = 200):
    role_form = role_form or RoleForm(formdata=None)
    # Offer only the roles this person may give (change_role checks them again).
    role_form.role.choices = [(role, role.capitalize()) for role in assignable_roles(current_user, user)]
    return render_template("moderation/console/person.html", person=user, role_form=role_form,
                           restrict_form=restrict_form or RestrictForm(formdata=None)), status


@bp.get("/people")
@role_required(Role.STAFF, Role.ADMIN)
def people():
    """Staff search accounts by public name or exact email address."""
    form = PeopleSearchForm(request.args)
    if not form.validate():
        abort(400)
    users, more = search_users(current_user, form.q.data or "", after_id=decode_id_cursor(request.args.get("after")),
                               limit=current_app.config["PAGE_SIZE"])
    next_url = url_for(".people", q=form.q.data or "", after=users[-1].id) if more else None
    return render_template("moderation/console/people.html", form=form, users=users, next_url=next_url)


@bp.get("/people/<int:user_id>")
@role_required(Role.STAFF, Role.ADMIN)
def person(user_id: int):
    """Staff see one account's role, status and verification, with the actions on it."""
    return _person_page(_load_person(user_id))


@bp.post("/people/<int:user_id>/role")
@role_required(Role.STAFF, Role.ADMIN)
def person_role(user_id: int):
    """Staff change someone else's role; only admins grant staff or admin."""
    user = _load_person(user_id)
    form = RoleForm()
    require_valid_form(form, lambda: _person_page(user, role_form=form))
    change_role(current_user, user, role=form.role.data)
    flash(f"{user.pseudonym} is now {form.role.data}.", "success")
    return redirect(url_for(".person", user_id=user.id))


@bp.post("/people/<int:user_id>/suspend")
@role_required(Role.STAFF, Role.ADMIN)
def person_suspend(user_id: int):
    """Staff suspend someone with a reason shown to them; they are logged out."""
    user = _load_person(user_id)
    return _restrict(user, AccountStatus.SUSPENDED, f"{user.pseudonym} is suspended.")


@bp.post("/people/<int:user_id>/ban")
@role_required(Role.STAFF, Role.ADMIN)
def person_ban(user_id: int):
    """Staff ban someone with a reason shown to them; they are logged out."""
    user = _load_person(user_id)
    return _restrict(user, AccountStatus.BANNED, f"{user.pseudonym} is banned.")


def _restrict(user: User, status: AccountStatus, done: str):
    """Suspending and banning share one form and one service."""
    form = RestrictForm()
    require_valid_form(form, lambda: _person_page(user, restrict_form=form))
    restrict_user(current_user, user, status=status, reason=form.reason.data)
    flash(done, "success")
    return redirect(url_for(".person", user_id=user.id))


@bp.post("/people/<int:user_id>/reinstate")
@role_required(Role.STAFF, Role.ADMIN)
def person_reinstate(user_id: int):
    """Staff lift a suspension or ban."""
    user = _load_person(user_id)
    on_domain_error(page=lambda _error: _person_page(user))
    reinstate_user(current_user, user)
    flash(f"{user.pseudonym} can use the community again.", "success")
    return redirect(url_for(".person", user_id=user.id))


@bp.post("/people/<int:user_id>/verify")
@role_required(Role.STAFF, Role.ADMIN)
def person_verify(user_id: int):
    """Staff verify a clinician, or re-verify one whose verification has expired."""
    user = _load_person(user_id)
    on_domain_error(page=lambda _error: _person_page(user))
    verify_clinician(current_user, user)
    flash(f"{user.pseudonym} is verified.", "success")
    return redirect(url_for(".person", user_id=user.id))
