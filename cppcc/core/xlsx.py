"""Excel workbooks (.xlsx) of one sheet written as a stream, and read as one.

``write_xlsx`` writes SpreadsheetML text straight into the zip: strings inline (``inlineStr``),
numbers and booleans typed, dates and date-times as Excel serials shown as dates, the heading row
bold and frozen. It is what exports use instead of openpyxl's write-only mode, which builds a cell
object and an XML element per cell and wrote about a tenth as many rows a second (README,
"Benchmark"). A string is always text, never a formula; the exports' resources still put a quote in
front of text a spreadsheet would run (``cppcc.core.resources.neutralise_formula``).

``read_xlsx`` reads the first sheet's rows with a streaming XML parser, for imports of thousands of
rows, where openpyxl's read-only mode spent most of the import's parse in a cell object per cell:
shared and inline strings, numbers (as ``int`` when whole), booleans, and numbers in a date format
as ``datetime``, the way openpyxl reads them.
"""

import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from posixpath import dirname, join, normpath
from xml.sax.saxutils import quoteattr

from django.utils import timezone
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, to_excel

# Characters XML 1.0 cannot hold (controls but tab and new lines, lone surrogates, U+FFFE/U+FFFF):
# a pasted text may bring them, and they are left out.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What needs anything done to it in a cell's text: the illegal characters, markup, and a carriage
# return, which an XML reader would turn into a new line unless it is written as a reference.
SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>\r]")
# What a sheet's name cannot hold in Excel, besides those: \ / * ? : [ ].
SHEET_NAME_ILLEGAL = re.compile(r"[\x00-\x1f\ud800-\udfff\ufffe\uffff\\/*?:\[\]]")
# Rows are encoded and handed to the zip this many at a time.
BATCH = 500

# A string's element, its spaces kept as they are.
TEXT = '<t xml:space="preserve">'
# Cell formats (styles.xml's cellXfs): 0 plain, 1 a date, 2 a date-time, 3 the bold headings.
DATE, DATETIME, HEADING = 1, 2, 3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews><sheetData>"
)
SHEET_END = "</sheetData></worksheet>"


