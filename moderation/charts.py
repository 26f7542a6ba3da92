"""The staff console's charts, drawn on the server as SVG by pygal (a maintained charting
library) instead of hand-written SVG: no JavaScript, no CDN, no inline style or script.

pygal writes a <style> block, a <script> holding its configuration and a hidden tooltip
(with a style attribute) into every chart; the CSP (style-src and script-src 'self')
would refuse them, so they are taken out here and the colours come from the .pygal-chart
rules in static/css/site.css. What pygal's script showed on hover becomes a plain SVG
<title> on each bar or point ("Cardiology, Answers: 4"), which browsers show natively.
Each chart is an <svg role="img"> named by its <title> and <desc>; the same numbers are in
the table folded under it, which is what screen-reader users read.
"""
import math
import sys
import xml.etree.ElementTree as ET

import pygal
from markupsafe import Markup

# pygal appends a legacy import hook to sys.meta_path for its pygal.maps.* plugins. It has
# find_module() but no find_spec(), so every later import in the process warns (ImportWarning,
# an error under the tests' filterwarnings) and Python 3.12 ignores it anyway. No map plugin is
# used here: take the hook out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

# pygal builds its tree with the standard library's ElementTree (not lxml, were it installed),
# and render_tree() hands it over as built: nothing is parsed back from text.
pygal.etree.etree.to_etree()
WIDTH, LINE_HEIGHT = 640, 300
ROW_HEIGHT, BAR_CHART_CHROME = 26, 110  # horizontal bars: one row per label, plus axis and legend
MAX_X_LABELS = 12
MAX_LABEL_CHARACTERS = 30

_COMMON = dict(
    js=[], css=[], disable_xml_declaration=True, no_prefix=True, width=WIDTH, show_legend=True,
    legend_at_bottom=True, truncate_legend=-1, margin=12, spacing=6, include_x_axis=True,
    style=pygal.style.Style(font_family="system-ui, sans-serif", label_font_size=12, major_label_font_size=12,
                            legend_font_size=13, background="transparent", plot_background="transparent"),
)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n at or above `value` (at least 1): the value axis top."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _shown(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARACTERS else label[:MAX_LABEL_CHARACTERS - 1] + "…"


def _points(labels: list[str], column: list) -> list:
    """pygal values carrying their label, so each bar or point can be titled after rendering."""
    return [None if value is None else {"value": value, "label": label} for label, value in zip(labels, column)]


def _clean(chart, chart_id: str, title: str, description: str, series_names: list[str]) -> Markup:
    """pygal's SVG without what the CSP refuses, named for assistive technology."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            classes = (child.get("class") or "").split()
            if child.tag in ("style", "script", "title", ET.Comment) or "tooltip-overlay" in classes \
                    or (child.tag == "desc" and not {"value", "label"} & set(classes)):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
    # Each value's <desc class="label"> and <desc class="value"> become one native tooltip.
    for group in root.iter("g"):
        classes = (group.get("class") or "").split()
        if "series" not in classes:
            continue
        number = next(int(c.removeprefix("serie-")) for c in classes if c.startswith("serie-"))
        name = series_names[number]
        for point in group.iter("g"):
            label, value = point.find("desc[@class='label']"), point.find("desc[@class='value']")
            if label is None or value is None:
                continue
            point.remove(label)
            point.remove(value)
            tooltip = ET.Element("title")
            tooltip.text = f"{label.text}, {name}: {value.text}"
            point.insert(0, tooltip)
    root.set("id", chart_id)
    root.set("class", "chart pygal-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    heading, summary = ET.Element("title", id=f"{chart_id}-title"), ET.Element("desc", id=f"{chart_id}-desc")
    heading.text, summary.text = title, description
    root.insert(0, summary)
    root.insert(0, heading)
    # ElementTree escapes every text and attribute it writes.
    return Markup(ET.tostring(root, encoding="unicode"))  # nosec B704


def bar_chart(chart_id: str, title: str, description: str, labels: list[str],
              series: list[tuple[str, list]]) -> Markup:
    """Horizontal bars: one row per label (all of them, in full up to 30 characters), one
    bar per series; None draws nothing."""
    values = [value for _, column in series for value in column if value is not None]
    chart = pygal.HorizontalBar(height=BAR_CHART_CHROME + ROW_HEIGHT * max(1, len(labels)),
                                range=(0, nice_ceiling(max(values, default=0))), **_COMMON)
    # pygal draws the first label at the bottom; reversed, the table's first row is the top bar.
    chart.x_labels = [_shown(label) for label in reversed(labels)]
    for name, column in series:
        chart.add(name, _points(list(reversed(labels)), list(reversed(column))))
    return _clean(chart, chart_id, title, description, [name for name, _ in series])


def line_chart(chart_id: str, title: str, description: str, labels: list[str],
               series: list[tuple[str, list]]) -> Markup:
    """One line per series across the labels (days); None breaks the line."""
    values = [value for _, column in series for value in column if value is not None]
    chart = pygal.Line(height=LINE_HEIGHT, allow_interruptions=True, x_label_rotation=-35,
                       show_minor_x_labels=False, x_labels_major_every=max(1, -(-len(labels) // MAX_X_LABELS)),
                       range=(0, nice_ceiling(max(values, default=0))), dots_size=3, **_COMMON)
    chart.x_labels = labels
    for name, column in series:
        chart.add(name, _points(labels, column))
    return _clean(chart, chart_id, title, description, [name for name, _ in series])
