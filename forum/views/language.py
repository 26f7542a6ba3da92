"""The language switch: a cookie, so it works without an account; no JavaScript needed."""
from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from forum.forms.accounts import LanguageForm
from forum.platform.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_DAYS, current_language, supported_languages
from forum.platform.redirects import safe_next
from forum.services.preferences import set_language

bp = Blueprint("language", __name__)


@bp.get("/language")
def choose():
    """Anyone: the switch's page, shown in the language asked for, whose button sets it."""
    asked = request.args.get("language")
    asked = asked if asked in supported_languages() else current_language()
    form = LanguageForm(language=asked, next=safe_next(request.args.get("next"), url_for("main.home")))
    with force_locale(asked):
        return render_template("main/language.html", form=form)


@bp.post("/language")
def switch():
    """Anyone sets the language cookie (a signed-in member's setting too) and goes back where they were."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return render_template("main/language.html", form=form), 400
    if current_user.is_authenticated:
        set_language(current_user, form.language.data)
    response = redirect(safe_next(form.next.data, url_for("main.home")))
    response.set_cookie(LANGUAGE_COOKIE, form.language.data, max_age=int(timedelta(days=LANGUAGE_COOKIE_DAYS).total_seconds()),
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response
