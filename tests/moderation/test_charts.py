"""The console charts (pygal): accessible, scaled to their numbers, and free of inline style and script."""
import re
import xml.etree.ElementTree as ET

from moderation.charts import bar_chart, line_chart, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0, 0.4, 1, 3, 7, 10, 11, 240, 999)] == [1, 1, 1, 5, 10, 10, 20, 500, 1000]


def test_bar_chart_is_labelled_and_scaled():
    svg = str(bar_chart("chart-x", "Flags <by> reason", "Flags raised", ["Spam", "At risk", "None"],
                        [("Flags", [4, 2, None])]))
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert root.find(f"{SVG}title").text == "Flags <by> reason"  # escaped in the markup, read back intact
    assert root.find(f"{SVG}desc").text == "Flags raised"
    bars = sorted(_titled(root, "bar"), key=lambda bar: float(bar.find(f"{SVG}rect").get("y")))
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Spam, Flags: 4", "At risk, Flags: 2"]  # top first
    lengths = [float(bar.find(f"{SVG}rect").get("width")) for bar in bars]
    assert abs(lengths[0] - 2 * lengths[1]) < 0.2  # 4 is twice 2
    assert "style" not in svg and "<script" not in svg  # neither attribute nor element: the CSP refuses both
    assert root.get("class") == "chart pygal-chart"


def _titled(root, kind: str) -> list:
    """pygal's groups of one kind ("bar", "dots") that carry a value's tooltip."""
    return [group for group in root.iter(f"{SVG}g")
            if group.get("class") == kind and group.find(f"{SVG}title") is not None]


def test_grouped_bars_and_lines():
    bars = ET.fromstring(str(bar_chart("c", "t", "d", ["A", "B"], [("Median", [1, 2]), ("p90", [3, 4])])))
    assert sorted(bar.find(f"{SVG}title").text for bar in _titled(bars, "bar")) == [
        "A, Median: 1", "A, p90: 3", "B, Median: 2", "B, p90: 4"]
    line = str(line_chart("l", "Queue", "Open items", ["1 Mar", "2 Mar", "3 Mar", "4 Mar", "5 Mar"],
                          [("Open", [1, 2, None, 3, 2])]))
    root = ET.fromstring(line)
    lines = [p for p in root.iter(f"{SVG}path") if {"line", "reactive"} <= set(p.get("class", "").split())]
    assert len(lines) == 2  # the missing value breaks the line
    assert len(re.findall("<circle", line)) == 4
    assert [dot.find(f"{SVG}title").text for dot in _titled(root, "dots")] == [
        "1 Mar, Open: 1", "2 Mar, Open: 2", "4 Mar, Open: 3", "5 Mar, Open: 2"]


def test_bar_labels_are_all_shown_in_full_without_overlapping():
    specialties = ["General surgery", "Cardiology", "Orthopaedics", "Endocrinology", "Obstetrics and gynaecology",
                   "Paediatrics", "Neurology", "Oncology", "Respiratory medicine", "Gastroenterology",
                   "Nephrology", "Rheumatology", "Dermatology", "Ophthalmology", "Urology", "Psychiatry"]
    root = ET.fromstring(str(bar_chart("s", "Answers", "Per specialty", specialties,
                                       [("Answers", list(range(1, 17)))])))
    axis = next(group for group in root.iter(f"{SVG}g") if group.get("class") == "axis y")
    labels = sorted(axis.iter(f"{SVG}text"), key=lambda text: float(text.get("y")))
    assert [label.text for label in labels] == specialties  # all 16, top to bottom, none cut ("General surger")
    rows = [float(label.get("y")) for label in labels]
    assert min(b - a for a, b in zip(rows, rows[1:])) >= 18  # a line of 11px text apart at least
    assert float(root.get("viewBox").split()[3]) >= rows[-1]  # the last one is inside the picture


def test_empty_chart_still_renders():
    root = ET.fromstring(str(line_chart("e", "Nothing", "No data", [], [("Open", [])])))
    assert root.find(f"{SVG}title").text == "Nothing"
