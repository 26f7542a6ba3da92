"""Small server-side SVG charts for the staff console: no JavaScript, no CDN, no inline style.

Each chart is an <svg role="img"> labelled by its <title> and <desc>; colours come from
classes in static/css/site.css (the CSP forbids style attributes). The same numbers are
always shown in a table beside the chart, which is what screen-reader users read.
"""
import math

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 28, 48
MAX_X_LABELS = 12


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n at or above `value` (at least 1): the y axis top."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _frame(chart_id: str, title: str, description: str, labels: list[str], series, top: float,
           body: list[str]) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="chart-tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(round(value, 2))}</text>')
    parts.extend(body)
    step = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    slot = plot_w / max(1, len(labels))
    for index in range(0, len(labels), step):
        x = LEFT + slot * (index + 0.5)
        y = HEIGHT - BOTTOM + 14
        parts.append(f'<text class="chart-label" x="{x:.1f}" y="{y}" text-anchor="end" '
                     f'transform="rotate(-35 {x:.1f} {y})">{escape(labels[index][:14])}</text>')
    for index, (name, _) in enumerate(series):
        x = LEFT + index * 190
        parts.append(f'<rect class="chart-series-{index}" x="{x}" y="6" width="12" height="12"/>'
                     f'<text class="chart-legend" x="{x + 18}" y="16">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # nosec B704 — all text (ids, titles, labels, names) is escaped above


# Horizontal bars: one row per label, the whole label on the left, so 16 specialties all
# show in full ("General surgery", not "General surger") and nothing overlaps.
LABEL_WIDTH, ROW_HEIGHT, BAR_TOP = 190, 22, 30
MAX_LABEL_CHARACTERS = 30


def bar_chart(chart_id: str, title: str, description: str, labels: list[str],
              series: list[tuple[str, list]]) -> Markup:
    """Grouped horizontal bars: one row per label, one bar per series; None draws nothing."""
    values = [value for _, column in series for value in column if value is not None]
    top = nice_ceiling(max(values, default=0))
    plot_left, plot_w = LABEL_WIDTH, WIDTH - LABEL_WIDTH - RIGHT - 28
    rows_h = ROW_HEIGHT * max(1, len(labels))
    height = BAR_TOP + rows_h + 24
    bar_h = (ROW_HEIGHT - 6) / max(1, len(series))
    parts = [
        f'<svg class="chart chart-bars" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for tick in range(5):
        x = plot_left + plot_w * tick / 4
        parts.append(f'<line class="chart-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{BAR_TOP}" y2="{BAR_TOP + rows_h}"/>')
        parts.append(f'<text class="chart-tick" x="{x:.1f}" y="{BAR_TOP + rows_h + 16}" text-anchor="middle">'
                     f'{_number(round(top * tick / 4, 2))}</text>')
    for index, label in enumerate(labels):
        y = BAR_TOP + ROW_HEIGHT * index
        shown = label if len(label) <= MAX_LABEL_CHARACTERS else label[:MAX_LABEL_CHARACTERS - 1] + "…"
        parts.append(f'<text class="chart-label" x="{plot_left - 8}" y="{y + ROW_HEIGHT / 2 + 4:.1f}" '
                     f'text-anchor="end">{escape(shown)}</text>')
        for number, (name, column) in enumerate(series):
            value = column[index]
            if value is None:
                continue
            length = plot_w * value / top
            parts.append(f'<rect class="chart-series-{number}" x="{plot_left}" y="{y + 3 + bar_h * number:.1f}" '
                         f'width="{length:.1f}" height="{bar_h:.1f}"><title>{escape(label)}, {escape(name)}: '
                         f'{_number(value)}</title></rect>')
    for index, (name, _) in enumerate(series):
        x = plot_left + index * 190
        parts.append(f'<rect class="chart-series-{index}" x="{x}" y="6" width="12" height="12"/>'
                     f'<text class="chart-legend" x="{x + 18}" y="16">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # nosec B704 — all text (ids, titles, labels, names) is escaped above


def line_chart(chart_id: str, title: str, description: str, labels: list[str],
               series: list[tuple[str, list]]) -> Markup:
    """One line per series across the labels (days); None breaks the line."""
    values = [value for _, column in series for value in column if value is not None]
    top = nice_ceiling(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))
    body = []
    for number, (name, column) in enumerate(series):
        segments, current = [], []
        for index, value in enumerate(column):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append((LEFT + slot * (index + 0.5), TOP + plot_h - plot_h * value / top))
        if current:
            segments.append(current)
        for segment in segments:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            body.append(f'<polyline class="chart-line chart-line-{number}" points="{points}"/>')
            for x, y in segment:
                body.append(f'<circle class="chart-series-{number}" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>')
    return _frame(chart_id, title, description, labels, series, top, body)
