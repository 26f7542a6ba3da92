"""Languages and time zones: the choice order, the switch (no JavaScript, no account), <html lang>,
dates per locale and per time zone, and the member's settings."""
import re
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale, refresh

from forum.extensions import db as _db
from forum.models import User
from forum.platform.i18n import LANGUAGE_COOKIE, localised_date, localised_datetime
from tests.factories import make_user


def html_lang(response) -> str:
    return re.search(rb'<html lang="([^"]+)"', response.data).group(1).decode()


def csrf_token_of(response) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', response.data).group(1).decode()


def test_without_any_choice_the_default_locale_is_used(client):
    response = client.get("/")
    assert html_lang(response) == "en"


@pytest.mark.parametrize("header, expected", [
    ("es-US,es;q=0.9,en;q=0.5", "es"),
    ("es-MX", "es"),
    ("fr-FR, en-GB;q=0.8", "en"),
    ("de, fr", "en"),  # nothing we offer: DEFAULT_LOCALE
])
def test_accept_language_picks_the_best_supported_language(client, header, expected):
    response = client.get("/auth/login", headers={"Accept-Language": header})
    assert html_lang(response) == expected


def test_default_locale_setting_is_what_a_browser_without_a_match_gets(app, client):
    app.config["DEFAULT_LOCALE"] = "es"
    response = client.get("/auth/login", headers={"Accept-Language": "de"})
    assert html_lang(response) == "es"


def test_every_page_kind_carries_html_lang(client):
    for url in ("/", "/auth/login", "/topics/", "/does-not-exist", "/language"):
        response = client.get(url, headers={"Accept-Language": "es"})
        assert html_lang(response) == "es", url


