"""The SVG charts: accessible, scaled to their numbers, and free of inline style and script."""
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
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Spam, Flags: 4", "At risk, Flags: 2"]
    lengths = [float(bar.get("width")) for bar in bars]
    assert abs(lengths[0] - 2 * lengths[1]) < 0.2  # 4 is twice 2; the axis top is 5
    assert "style=" not in svg and "<script" not in svg


def test_grouped_bars_and_lines():
    bars = ET.fromstring(str(bar_chart("c", "t", "d", ["A", "B"], [("Median", [1, 2]), ("p90", [3, 4])])))
    assert len([r for r in bars.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]) == 4
    line = str(line_chart("l", "Queue", "Open items", ["1 Mar", "2 Mar", "3 Mar", "4 Mar"],
                          [("Open", [1, None, 3, 2])]))
    root = ET.fromstring(line)
    polylines = root.findall(f".//{SVG}polyline")
    assert len(polylines) == 2  # the missing value breaks the line
    assert len(re.findall("<circle", line)) == 3


def test_bar_labels_are_all_shown_in_full_without_overlapping():
    specialties = ["General surgery", "Cardiology", "Orthopaedics", "Endocrinology", "Obstetrics and gynaecology",
                   "Paediatrics", "Neurology", "Oncology", "Respiratory medicine", "Gastroenterology",
                   "Nephrology", "Rheumatology", "Dermatology", "Ophthalmology", "Urology", "Psychiatry"]
    root = ET.fromstring(str(bar_chart("s", "Answers", "Per specialty", specialties,
                                       [("Answers", list(range(1, 17)))])))
    labels = [text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-label"]
    assert [label.text for label in labels] == specialties  # all 16, none cut ("General surger")
    rows = sorted(float(label.get("y")) for label in labels)
    assert min(b - a for a, b in zip(rows, rows[1:])) >= 18  # a line of 11px text apart at least
    assert float(root.get("viewBox").split()[3]) >= rows[-1]  # the last one is inside the picture


def test_empty_chart_still_renders():
    root = ET.fromstring(str(line_chart("e", "Nothing", "No data", [], [("Open", [])])))
    assert root.find(f"{SVG}title").text == "Nothing"
