"""The compilation (发言汇编) of a meeting's selected speeches as a Word document, in the layout of
official documents (GB/T 9704, ``official_document``): the title in 小标宋 and the text in 仿宋; a
table of contents, then the oral speeches in their order, then the written ones."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from cppcc.core.downloads import (
    HEADING_FONT,
    TEXT_FONT,
    TITLE_FONT,
    add_paragraph,
    add_run,
    download_response,
    file_bytes,
    official_document,
    official_page,
)
from platforms.models import Activity

from .models import Mode, Speech


def _toc_field(paragraph) -> None:
    """A Word table-of-contents field over the speeches' headings; Word fills in the page numbers
    when the document is opened (the list below it stands until then)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.extend([begin, instruction, separate])


def _toc_end(paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def compilation_document(activity: Activity, speeches: list[Speech]) -> bytes:
    document = official_document()
    by_mode = {mode: [s for s in speeches if s.mode == mode] for mode in (Mode.ORAL, Mode.WRITTEN)}

    add_paragraph(document, activity.committee.name, size=22, font=TITLE_FONT, center=True)
    add_paragraph(document, activity.title, size=22, font=TITLE_FONT, center=True)
    add_paragraph(document, _("Compilation of speeches"), size=22, font=TITLE_FONT, center=True)
    add_paragraph(
        document,
        f"{activity.date.year}年{activity.date.month}月{activity.date.day}日",
        size=16,
        font=TEXT_FONT,
        center=True,
    )
    add_paragraph(document, _("Contents"), size=16, font=HEADING_FONT, bold=True, center=True)
    toc = document.add_paragraph()
    _toc_field(toc)
    number = 0
    for mode, chosen in by_mode.items():
        if not chosen:
            continue
        add_paragraph(document, str(Mode(mode).label), size=16, font=HEADING_FONT)
        for speech in chosen:
            number += 1
            add_paragraph(document, f"{number}. {speech.title}　{speech.speaker}", size=14, font=TEXT_FONT)
    _toc_end(document.add_paragraph())

    number = 0
    for mode, chosen in by_mode.items():
        if not chosen:
            continue
        document.add_section(WD_SECTION.NEW_PAGE)
        official_page(document.sections[-1])
        part = document.add_heading(level=1)
        part.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(part, str(Mode(mode).label), size=16, font=HEADING_FONT)
        for index, speech in enumerate(chosen):
            number += 1
            heading = document.add_heading(level=2)
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if index:
                heading.paragraph_format.page_break_before = True
            add_run(heading, f"{number}. {speech.title}", size=22, font=TITLE_FONT)
            byline = add_paragraph(document, speech.speaker, size=16, font="楷体", center=True)
            byline.paragraph_format.space_after = Pt(16)
            for text in filter(None, (part.strip() for part in speech.content.splitlines())):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(32)
                paragraph.paragraph_format.line_spacing = Pt(28)
                add_run(paragraph, text, size=16, font=TEXT_FONT)
    return file_bytes(document)


def compilation_response(activity: Activity, speeches: list[Speech]) -> HttpResponse:
    return download_response(compilation_document(activity, speeches), f"{activity.title}发言汇编.docx")