class TestSwitchWithoutAccount:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_header_links_to_the_switch_and_the_switch_sets_a_cookie_then_goes_back(self, client):
        home = client.get("/topics/?page=1")
        # The header names the other language in itself, linking to its switch page (no JavaScript).
        assert b'hreflang="es"' in home.data and "Español".encode() in home.data
        page = client.get("/language?language=es&next=/topics/?page=1")
        assert html_lang(page) == "es"  # the switch page is shown in the language asked for
        assert "Elija su idioma".encode() in page.data
        response = client.post("/language", data={"csrf_token": csrf_token_of(page), "language": "es",
                                                  "next": "/topics/?page=1"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/topics/?page=1"
        cookie = client.get_cookie(LANGUAGE_COOKIE, domain="rounds.test")
        assert cookie is not None and cookie.value == "es" and cookie.http_only
        # The cookie beats the browser's own preference.
        assert html_lang(client.get("/topics/", headers={"Accept-Language": "en"})) == "es"

    def test_the_switch_refuses_a_post_without_its_csrf_token(self, client):
        response = client.post("/language", data={"language": "es", "next": "/"})
        assert response.status_code == 400
        assert client.get_cookie(LANGUAGE_COOKIE, domain="rounds.test") is None

    def test_the_switch_never_redirects_off_the_site(self, client):
        page = client.get("/language?language=es")
        response = client.post("/language", data={"csrf_token": csrf_token_of(page), "language": "es",
                                                  "next": "//evil.example/"})
        assert response.headers["Location"] == "/"

    def test_an_unknown_language_is_refused(self, client):
        page = client.get("/language")
        response = client.post("/language", data={"csrf_token": csrf_token_of(page), "language": "xx", "next": "/"})
        assert response.status_code == 400
        assert client.get_cookie(LANGUAGE_COOKIE, domain="rounds.test") is None


def test_a_cookie_naming_an_unknown_language_is_ignored(client):
    client.set_cookie(LANGUAGE_COOKIE, "klingon", domain="rounds.test")
    assert html_lang(client.get("/", headers={"Accept-Language": "es"})) == "es"


def test_the_member_setting_beats_the_cookie_and_the_browser(client, login_as, db):
    member = make_user("member")
    member.language = "es"
    db.session.commit()
    login_as(member)
    client.set_cookie(LANGUAGE_COOKIE, "en", domain="rounds.test")
    assert html_lang(client.get("/topics/", headers={"Accept-Language": "en"})) == "es"


def test_a_signed_in_member_switching_saves_their_setting(client, login_as, db):
    member = make_user("member")
    db.session.commit()
    login_as(member)
    page = client.get("/topics/")
    assert b'action="/language"' in page.data  # a one-click POST form in the header
    response = client.post("/language", data={"language": "es", "next": "/topics/"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).language == "es"


def test_preferences_page_saves_language_and_time_zone(client, login_as, db):
    member = make_user("member")
    db.session.commit()
    login_as(member)
    assert client.get("/account/preferences").status_code == 200
    response = client.post("/account/preferences", data={"language": "es", "time_zone": "America/Chicago"},
                           follow_redirects=True)
    assert "Se guardaron su idioma y su zona horaria.".encode() in response.data
    db.session.expire_all()
    saved = db.session.get(User, member.id)
    assert (saved.language, saved.time_zone) == ("es", "America/Chicago")


def test_preferences_refuse_an_unknown_time_zone(client, login_as, db):
    login_as(make_user("member"))
    response = client.post("/account/preferences", data={"language": "en", "time_zone": "Mars/Olympus"})
    assert response.status_code == 400


def test_wtforms_own_messages_follow_the_language(client):
    response = client.post("/auth/forgot", data={"email": ""}, headers={"Accept-Language": "es"})
    assert "Este campo es obligatorio.".encode() in response.data


MOMENT = datetime(2026, 12, 2, 3, 30, tzinfo=timezone.utc)


def test_dates_are_formatted_per_locale(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            assert localised_date(MOMENT) == "December 2, 2026"
        with force_locale("es"):
            assert localised_date(MOMENT) == "2 de diciembre de 2026"


def test_dates_are_shown_in_the_viewers_time_zone(app, db):
    member = make_user("member")
    member.time_zone = "America/Los_Angeles"
    db.session.commit()
    from flask_login import login_user
    with app.test_request_context("/"):
        assert localised_date(MOMENT) == "December 2, 2026"  # DEFAULT_TIMEZONE is UTC
        login_user(member)
        refresh()  # the zone is chosen once per request; this one has just signed in
        # 03:30 UTC on the 2nd is 19:30 on the 1st in California.
        assert localised_date(MOMENT) == "December 1, 2026"
        assert "7:30" in localised_datetime(MOMENT)


def test_default_timezone_setting_changes_the_dates_shown(app):
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["DEFAULT_TIMEZONE"] = "Asia/Tokyo"
    from forum.platform import i18n
    with app.test_request_context("/"):
        assert i18n.select_time_zone() == "Asia/Tokyo"
        assert localised_date(datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)) == "December 2, 2026"


def test_anonymous_pages_are_cached_per_language(client):
    english = client.get("/", headers={"Accept-Language": "en"})
    spanish = client.get("/", headers={"Accept-Language": "es"})
    assert html_lang(english) == "en" and html_lang(spanish) == "es"
    assert html_lang(client.get("/", headers={"Accept-Language": "es"})) == "es"
    assert "Accept-Language" in spanish.headers.get("Vary", "")


def test_the_language_column_refuses_an_unsupported_language(db):
    member = make_user("member")
    db.session.commit()
    with pytest.raises(Exception, match="(?i)check"):
        _db.session.execute(_db.text("UPDATE users SET language = 'xx' WHERE id = :id"), {"id": member.id})
        _db.session.flush()
    _db.session.rollback()


# -- emails are written in their recipient's language ----------------------------------------

def latest_email(db):
    from sqlalchemy import select
    from forum.models import OutboxEmail
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()


def test_a_password_reset_email_is_in_the_members_language_whoever_asks(client, db):
    member = make_user("member", email="rosa@example.test")
    member.language = "es"
    db.session.commit()
    client.post("/auth/forgot", data={"email": "rosa@example.test"},
                headers={"Accept-Language": "en"}).close()  # the email goes after the response
    email = latest_email(db)
    assert email.subject == "Restablezca su contraseña de Rounds"
    assert email.body_text.startswith(f"Hola, {member.pseudonym}:")
    assert "Someone" not in email.body_text


def test_a_member_without_a_setting_gets_emails_in_the_default_language(app, client, db):
    make_user("member", email="kim@example.test")
    db.session.commit()
    client.post("/auth/forgot", data={"email": "kim@example.test"}, headers={"Accept-Language": "es"}).close()
    assert latest_email(db).subject == "Reset your Rounds password"


def test_the_author_is_told_in_their_language_when_an_english_moderator_publishes(client, db, login_as):
    from forum.models import Notification
    from moderation.services.queue import queue_question
    from tests.factories import make_question

    author = make_user("member")
    author.language = "es"
    item = queue_question(make_question(author))
    db.session.commit()
    login_as("clinician")
    assert client.post(f"/moderation/items/{item.id}/claim", data={"claim-version": item.version}).status_code == 302
    db.session.expire_all()
    version = db.session.get(type(item), item.id).version
    response = client.post(f"/moderation/items/{item.id}/publish", data={"publish-version": version},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert html_lang(client.get("/moderation/queue", headers={"Accept-Language": "en"})) == "en"
    email = latest_email(db)
    assert email.subject == "Se publicó su pregunta"
    assert "Se publicó su pregunta." in email.body_text
    notice = db.session.scalars(Notification.for_user(author.id)).first()
    assert notice.message == "Se publicó su pregunta"


# -- content carries its language ------------------------------------------------------------

def test_a_question_asked_in_spanish_is_stored_as_spanish_and_marked_up_so(client, db, login_as):
    from forum.models import Question
    from tests.factories import topic

    member = make_user("member")
    member.language = "es"
    db.session.commit()
    login_as(member)
    page = client.get("/questions/ask")
    assert b'<option selected value="es">' in page.data  # the language field defaults to the interface's
    response = client.post("/questions/ask", data={
        "title": "¿Cuánto dura la hinchazón después de la cirugía de rodilla?",
        "body": "Me operaron hace dos semanas y la rodilla sigue hinchada por la noche.",
        "primary_topic": topic("heart-failure").id, "asking_for": "self", "identity": "pseudonym",
        "visibility": "public", "language": "es", "client_token": "t-es-1"})
    assert response.status_code == 302
    question = db.session.scalars(db.select(Question).order_by(Question.id.desc())).first()
    assert question.language == "es"
    shown = client.get(f"/questions/{question.id}")
    assert f'id="question-title" lang="es"'.encode() in shown.data


def test_topic_pages_list_the_readers_language_first_with_the_others_a_link_away(client, db):
    from tests.factories import make_question

    english = make_question(status="answered", title="How long does swelling last after knee surgery?")
    spanish = make_question(status="answered", language="es",
                            title="¿Cuánto dura la hinchazón después de la cirugía de rodilla?")
    db.session.commit()
    in_spanish = client.get("/topics/heart-failure", headers={"Accept-Language": "es"})
    assert spanish.title.encode() in in_spanish.data and english.title.encode() not in in_spanish.data
    assert b"language=all" in in_spanish.data
    every = client.get("/topics/heart-failure?language=all", headers={"Accept-Language": "es"})
    assert spanish.title.encode() in every.data and english.title.encode() in every.data
    in_english = client.get("/topics/heart-failure", headers={"Accept-Language": "en"})
    assert english.title.encode() in in_english.data and spanish.title.encode() not in in_english.data


def test_the_queue_filters_by_the_language_questions_are_written_in(client, db, login_as):
    from moderation.services.queue import queue_question
    from tests.factories import make_question

    queue_question(make_question(title="How long does knee swelling last after surgery?"))
    queue_question(make_question(language="es", title="¿Cuánto dura la hinchazón de la rodilla?"))
    db.session.commit()
    login_as("staff")
    spanish = client.get("/moderation/?language=es&specialty=all")
    assert "¿Cuánto dura la hinchazón de la rodilla?".encode() in spanish.data
    assert b"How long does knee swelling" not in spanish.data
    every = client.get("/moderation/?specialty=all")
    assert b"How long does knee swelling" in every.data and "¿Cuánto dura".encode() in every.data
    assert client.get("/moderation/?language=xx").status_code == 400


@pytest.mark.parametrize("path, english, spanish", [
    ("/moderation/audit", "Audit trail", "Registro de auditoría"),
    ("/moderation/health", "Queue health", "En espera por tipo"),
    ("/moderation/clinicians", "Clinician accounts", "Cuentas de profesionales de la salud"),
    ("/moderation/clinicians/new", "Add or promote a clinician", "Nombre público (solo cuentas nuevas)"),
])
def test_staff_pages_follow_the_staff_members_language(client, db, login_as, path, english, spanish):
    staff = login_as("staff")
    assert english in client.get(path).get_data(as_text=True)
    staff.language = "es"
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert spanish in page and english not in page
