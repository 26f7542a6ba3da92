"""The console dashboard: charts with tables, date range validation, CSV downloads."""
import csv
import io
import re
from datetime import timedelta

from forum.models.base import utcnow
from tests.factories import make_question, make_user


def test_dashboard_shows_every_chart_with_its_table(db, client, login_as):
    make_question()
    login_as(make_user("staff"))
    page = client.get("/moderation/console")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for title in ("Questions asked per day", "Time to first answer by specialty", "Queue size over time",
                  "Oldest waiting item by specialty", "Questions near or past their answer target",
                  "Flags by reason", "Crisis escalations per day"):
        assert f"<caption>{title}</caption>" in html
    assert 'id="answers-per-clinician-heading">Answers per clinician' in html  # no rows: no table
    assert re.search(r'<svg [^>]*id="chart-questions" class="chart pygal-chart"[^>]* role="img"', html)
    assert '<th scope="col">Questions</th>' in html and '<th scope="row">' in html
    assert "Not yet recorded" in html  # nobody was shown "already answered?" suggestions
    assert "/moderation/console/questions.csv?from=" in html
    assert 'href="/moderation/people"' in html and 'href="/moderation/audit"' in html  # the console nav


def test_bad_dates_are_a_400_with_a_message(db, client, login_as):
    login_as(make_user("admin"))
    page = client.get("/moderation/console?from=2026-13-01")
    assert page.status_code == 400 and "must look like 2026-01-31" in page.get_data(as_text=True)
    page = client.get("/moderation/console?from=2026-03-05&to=2026-03-01")
    assert page.status_code == 400 and "on or before" in page.get_data(as_text=True)
    assert client.get("/moderation/console/questions.csv?to=nope").status_code == 400


def test_csv_has_the_chart_numbers(db, client, login_as):
    today = utcnow().date()
    make_question()
    old = make_question()
    old.created_at = utcnow() - timedelta(days=1)
    login_as(make_user("staff"))
    response = client.get(f"/moderation/console/questions.csv?from={today - timedelta(days=2)}&to={today}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [["day", "questions"], [str(today - timedelta(days=2)), "0"],
                    [str(today - timedelta(days=1)), "1"], [str(today), "1"]]
    assert client.get("/moderation/console/nothing.csv").status_code == 404


def test_clinicians_and_members_are_refused(db, client, login_as):
    login_as("clinician")
    assert client.get("/moderation/console").status_code == 403
    assert client.get("/moderation/console/flags.csv").status_code == 403
    login_as("member")
    assert client.get("/moderation/console").status_code == 403
