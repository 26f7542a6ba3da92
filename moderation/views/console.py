"""The staff console dashboard: charts over a date range, each with its table and a CSV."""
import io
from datetime import date

from flask import Response, abort, render_template, request, url_for

from forum.models.base import utcnow
from forum.models.enums import Role
from forum.permissions import role_required
from forum.platform.csv_files import CsvWriter
from forum.services import DomainError
from moderation import bp
from moderation.charts import bar_chart, line_chart
from moderation.services.console_stats import CHARTS, CHARTS_BY_SLUG, parse_period


def _cell(value) -> str:
    """How a number reads in tables and CSV: dates ISO, missing values empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def _label(value) -> str:
    return value.strftime("%-d %b") if isinstance(value, date) else str(value)


def _chart_view(chart, rows):
    labels = [_label(row[chart.label]) for row in rows]
    headings = dict(chart.columns)
    series = [(headings[key], [row[key] for row in rows]) for key in chart.series]
    draw = line_chart if chart.kind == "line" else bar_chart
    empty = not any(value for _, column in series for value in column)
    return {"chart": chart, "rows": [[_cell(row[key]) for key, _ in chart.columns] for row in rows],
            "svg": draw(f"chart-{chart.slug}", chart.title, chart.description, labels, series),
            "empty": empty}


@bp.get("/console")
@role_required(Role.STAFF, Role.ADMIN)
def console():
    """Staff see the queue and community numbers for a date range, as charts and tables."""
    now = utcnow()
    try:
        period = parse_period(request.args.get("from"), request.args.get("to"), now.date())
    except DomainError as error:
        return render_template("moderation/console/dashboard.html", error=error.message, charts=[],
                               period=None, args=request.args), 400
    charts = [_chart_view(chart, chart.compute(period, now)) for chart in CHARTS]
    return render_template("moderation/console/dashboard.html", charts=charts, period=period, error=None,
                           args=request.args)


@bp.get("/console/<chart>.csv")
@role_required(Role.STAFF, Role.ADMIN)
def console_csv(chart: str):
    """Staff download one chart's numbers as CSV, for the same date range."""
    spec = CHARTS_BY_SLUG.get(chart)
    if spec is None:
        abort(404)
    now = utcnow()
    try:
        period = parse_period(request.args.get("from"), request.args.get("to"), now.date())
    except DomainError as error:
        return Response(error.message + "\n", status=400, mimetype="text/plain")
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow([key for key, _ in spec.columns])
    for row in spec.compute(period, now):
        writer.writerow([row[key] for key, _ in spec.columns])
    filename = f"{spec.slug}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def csv_url(chart, period) -> str:
    return url_for("moderation.console_csv", chart=chart.slug, **{"from": period.first.isoformat(),
                                                                  "to": period.last.isoformat()})


bp.add_app_template_global(csv_url, "console_csv_url")
