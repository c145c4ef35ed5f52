"""The member's duty record (履职档案) of a year as a Word document: who they are, what they did
(the counts of the record API) and every score item with the record that earned it."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cppcc.core.downloads import (
    TITLE_FONT,
    add_paragraph,
    download_response,
    file_bytes,
    official_document,
    plain_number,
)
from cppcc.org.models import Member
from cppcc.scoring.models import Dimension, Grade
from cppcc.scoring.selectors import Score


def record_document(*, member: Member, year: int, record: dict, score: Score) -> bytes:
    document = official_document()
    add_paragraph(
        document,
        _("Duty record of %(name)s, %(year)s") % {"name": member.name, "year": year},
        size=22,
        font=TITLE_FONT,
        center=True,
    )

    facts = [
        (_("Name"), member.name),
        (_("Committee"), member.committee.name),
        (_("Sector"), member.sector.name if member.sector_id else "—"),
        (_("Year"), str(year)),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), value

    document.add_heading(_("What was done"), 1)
    counts = [
        (_("Proposals as lead proposer"), record["proposals"]["lead"]),
        (_("Proposals co-signed"), record["proposals"]["cosigned"]),
        (_("Proposals registered"), record["proposals"]["registered"]),
        (_("Opinion reports submitted"), record["opinions"]["submitted"]),
        (_("Adopted at city level"), record["opinions"]["adopted"]["city"]),
        (_("Adopted at province level"), record["opinions"]["adopted"]["province"]),
        (_("Adopted at national level"), record["opinions"]["adopted"]["national"]),
        (_("Activities attended"), record["activities"]["attended"]),
        (_("Activities missed with leave"), record["activities"]["leave"]),
        (_("Activities missed without leave"), record["activities"]["absent"]),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in counts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)

    document.add_heading(_("Duty-performance score"), 1)
    dimensions = "；".join(
        f"{Dimension(code).label} {plain_number(points)}" for code, points in score.by_dimension.items()
    )
    document.add_paragraph(
        _("Total %(total)s points, grade: %(grade)s (%(dimensions)s).")
        % {"total": plain_number(score.total), "grade": Grade(score.grade).label, "dimensions": dimensions}
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Dimension"), _("Item"), _("Records"), _("Points")), strict=True
    ):
        cell.text = str(text)
    for part in score.dimensions:
        cells = table.add_row().cells
        cells[0].text, cells[3].text = part.dimension_display, plain_number(part.total)
        for line in part.lines:
            cells = table.add_row().cells
            cells[1].text, cells[2].text, cells[3].text = (
                line.item_display,
                str(line.count),
                plain_number(line.points),
            )
    document.add_paragraph()
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Date"), _("Item"), _("Dimension"), _("Record"), _("Points")), strict=True
    ):
        cell.text = str(text)
    for item in score.items:
        cells = table.add_row().cells
        values = (
            item.source.on.isoformat(),
            item.rule.item_display,
            item.rule.dimension_display,
            item.source.label,
            plain_number(item.points),
        )
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    cells = table.add_row().cells
    cells[0].text, cells[4].text = str(_("Total")), plain_number(score.total)

    return file_bytes(document)


def record_document_response(*, member: Member, year: int, record: dict, score: Score) -> HttpResponse:
    return download_response(
        record_document(member=member, year=year, record=record, score=score),
        f"履职档案-{member.name}-{year}.docx",
    )
