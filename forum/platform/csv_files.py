"""The one way the app writes CSV: every text cell escaped against spreadsheet formulas.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (and, in some,
a tab or carriage return) as a formula, so a title like `=HYPERLINK(...)` or
`-2+3+cmd|' /C calc'!A0` in an export would run on the reader's machine. Text cells
starting with one of those get a leading apostrophe, which spreadsheets show as text.
Numbers the app computed are written as numbers (a negative count is not a formula).
`uncell` undoes the escaping when the app reads its own export back in.
"""
import csv
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One cell as text: None empty, numbers and dates as themselves, text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def uncell(text: str) -> str:
    """The text csv_cell escaped, as it was (a cell read back from the app's own export)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class CsvWriter:
    """csv.writer whose every row goes through csv_cell."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_cell(value) for value in row])
