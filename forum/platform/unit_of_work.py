"""The request's unit of work: one commit point, one rollback, one DomainError handler.

As Indico's RH.process() does, every view runs inside `_unit_of_work`: a response below
400 commits, anything else (a 4xx page, any exception) rolls back. Views and services
never commit. The commit happens inside the view call, so a database failure while
committing reaches the same error handlers (503) as one during the view.

A service's DomainError is turned into a page in one place, `_domain_error`: the view
declares beforehand, with `on_domain_error()`, which form shows the message (on the
field it names, else as a flash) and which page to show again (or where to redirect);
without a declaration the message is flashed on the generic error page. The status is
the error's own (400; 409 for a stale or conflicting review item). Work that must
survive the rollback, such as the failed-login counter, travels on the error
(`DomainError.kept`) and is committed on its own after the rollback.
"""
from functools import wraps

from flask import Flask, abort, flash, g, make_response, redirect

from forum.extensions import db
from forum.platform.request_hooks import render_error
from forum.services import DomainError, PermissionDenied


def on_domain_error(form=None, *, page=None, redirect_to: str | None = None, category: str = "error") -> None:
    """How this request shows a DomainError raised by the service it calls.

    `form`: the message goes on the field the error names (else it is flashed);
    `page(error)`: the response to show again, its status the error's; or `redirect_to`.
    """
    g.domain_error_view = (form, page, redirect_to, category)


def keep_after_rollback(work) -> None:
    """Work that must be saved even though this request fails (a refused sign-in that ends
    sessions): run after the rollback, and committed on its own (DomainError.kept, for a
    view's own error, does the same)."""
    g.setdefault("kept_work", []).append(work)


def _commit_kept_work() -> None:
    kept = g.pop("kept_work", [])
    for work in kept:
        work()
    if kept:
        db.session.commit()


def require_valid_form(form, page) -> None:
    """For action endpoints: stop with `page()` (400) unless `form` validates, and show the
    same page (with the form's message) for a DomainError from the service that follows."""
    if not form.validate_on_submit():
        response = make_response(page())
        response.status_code = 400
        abort(response)
    on_domain_error(form, page=lambda _error: page())


def show_domain_error(form, error: DomainError, category: str = "error") -> None:
    """Put the message on the form field it names, or else flash it."""
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, category)


def _domain_error(error: DomainError):
    db.session.rollback()
    if error.kept is not None:
        keep_after_rollback(error.kept)
    _commit_kept_work()
    declared = g.get("domain_error_view")
    if declared is None:
        return render_error(error.status, error.message)
    form, page, redirect_to, category = declared
    if not error.shown_by_page:
        show_domain_error(form, error, category)
    if redirect_to is not None:
        return redirect(redirect_to)
    response = make_response(page(error))
    response.status_code = error.status
    return response


def _permission_denied(_error: PermissionDenied):
    db.session.rollback()
    return render_error(403)


def _unit_of_work(app: Flask, view):
    @wraps(view)
    def run(*args, **kwargs):
        try:
            response = app.make_response(view(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code < 400:
            _commit_without_expiring()
        else:
            db.session.rollback()
        _commit_kept_work()
        return response

    return run


def _commit_without_expiring() -> None:
    """The page is already rendered: what runs after the commit (security headers, logs, the
    page cache) reads the same rows, so they are not expired and reloaded one query each."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: it wraps each view function."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _unit_of_work(app, view)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(PermissionDenied, _permission_denied)
