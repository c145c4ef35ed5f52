"""Every Word file the project writes is on A4 with GB/T 9704's margins, in the official fonts with
the server's fallbacks, and writes whole numbers without ".0"."""

import io
import re
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn

from cppcc.core.downloads import A4, FALLBACK_SERIF, MARGINS, TEXT_FONT, plain_number
from tests.opinions.factories import IssueFactory
from tests.scoring.conftest import busy_year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
WHOLE_WITH_POINT = re.compile(r"(?<![\d.])\d+\.0(?!\d)")


def opened(response) -> Document:
    assert response.status_code == 200, response.content[:200]
    return Document(io.BytesIO(response.content))


def text_of(document: Document) -> str:
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def mm(lengths) -> tuple[int, ...]:
    return tuple(round(length.mm) for length in lengths)


def assert_official(document: Document) -> None:
    for section in document.sections:  # Word stores lengths in twips: compared in whole mm
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297) == mm(A4)
        for name, value in MARGINS.items():
            assert round(getattr(section, name).mm) == round(value.mm), name
    normal = document.styles["Normal"]
    assert normal.font.name == FALLBACK_SERIF
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == TEXT_FONT
    assert not WHOLE_WITH_POINT.search(text_of(document)), text_of(document)


def test_every_word_file_is_an_official_a4_document(
    client,
    api,
    leader,
    city,
    city_clerk,
    member_login,
    busy_year,  # noqa: F811
):
    card = api.as_user(leader).get("/api/dashboard/report-card/", {"year": 2024, "format": "docx"})
    issue = IssueFactory(committee=city, number=35)
    periodical = api.as_user(city_clerk).get(f"/api/opinion-issues/{issue.pk}/document/")
    client.force_login(member_login)
    record = client.get("/portal/record.docx", {"year": 2024})
    for response in (card, periodical, record):
        assert_official(opened(response))
    scores = opened(record).tables[-1]
    assert scores.rows[-1].cells[4].text == "137"


@pytest.mark.parametrize(
    ("value", "written"), [("204.0", "204"), ("12.5", "12.5"), ("12.50", "12.5"), ("200", "200"), (3, "3")]
)
def test_whole_numbers_are_written_without_a_point(value, written):
    assert plain_number(Decimal(value) if isinstance(value, str) else value) == written