def text(value: str) -> str:
    """``value`` as the content of an XML element: without the characters XML cannot hold, markup
    escaped, a carriage return as a character reference."""
    if SPECIAL.search(value) is None:
        return value
    return (
        ILLEGAL.sub("", value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _typed(value) -> tuple[str, object] | None:
    """The attributes and the value of a cell holding a boolean, a number, a date or a date-time (a
    serial in a date format); None for anything else, which is written as its text."""
    if isinstance(value, bool):
        return ' t="b"', int(value)
    if isinstance(value, int | Decimal) or (isinstance(value, float) and math.isfinite(value)):
        return "", value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return f' s="{DATETIME}"', to_excel(value)
    if isinstance(value, datetime.date):
        return f' s="{DATE}"', to_excel(value)
    return None


def _row(number: int, row: Sequence, letters: Sequence[str], style: str = "") -> str:
    """Row ``number``'s XML, its cells in the columns ``letters``; an empty cell (None or "") is left
    out. Strings, nearly every cell of an export, take the shortest path: no call but a search."""
    cells = []
    for letter, value in zip(letters, row, strict=False):
        if value.__class__ is not str:
            if value is None:
                continue
            typed = _typed(value)
            if typed is not None:
                cells.append(f'<c r="{letter}{number}"{typed[0]}><v>{typed[1]}</v></c>')
                continue
            value = str(value)
        if value:
            if SPECIAL.search(value) is not None:
                value = text(value)
            cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is>{TEXT}{value}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(stream, *, title: str, headers: Sequence, rows: Iterable[Sequence]) -> None:
    """A workbook of one sheet named ``title`` (at most 31 characters, without the characters Excel
    refuses in a sheet's name) written to
    the binary ``stream``: ``headers`` in bold in a frozen first row, then ``rows`` as they come,
    never held whole. A date-time in a time zone is written in local time (Excel has no zones)."""
    letters: list[str] = []

    def columns(count: int) -> list[str]:
        while len(letters) < count:
            letters.append(get_column_letter(len(letters) + 1))
        return letters

    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        name = SHEET_NAME_ILLEGAL.sub("", title)[:31] or "Sheet1"
        package.writestr("xl/workbook.xml", WORKBOOK.format(name=quoteattr(name)))
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            headings = ["" if heading is None else str(heading) for heading in headers]
            parts = [SHEET_START, _row(1, headings, columns(len(headings)), f' s="{HEADING}"')]
            for number, row in enumerate(rows, start=2):
                parts.append(_row(number, row, columns(len(row))))
                if len(parts) >= BATCH:
                    sheet.write("".join(parts).encode())
                    parts = []
            parts.append(SHEET_END)
            sheet.write("".join(parts).encode())


# --- reading ------------------------------------------------------------------------------------

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CELL_TAG, VALUE_TAG, INLINE_TAG = f"{MAIN}c", f"{MAIN}v", f"{MAIN}is"
TEXT_TAG, RUN_TAG = f"{MAIN}t", f"{MAIN}r"
PARSER = etree.XMLParser(resolve_entities=False)
EPOCHS = {False: datetime.datetime(1899, 12, 30), True: datetime.datetime(1904, 1, 1)}


class NotAWorkbook(ValueError):
    """The file is not an .xlsx workbook, or its first sheet cannot be read."""


def read_xlsx(data: bytes) -> list[tuple[int, list]]:
    """The rows of the first sheet of the workbook ``data`` that hold a cell: (the row's number,
    its values from column A, None where a cell is empty). Raises ``NotAWorkbook`` for anything
    that is not a readable .xlsx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            sheet, strings, styles, date1904 = _parts(package)
            shared = _shared_strings(package, strings) if strings else []
            dates = _date_styles(package, styles) if styles else set()
            with package.open(sheet) as source:
                return list(_rows(source, shared, dates, EPOCHS[date1904]))
    except (zipfile.BadZipFile, LookupError, AttributeError, ValueError, etree.LxmlError, OSError) as error:
        raise NotAWorkbook(str(error)) from error


def read_table(data: bytes) -> tuple[list, list[tuple[int, list]]]:
    """A ledger's sheet: the values of the first row of ``data``'s first sheet (its headings; none
    when that row is empty) and the rows below it as ``read_xlsx`` gives them."""
    rows = read_xlsx(data)
    if rows and rows[0][0] == 1:
        return rows[0][1], rows[1:]
    return [], rows


def _parts(package: zipfile.ZipFile) -> tuple[str, str, str, bool]:
    """The names of the first sheet, the shared strings and the styles in ``package``, and whether
    its dates count from 1904."""
    workbook_name = next(
        (
            relationship.get("Target", "").lstrip("/")
            for relationship in _relationships(package, "_rels/.rels")
            if relationship.get("Type", "").endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    base = dirname(workbook_name)
    workbook = _xml(package.read(workbook_name))
    properties = workbook.find(f"{MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
    targets, strings, styles = {}, "", ""
    workbook_rels = join(base, "_rels", f"{workbook_name.rsplit('/', 1)[-1]}.rels")
    for relationship in _relationships(package, workbook_rels):
        target = relationship.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else normpath(join(base, target))
        targets[relationship.get("Id")] = name
        if relationship.get("Type") == SHARED_STRINGS:
            strings = name
        elif relationship.get("Type") == STYLES_TYPE:
            styles = name
    first = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    return targets[first.get(RELATIONSHIP_ID)], strings, styles, date1904


def _xml(data: bytes):
    """A small part of the package (the workbook, its relationships, the styles), parsed whole."""
    return etree.fromstring(data, parser=PARSER)


def _relationships(package: zipfile.ZipFile, name: str):
    return _xml(package.read(name)).iter(f"{RELATIONSHIPS}Relationship")


def _string(item) -> str:
    """The text of a shared or inline string (``si``, ``is``): its own ``t``, or its runs' ``t``,
    without the phonetic guides (``rPh``)."""
    runs = []
    for child in item:
        if child.tag == TEXT_TAG:
            return child.text or ""
        if child.tag == RUN_TAG:
            runs += [part.text or "" for part in child if part.tag == TEXT_TAG]
    return "".join(runs)


def _shared_strings(package: zipfile.ZipFile, name: str) -> list[str]:
    strings = []
    with package.open(name) as source:
        for _event, element in etree.iterparse(source, tag=f"{MAIN}si", resolve_entities=False):
            strings.append(_string(element))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return strings


def _date_styles(package: zipfile.ZipFile, name: str) -> set[int]:
    """The indexes of the cell formats whose number format shows a date."""
    styles = _xml(package.read(name))
    formats = dict(BUILTIN_FORMATS)
    for number_format in styles.iter(f"{MAIN}numFmt"):
        formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode", "")
    cell_formats = styles.find(f"{MAIN}cellXfs")
    return {
        index
        for index, cell_format in enumerate(cell_formats if cell_formats is not None else ())
        if is_date_format(formats.get(int(cell_format.get("numFmtId", 0)), ""))
    }


def _rows(source, shared: list[str], dates: set[int], epoch: datetime.datetime) -> Iterator[tuple[int, list]]:
    """Each row of the sheet XML ``source`` with a cell, as ``read_xlsx`` gives it, parsed as a
    stream (lxml hands over only the rows) and forgotten once read."""
    columns: dict[str, int] = {}
    number = 0
    for _event, element in etree.iterparse(source, tag=f"{MAIN}row", resolve_entities=False):
        number = int(element.get("r") or number + 1)
        values: list = []
        for cell in element:
            if cell.tag != CELL_TAG:
                continue
            reference = cell.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                if letters not in columns:
                    columns[letters] = column_index_from_string(letters)
                column = columns[letters]
            else:
                column = len(values) + 1
            kind = cell.get("t", "n")
            value = None
            for child in cell:
                if kind == "inlineStr":
                    if child.tag == INLINE_TAG:
                        value = _string(child)
                elif child.tag == VALUE_TAG and child.text:
                    value = _value(kind, child.text, int(cell.get("s") or 0), shared, dates, epoch)
            if value is None:
                continue
            values.extend([None] * (column - 1 - len(values)))
            values.append(value)
        if values:
            yield number, values
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _value(kind: str, text: str, style: int, shared: list[str], dates: set[int], epoch):
    """A cell's value from its type ``kind`` and the text of its ``v``, as openpyxl reads it."""
    if kind == "s":
        return shared[int(text)]
    if kind == "n":
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
        if style not in dates:
            return number
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return "#VALUE!"  # a serial beyond the dates Excel knows, as openpyxl reads it
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return datetime.datetime.fromisoformat(text)
    return text
