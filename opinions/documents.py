"""The Word document of an issue of 《社情民意》, laid out like the printed periodical: the masthead,
the issue number and date, then each report with its title, its authors and its text."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .models import Issue
from .selectors import issue_reports

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"


def _run(
    paragraph, text: str, *, size: int, bold: bool = False, color: RGBColor | None = None, font: str = FONT
):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return run


def _authors(report) -> str:
    names = [link.member.name for link in report.author_links.all()]
    if report.organisation is not None:
        names.insert(0, str(report.organisation))
    return "、".join(names)


def issue_document(issue: Issue) -> bytes:
    document = Document()
    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(masthead, "社情民意", size=36, bold=True, color=RGBColor(0xC0, 0x00, 0x00), font="黑体")
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, f"{issue.year}年第{issue.number}期", size=16)
    line = document.add_paragraph()
    _run(line, f"{issue.committee.name}办公室", size=12)
    _run(
        line,
        "\t\t\t\t" + f"{issue.published_on.year}年{issue.published_on.month}月{issue.published_on.day}日",
        size=12,
    )
    for report in issue_reports(issue):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(heading, report.title, size=18, bold=True, font="黑体")
        byline = document.add_paragraph()
        byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(byline, _("(Reported by %(authors)s)") % {"authors": _authors(report)}, size=14, font="楷体")
        for text in filter(None, (part.strip() for part in report.content.splitlines())):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _run(paragraph, text, size=16, font="仿宋")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def issue_document_response(issue: Issue) -> HttpResponse:
    response = HttpResponse(issue_document(issue), content_type=DOCX)
    name = quote(f"社情民意{issue.year}年第{issue.number}期.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
