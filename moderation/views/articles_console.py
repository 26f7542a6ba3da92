"""The communications lead's view: every article by state, who wrote and reviewed it, how
long each step took and how often it was read; the same rows as CSV."""
import io

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from forum.models.articles import ARTICLE_STATUSES
from forum.models.enums import Role
from forum.permissions import role_required
from forum.platform.csv_files import CsvWriter
from forum.platform.pagination import decode_moment_cursor, encode_moment_cursor, list_link
from moderation import bp
from moderation.services.articles import CONSOLE_COLUMNS, article_console_page, console_cells

CSV_ROWS = 10_000


def _status():
    status = request.args.get("state") or None
    if status is not None and status not in ARTICLE_STATUSES:
        abort(400)
    return status


@bp.get("/console/articles")
@role_required(Role.STAFF, Role.ADMIN)
def articles_console():
    """Staff (communications) see articles by state, with reviewers, step times and views."""
    status = _status()
    rows, more = article_console_page(current_user, status=status, after=decode_moment_cursor(request.args.get("after")),
                                      limit=current_app.config["PAGE_SIZE"])
    last = rows[-1].article if rows else None
    next_url = list_link(".articles_console", ("state",), after=encode_moment_cursor(last.updated_at, last.id)) \
        if more else None
    return render_template("moderation/console/articles.html", rows=rows, status=status, statuses=ARTICLE_STATUSES,
                           next_url=next_url, csv_url=list_link(".articles_console_csv", ("state",)))


@bp.get("/console/articles.csv")
@role_required(Role.STAFF, Role.ADMIN)
def articles_console_csv():
    """Staff download the same list as CSV (formula cells escaped), up to CSV_ROWS articles."""
    rows, _more = article_console_page(current_user, status=_status(), after=None, limit=CSV_ROWS)
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(CONSOLE_COLUMNS)
    for row in rows:
        writer.writerow(console_cells(row))
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=articles.csv"})
