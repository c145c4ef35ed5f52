"""/portal/record.docx: the member's duty record (履职档案) of a year as a Word document."""

import io

import pytest
from docx import Document

from tests.scoring.conftest import busy_year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_member_downloads_their_duty_record(client, member_login, busy_year):  # noqa: F811
    client.force_login(member_login)
    response = client.get("/portal/record.docx?year=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "李明远" in text and "2024" in text
    assert "聊城市政协" in cells and "2024" in cells
    assert "出席全体会议" in "".join(cells)
    score_table = document.tables[-1]
    points = [row.cells[4].text for row in score_table.rows[1:-1]]
    assert sum(float(p) for p in points) == float(score_table.rows[-1].cells[4].text) == 137


def test_only_members_have_a_duty_record(client, unit_contact):
    client.force_login(unit_contact)
    assert client.get("/portal/record.docx").status_code == 403


def test_a_senseless_year_is_a_400(client, member_login):
    client.force_login(member_login)
    assert client.get("/portal/record.docx?year=x").status_code == 400


def test_the_document_costs_a_fixed_number_of_queries(queries_of, member_login, busy_year):  # noqa: F811
    assert queries_of(member_login, "/portal/record.docx?year=2024") == queries_of(
        member_login, "/portal/record.docx?year=2020"
    )
