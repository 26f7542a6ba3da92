"""The request's unit of work (forum/platform/unit_of_work.py): one commit point per request.

Routes are added here with the same wrapper create_app puts around every view, so each
test sees exactly what a real view gets: commit below 400, rollback otherwise.
"""
import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select

from forum.models import Specialty
from forum.platform import unit_of_work
from forum.platform.unit_of_work import on_domain_error
from forum.services import DomainError


def _route(app, rule, view):
    app.add_url_rule(rule, view.__name__, view, methods=["POST"])
    app.view_functions[view.__name__] = unit_of_work._unit_of_work(app, view)


def _specialties(db) -> set[str]:
    db.session.remove()  # read what was committed, not what the session still holds
    return set(db.session.scalars(select(Specialty.slug)))


def _add(slug):
    from forum.extensions import db
    db.session.add(Specialty(slug=slug, name=slug.title()))
    db.session.flush()


def test_a_successful_view_is_committed_and_a_4xx_or_an_exception_rolled_back(app, db):
    def kept_view():
        _add("kept")
        return "ok", 200

    def refused_view():
        _add("refused")
        return "no", 400

    def broken_view():
        _add("broken")
        raise RuntimeError("boom")

    for view in (kept_view, refused_view, broken_view):
        _route(app, f"/uow/{view.__name__}", view)
    client = app.test_client()
    assert client.post("/uow/kept_view").status_code == 200
    assert client.post("/uow/refused_view").status_code == 400
    with pytest.raises(RuntimeError):
        client.post("/uow/broken_view")
    slugs = _specialties(db)
    assert "kept" in slugs and "refused" not in slugs and "broken" not in slugs


def test_a_domain_error_rolls_back_shows_the_declared_page_and_keeps_only_kept_work(app, db):
    def failing_view():
        on_domain_error(page=lambda error: f"page for: {error.message} / {get_flashed_messages()}")
        _add("half-done")
        raise DomainError("That name is taken.", kept=lambda: _add("counted"))

    _route(app, "/uow/failing", failing_view)
    response = app.test_client().post("/uow/failing")
    assert response.status_code == 400
    assert "page for: That name is taken." in response.get_data(as_text=True)
    assert "That name is taken." in response.get_data(as_text=True).split("/", 1)[1]  # flashed too
    slugs = _specialties(db)
    assert "counted" in slugs and "half-done" not in slugs


def test_an_undeclared_domain_error_is_the_error_page_with_its_message(app, db):
    def bare_view():
        _add("bare")
        raise DomainError("Not like that.")

    _route(app, "/uow/bare", bare_view)
    response = app.test_client().post("/uow/bare")
    assert response.status_code == 400 and "Not like that." in response.get_data(as_text=True)
    assert "bare" not in _specialties(db)


def test_every_registered_view_runs_in_the_unit_of_work(app):
    unwrapped = [endpoint for endpoint, view in app.view_functions.items()
                 if getattr(view, "__code__", None) is not unit_of_work._unit_of_work(app, len).__code__]
    assert unwrapped == []


def test_count_helper_is_not_fooled_by_the_session(app, db):
    _add("pending-only")
    assert db.session.scalar(select(func.count()).select_from(Specialty).where(Specialty.slug == "pending-only")) == 1
    assert "pending-only" not in _specialties(db)
