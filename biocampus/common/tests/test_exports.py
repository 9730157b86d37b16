"""Spreadsheets open safely and right: read back with openpyxl and the csv module, the way
Excel and LibreOffice see them."""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from biocampus.common.exports import BOM, Column, csv_text, table_response, xlsx_bytes

COLUMNS = (
    Column("name", "Nom", "text"),
    Column("enterprise_number", "Numéro d'entreprise", "text"),
    Column("gap", "Écart", "int"),
    Column("cost", "Coût", "money"),
    Column("at", "Le", "datetime"),
    Column("on", "Date", "date"),
)
SUMMER = dt.datetime(2027, 7, 1, 7, 30, tzinfo=dt.UTC)  # 09:30 in Brussels
ROWS = [
    [
        '=HYPERLINK("http://evil","x")',
        "0403170701",
        -3,
        Decimal("1234.50"),
        SUMMER,
        dt.date(2027, 7, 1),
    ],
    ["+32 2 555", "", 0, Decimal("-1.5"), None, None],
    ["\tTabbed", "", None, None, None, None],
    ["\rReturn", "", None, None, None, None],
    ["-1+1", "", None, None, None, None],
    ["@SUM(A1)", "", None, None, None, None],
    ["Léa, Haute École", "", 7, Decimal("0"), None, None],
]


def test_csv_neutralises_formulas_keeps_numbers_and_starts_with_a_bom():
    text = csv_text(COLUMNS, ROWS)
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows[0] == [c.key for c in COLUMNS]
    assert [r[0] for r in rows[1:]] == [
        "'=HYPERLINK(\"http://evil\",\"x\")", "'+32 2 555", "'\tTabbed", "'\rReturn",
        "'-1+1", "'@SUM(A1)", "Léa, Haute École",
    ]  # fmt: skip
    assert rows[1][1:] == ["0403170701", "-3", "1234.50", "2027-07-01 09:30", "2027-07-01"]
    assert rows[2][2:4] == ["0", "-1.5"]  # numbers keep their sign
    # Excel reads the BOM as UTF-8: the bytes carry it.
    assert text.encode()[:3] == b"\xef\xbb\xbf"


def test_xlsx_has_typed_cells_and_no_formula():
    book = load_workbook(io.BytesIO(xlsx_bytes("Test", COLUMNS, ROWS)))
    sheet = book["Test"]
    assert [c.value for c in sheet[1]] == [str(c.label) for c in COLUMNS]
    first = sheet[2]
    assert first[0].data_type == "s"
    assert first[0].value == '=HYPERLINK("http://evil","x")'  # shown, never run
    assert first[0].quotePrefix
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
    assert first[1].value == "0403170701"  # text keeps its leading zero
    assert first[2].value == -3
    assert first[3].value == 1234.5
    assert first[3].number_format == '#,##0.00 "€"'
    # The campus's local time, without an offset (Excel has no zones).
    assert first[4].value == dt.datetime(2027, 7, 1, 9, 30)
    assert first[4].value == SUMMER.astimezone(ZoneInfo("Europe/Brussels")).replace(tzinfo=None)
    assert first[5].value == dt.datetime(2027, 7, 1)
    assert first[5].number_format == "yyyy-mm-dd"
    assert sheet["A8"].value == "Léa, Haute École"


def test_the_response_names_the_file_and_its_type():
    csv_response = table_response("usage-2027-07", COLUMNS, ROWS)
    assert csv_response["Content-Disposition"] == 'attachment; filename="usage-2027-07.csv"'
    xlsx = table_response("usage-2027-07", COLUMNS, ROWS, format="xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["usage-2027-07"]


def test_a_semicolon_cannot_split_a_formula_into_its_own_cell():
    # Excel in fr-BE reads CSV with ";" as the separator.
    text = csv_text(COLUMNS[:1], [["Léa;=1+1"], ["x;\"=cmd|' /C calc'!A0\""]])
    for row in csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"):
        assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in row), row


def test_control_characters_do_not_break_the_workbook():
    book = load_workbook(io.BytesIO(xlsx_bytes("T", COLUMNS[:1], [["Bob\x07 Smith"]])))
    assert book["T"]["A2"].value == "Bob Smith"
