"""Files the project writes for people to download, Word documents (python-docx) and Excel workbooks
(openpyxl; sheets of rows by ``cppcc.core.xlsx``): Word documents in the layout of official
documents (GB/T 9704), text in their fonts, the file as bytes, and the response that sends it under
a name in any script."""

import csv
import io
from decimal import Decimal
from pathlib import PurePath
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .xlsx import write_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {".docx": DOCX, ".xlsx": XLSX, ".csv": "text/csv; charset=utf-8"}

# The font names Word asks for in official documents; the first installed one is used. Noto Serif
# and Sans CJK SC (the server's fonts) stand in for 小标宋, 仿宋 and 黑体 where those are missing.
TITLE_FONT = "方正小标宋简体"
TEXT_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
FALLBACK_SERIF = "Noto Serif CJK SC"
FALLBACK_SANS = "Noto Sans CJK SC"
A4 = (Mm(210), Mm(297))
# GB/T 9704: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}


def official_page(section) -> None:
    """A Word section on A4 with the margins of official documents."""
    section.page_width, section.page_height = A4
    for name, value in MARGINS.items():
        setattr(section, name, value)


def _fallback(style, font: str, fallback: str) -> None:
    """A style in ``font`` for Chinese text, and ``fallback`` for the rest, so a reader without the
    official fonts still sees a CJK serif or sans face rather than a default Latin one."""
    style.font.name = fallback
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hAnsi"), fallback)


def official_document():
    """A new Word document in the layout of official documents: A4 with GB/T 9704's margins, the
    body in 仿宋 and the headings in 黑体, with the server's CJK fonts as fallbacks."""
    document = Document()
    official_page(document.sections[0])
    _fallback(document.styles["Normal"], TEXT_FONT, FALLBACK_SERIF)
    for level in (1, 2):
        _fallback(document.styles[f"Heading {level}"], HEADING_FONT, FALLBACK_SANS)
    return document


def add_run(paragraph, text: str, *, size: int, font: str, bold: bool = False, color: RGBColor | None = None):
    """``text`` at the end of a Word paragraph in ``font`` (仿宋, 黑体, …) at ``size`` points. Word
    takes the font of Chinese characters from an East Asian font setting of its own, set here too."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return run


def add_paragraph(document, text: str, *, size: int, font: str, bold: bool = False, center: bool = False):
    """A paragraph of ``text`` in ``font`` at ``size`` points, centred if asked."""
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, text, size=size, font=font, bold=bold)
    return paragraph


def plain_number(value) -> str:
    """A score or an average as people write it: 204 rather than 204.0, 12.5 as it is."""
    return format(Decimal(str(value)).normalize(), "f")


def file_bytes(document) -> bytes:
    """A python-docx ``Document`` or an openpyxl ``Workbook``, saved."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def download_response(content: bytes, filename: str) -> HttpResponse:
    """``content`` sent as a download named ``filename`` (.docx or .xlsx, which gives its type); the
    name is percent-encoded UTF-8 (RFC 6266's ``filename*``), so Chinese names arrive whole."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def write_sheet(stream, *, title: str, headers: list[str], rows, extension: str = "xlsx") -> None:
    """``rows`` (an iterable of lists) written to the binary ``stream`` as they come, never held
    whole: an Excel workbook (``cppcc.core.xlsx.write_xlsx``, which leaves out the control
    characters a workbook cannot hold), or CSV in UTF-8 with its byte-order mark (which Excel reads
    as UTF-8)."""
    if extension == "csv":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(rows)
        text.flush()
        text.detach()
        return
    write_xlsx(stream, title=title, headers=headers, rows=rows)
