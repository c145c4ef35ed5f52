"""The streamed workbooks of cppcc/core/xlsx.py: what ``write_xlsx`` writes opens in openpyxl with
the same values, cell by cell, as openpyxl's own write-only workbook of the same rows (the writer
the exports used before), and ``read_xlsx`` reads any workbook as openpyxl's read-only mode does."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from cppcc.core.xlsx import NotAWorkbook, read_table, read_xlsx, write_xlsx

MORNING = datetime.datetime(2024, 3, 5, 9)
HEADERS = ["编号", "标题", "内容", "数", "日期", "时间"]
ROWS = [
    ["1", "关于加装电梯的建议", "第一段。\n第二段。", 3, datetime.date(2024, 3, 5), MORNING],
    ["2", "A & B <c> \"d\" 'e'", "  leading and trailing  ", 2.5, None, ""],
    ["3", "", None, Decimal("1.50"), datetime.date(1900, 1, 1), datetime.datetime(2024, 12, 31, 23, 59, 59)],
    ["4", "Windows\r\nline", "tab\there", -7, True, False],
    ["5", "控制\x00字符\x0b\x1f留不下", "😀 emoji", 10**12, 0, 1 / 8],
]


def written(headers, rows, title="社情民意信息") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title=title, headers=headers, rows=rows)
    return buffer.getvalue()


def openpyxl_written(headers, rows, title="社情民意信息") -> bytes:
    """The same sheet by openpyxl's write-only mode, as ``write_sheet`` wrote it before."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def values(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_the_sheet_reads_back_as_openpyxls_own_cell_by_cell():
    assert values(written(HEADERS, ROWS)) == values(openpyxl_written(HEADERS, ROWS))


def test_the_values_keep_their_types():
    sheet = load_workbook(io.BytesIO(written(HEADERS, ROWS))).active
    assert sheet["B2"].value == "关于加装电梯的建议" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == "第一段。\n第二段。"
    assert sheet["D2"].value == 3 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == datetime.datetime(2024, 3, 5) and sheet["E2"].is_date
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["F2"].value == MORNING and sheet["F2"].is_date
    assert sheet["D3"].value == 2.5 and sheet["D4"].value == 1.5
    assert sheet["C3"].value == "  leading and trailing  "
    assert sheet["B5"].value == "Windows\r\nline"
    assert (sheet["E5"].value, sheet["F5"].value) == (True, False)
    assert sheet["B6"].value == "控制字符留不下"
    assert sheet["D6"].value == 10**12 and sheet["F6"].value == 0.125


def test_a_float_keeps_every_digit():
    """openpyxl wrote ``%.16g``, which made 0.1 + 0.2 into 0.3; the number is written as Python
    prints it, which reads back the same."""
    assert values(written(["数"], [[0.1 + 0.2]]))[1] == (0.1 + 0.2,)


def test_markup_and_quotes_are_escaped_not_interpreted():
    sheet = load_workbook(io.BytesIO(written(HEADERS, ROWS))).active
    assert sheet["B3"].value == "A & B <c> \"d\" 'e'"
    with zipfile.ZipFile(io.BytesIO(written(HEADERS, ROWS))) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "A &amp; B &lt;c&gt;" in xml and "<c>" not in xml


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.com","点击")', "+SUM(1,2)", "-2+3", "@SUM(A1)"])
def test_a_string_is_never_a_formula(text):
    sheet = load_workbook(io.BytesIO(written(["标题"], [[text]]))).active
    assert sheet["A2"].value == text and sheet["A2"].data_type == "s"


def test_a_date_time_in_a_time_zone_is_written_in_local_time():
    moment = datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)
    sheet = load_workbook(io.BytesIO(written(["时间"], [[moment]]))).active
    assert sheet["A2"].value == timezone.make_naive(moment) == datetime.datetime(2026, 12, 1, 1, 30)


def test_the_headings_are_bold_and_frozen():
    sheet = load_workbook(io.BytesIO(written(HEADERS, ROWS))).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and not sheet["A2"].font.b


def test_the_sheet_is_named_after_the_records_as_excel_allows():
    """At most 31 characters, markup escaped, without the characters Excel refuses."""
    title = '提案 & "社情民意" <全部> [a/b]' + "长" * 40
    book = load_workbook(io.BytesIO(written(["标题"], [], title=title)))
    assert book.sheetnames == [('提案 & "社情民意" <全部> ab' + "长" * 40)[:31]]


