"""Every spreadsheet export goes through here: CSV and XLSX from one table description.

- A text cell beginning with = + - @, a tab or a carriage return would run as a formula in
  spreadsheet software: in CSV it gets a leading apostrophe, in XLSX it is written as a
  string cell (never a formula) with Excel's quote prefix.
- CSV quotes every field and starts with a UTF-8 byte-order mark, so Excel reads "Léa" and
  "Haute École" right (programs: read it as utf-8-sig);
  its header row is the columns' stable keys from the API (for programs) and their labels
  in the user's language from a page (for people).
- XLSX has the headers in the user's language, real numbers, dates and money cells, times
  in the campus zone, and identifiers (enterprise numbers) as text keeping their zeros.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEETS = ("csv", "xlsx")
BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = Literal["text", "int", "decimal", "money", "date", "datetime"]
FORMATS = {
    "int": "0",
    "decimal": "0.00",
    "money": '#,##0.00 "€"',
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
WIDTHS = {"text": 28, "int": 10, "decimal": 12, "money": 14, "date": 12, "datetime": 17}


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header: stable, for programs
    label: str | Promise  # the XLSX header, in the user's language
    kind: Kind = "text"


def _formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    # Numbers keep their sign; only text can be a formula.
    return "'" + value if _formula_like(value) else value


def csv_text(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, labels: bool = False
) -> str:
    out = io.StringIO()
    out.write(BOM)
    # Every field quoted: Excel in a French or Belgian locale splits on ";", and an
    # unquoted "Léa;=1+1" would leave "=1+1" alone in a cell.
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([str(c.label) if labels else c.key for c in columns])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _xlsx_cell(sheet, column: Column, value: Any) -> WriteOnlyCell:
    if value is None or value == "":
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the campus's local time, without an offset.
        value = _local(value).replace(tzinfo=None)
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if column.kind != "text" and (numeric or isinstance(value, dt.date)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = FORMATS[column.kind]
        return cell
    # Control characters (a bell in a name) are not allowed in the file format.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    # openpyxl writes a string starting with "=" as a formula: force a string cell.
    cell.data_type = "s"
    if _formula_like(cell.value):
        cell.quotePrefix = True
    return cell


def xlsx_bytes(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, column in enumerate(columns):
        letter = chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)
        sheet.column_dimensions[letter].width = WIDTHS[column.kind]
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(columns, row, strict=True)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(
    stem: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    format: Literal["csv", "xlsx"] = "csv",
    title: str = "",
    labels: bool = False,
) -> HttpResponse:
    """`stem` names the file (without extension); `title` the XLSX sheet; `labels` heads a
    CSV with the translated labels (a page's download) rather than the keys (the API's)."""
    rows = list(rows)
    if format == "xlsx":
        body, content_type = xlsx_bytes(title or stem, columns, rows), XLSX
    else:
        body, content_type = csv_text(columns, rows, labels=labels), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{format}"'
    return response
