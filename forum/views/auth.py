"""Registration, login and logout."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from forum.extensions import db, limiter
from forum.forms import LoginForm, RegisterForm
from forum.services import DomainError
from forum.services.accounts import authenticate, logout_user_everywhere, register_user
from forum.services.policies import current_policy
from forum.urls import safe_next
from forum.views.forms_support import show_domain_error

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    """Anyone not logged in may register."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_user(email=form.email.data, password=form.password.data,
                                 pseudonym=form.pseudonym.data, role=form.role.data,
                                 accepted_guidelines=form.accept_guidelines.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome to the community, {user.pseudonym}.", "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form,
                           guidelines=current_policy("community_guidelines")), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
def login():
    """Anyone may log in; `next` is followed only to local paths."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except DomainError as error:
            db.session.commit()  # keep the failure count that drives the soft lockout
            flash(error.message, "error")
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome back, {user.pseudonym}.", "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """A logged-in user logs out; the session token rotates so copies of it die too."""
    if current_user.is_authenticated:
        logout_user_everywhere(current_user)
        db.session.commit()
        logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("main.home"))