def test_an_empty_sheet_and_a_sheet_of_one_row():
    assert values(written(HEADERS, [])) == [tuple(HEADERS)]
    assert values(written(HEADERS, ROWS[:1])) == values(openpyxl_written(HEADERS, ROWS[:1]))
    assert values(written([], [])) == values(openpyxl_written([], []))


def test_a_large_sheet_is_written_from_a_stream_of_rows():
    count = 30_000
    rows = ([str(i), f"关于第{i}条社情民意的建议", "内容。" * 20, i] for i in range(count))
    data = written(["编号", "标题", "内容", "数"], rows)
    table = read_xlsx(data)
    assert len(table) == count + 1
    last = count - 1
    assert table[-1] == (count + 1, [str(last), f"关于第{last}条社情民意的建议", "内容。" * 20, last])


def test_rows_longer_than_the_headings_keep_every_cell():
    assert values(written(["一"], [["a", "b", "c"]])) == [("一", None, None), ("a", "b", "c")]


# --- reading ------------------------------------------------------------------------------------


def openpyxl_read(data: bytes) -> list[tuple[int, list]]:
    """The rows openpyxl's read-only mode gives, numbered, without trailing empty cells and without
    rows that hold none: what ``read_xlsx`` answers."""
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    found = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            found.append((number, cells))
    return found


def a_workbook_of_every_kind() -> Workbook:
    """A workbook as Excel keeps one: shared strings, rich text, numbers, dates in a date format,
    booleans, a formula with its value, empty rows and cells, a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["标题", "报送日期", "数", "是否", "金额"])
    sheet.append(["关于加装电梯的建议", datetime.date(2024, 3, 5), 12, True, 3.25])
    sheet.append([])
    sheet.append([None, "2024年3月5日", None, False])
    sheet["A5"] = CellRichText("富", TextBlock(InlineFont(b=True), "文本"))
    sheet["C5"] = datetime.datetime(2024, 3, 5, 10, 30)
    sheet["E5"] = 45000
    sheet["E5"].number_format = "yyyy/m/d"
    sheet["G7"] = "  远处的格子  "
    workbook.create_sheet("另一张").append(["不读这一张"])
    return workbook


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_reads_as_openpyxl_reads_it():
    data = saved(a_workbook_of_every_kind())
    assert read_xlsx(data) == openpyxl_read(data)
    assert read_xlsx(data)[-1] == (7, [None, None, None, None, None, None, "  远处的格子  "])


def test_our_own_sheets_read_back_whole():
    data = written(HEADERS, ROWS)
    assert read_xlsx(data) == openpyxl_read(data)


def test_dates_counted_from_1904_are_read_as_dates():
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    workbook.active.append([datetime.date(2024, 3, 5)])
    assert read_xlsx(saved(workbook)) == [(1, [datetime.datetime(2024, 3, 5)])]


def test_a_ledger_is_its_headings_and_the_rows_below():
    first, rows = read_table(saved(a_workbook_of_every_kind()))
    assert first == ["标题", "报送日期", "数", "是否", "金额"]
    assert [number for number, _values in rows] == [2, 4, 5, 7]
    workbook = Workbook()
    workbook.active["A3"] = "没有标题行"
    assert read_table(saved(workbook)) == ([], [(3, ["没有标题行"])])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a workbook at all",
        b"PK\x03\x04 a broken zip",
        saved(Workbook())[:200],
    ],
    ids=["empty", "text", "broken zip", "cut short"],
)
def test_what_is_not_a_workbook_says_so(data):
    with pytest.raises(NotAWorkbook):
        read_xlsx(data)


def test_a_zip_that_is_not_a_workbook_says_so():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    with pytest.raises(NotAWorkbook):
        read_xlsx(buffer.getvalue())


def test_a_sheet_of_broken_xml_says_so():
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(written(HEADERS, ROWS)))
    with source, zipfile.ZipFile(buffer, "w") as package:
        for name in source.namelist():
            content = source.read(name)
            package.writestr(name, content[:-40] if name.endswith("sheet1.xml") else content)
    with pytest.raises(NotAWorkbook):
        read_xlsx(buffer.getvalue())
