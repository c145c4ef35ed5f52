"""Files the project writes for people to download, Word documents (python-docx) and Excel workbooks
(openpyxl): text in the fonts of official documents, the file as bytes, and the response that sends
it under a name in any script."""

import io
from pathlib import PurePath
from urllib.parse import quote

from django.http import HttpResponse
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {".docx": DOCX, ".xlsx": XLSX}


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
