"""The Word document of an issue of 《社情民意》, laid out like the printed periodical: the masthead,
the issue number and date, then each report with its title, its authors and its text."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from cppcc.core.downloads import (
    HEADING_FONT,
    TEXT_FONT,
    TITLE_FONT,
    add_paragraph,
    add_run,
    download_response,
    file_bytes,
    official_document,
)

from .models import Issue
from .selectors import issue_reports


def _authors(report) -> str:
    names = [link.member.name for link in report.author_links.all()]
    if report.organisation is not None:
        names.insert(0, str(report.organisation))
    return "、".join(names)


def issue_document(issue: Issue) -> bytes:
    document = official_document()
    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(masthead, "社情民意", size=36, color=RGBColor(0xC0, 0x00, 0x00), font=TITLE_FONT)
    add_paragraph(document, f"{issue.year}年第{issue.number}期", size=16, font=TEXT_FONT, center=True)
    line = document.add_paragraph()
    add_run(line, f"{issue.committee.name}办公室", size=12, font=TEXT_FONT)
    add_run(
        line,
        "\t\t\t\t" + f"{issue.published_on.year}年{issue.published_on.month}月{issue.published_on.day}日",
        size=12,
        font=TEXT_FONT,
    )
    for report in issue_reports(issue):
        add_paragraph(document, report.title, size=18, bold=True, font=HEADING_FONT, center=True)
        byline = document.add_paragraph()
        byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(
            byline, _("(Reported by %(authors)s)") % {"authors": _authors(report)}, size=14, font=TEXT_FONT
        )
        for text in filter(None, (part.strip() for part in report.content.splitlines())):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            add_run(paragraph, text, size=16, font=TEXT_FONT)
    return file_bytes(document)


def issue_document_response(issue: Issue) -> HttpResponse:
    return download_response(issue_document(issue), f"社情民意{issue.year}年第{issue.number}期.docx")
