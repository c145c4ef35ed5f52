"""No CSV/Excel injection: a text that a spreadsheet would run as a formula (starting with =, +, -,
@) is exported with a leading quote, in every export of the project (the admin's import-export
lists and the report card's workbook), and stays text in the .xlsx."""

import io

import pytest
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from cppcc.core.resources import neutralise_formula
from cppcc.org.models import Member
from cppcc.org.resources import MemberResource
from cppcc.site.dashboards.report import workbook
from cppcc.site.dashboards.selectors import report_card
from opinions.models import OpinionReport
from opinions.resources import OpinionReportResource
from platforms.models import Activity, Attendance, Publication
from platforms.resources import ActivityResource, AttendanceResource, PublicationResource
from proposals.models import Proposal
from proposals.resources import ProposalResource

pytestmark = pytest.mark.django_db

FORMULAE = ['=HYPERLINK("http://example.com","点击")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", FORMULAE)
def test_a_formula_is_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["关于加装电梯的建议", "", None, 5, -3, "a=b"])
def test_other_values_are_left_alone(value):
    assert neutralise_formula(value) == value


@pytest.fixture
def world(world):
    Proposal.objects.filter(pk=world.proposal.pk).update(title=FORMULAE[0], content=FORMULAE[1])
    Member.objects.filter(pk=world.members["member"].pk).update(name=FORMULAE[1], workplace=FORMULAE[3])
    OpinionReport.objects.filter(pk=world.report.pk).update(title=FORMULAE[2])
    Activity.objects.filter(pk=world.activity.pk).update(title=FORMULAE[0], venue=FORMULAE[3])
    Attendance.objects.filter(activity=world.activity).update(leave_reason=FORMULAE[2])
    Publication.objects.create(
        committee=world.city,
        title=FORMULAE[3],
        outlet="@聊城日报",
        level="city",
        channel="newspaper",
        published_on="2024-05-01",
    )
    return world


EXPORTS = [
    (ProposalResource, Proposal),
    (MemberResource, Member),
    (OpinionReportResource, OpinionReport),
    (ActivityResource, Activity),
    (AttendanceResource, Attendance),
    (PublicationResource, Publication),
]


@pytest.mark.parametrize("resource_class, model", EXPORTS, ids=lambda value: value.__name__)
def test_no_export_carries_a_live_formula(world, resource_class, model):
    dataset = resource_class().export(queryset=model.objects.all())
    cells = [cell for row in dataset for cell in row if isinstance(cell, str)]
    assert any(cell.startswith("'") for cell in cells), "the test data must reach this export"
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t"))]

    csv = CSV().export_data(dataset)
    assert "\n=" not in csv and ",=" not in csv and ",+" not in csv and ",@" not in csv
    sheet = load_workbook(io.BytesIO(XLSX().export_data(dataset))).active
    assert not [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_the_report_card_workbook_carries_no_formula(world):
    world.city.name = '=HYPERLINK("http://example.com")'
    world.city.save()
    card = report_card(committee=world.city, year=2024)
    sheet = load_workbook(io.BytesIO(workbook(card, world.city))).active
    assert not [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert sheet["B2"].value == "'" + world.city.name
