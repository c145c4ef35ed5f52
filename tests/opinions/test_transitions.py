"""Generated from the table of ``opinions/workflow.py``: every transition of an opinion report, for
every persona, from every state (tests/lifecycle.py). The report is the city's, by ``member``."""

import pytest

from cppcc.core.workflow import NEW
from opinions.models import OpinionReport, ReportAuthor
from opinions.workflow import workflow
from tests.lifecycle import compare, matrix, personas, record_in

from .factories import IssueFactory

pytestmark = pytest.mark.django_db

STAFF = {"city_clerk"}
AUTHOR = {"member_login"}
# Who may take each transition (DOMAIN.md), whatever the state. Any member of the committee may
# start a draft (the service then requires them among its authors).
WHO = {
    "create": STAFF | AUTHOR | {"member2_login"},
    "create_submitted": STAFF,
    "file_on_paper": STAFF,
    **{f"import_{state}": STAFF for state in OpinionReport.State.values},
    "edit": STAFF | AUTHOR,
    "submit": STAFF | AUTHOR,
    "return": STAFF,
    "accept": STAFF,
    "decline": STAFF,
    "publish": STAFF,
    "record_adoption": STAFF,
}


@pytest.fixture
def report_in(city, member):
    def build(state):
        # A published report is in an issue (a constraint of the model).
        issue = IssueFactory(committee=city) if state == OpinionReport.State.PUBLISHED else None
        return OpinionReport(committee=city, title="关于农村助餐服务的建议", content="建议……", issue=issue)

    def make(state):
        report = record_in(workflow, state, build)
        if state != NEW:
            ReportAuthor.objects.create(report=report, member=member, order=1)
        return report

    return make


def changes_for(name: str, city) -> dict:
    """What a transition into ``published`` sets with it: the issue."""
    if name in ("publish", "import_published"):
        return {"issue": IssueFactory(committee=city), "issue_order": 1}
    return {}


def test_the_table_names_who_may_take_every_transition():
    assert set(WHO) == {t.name for t in workflow.transitions}


@pytest.mark.parametrize(("name", "state"), matrix(workflow))
def test_report_transition(request, name, state, report_in, city):
    got, want = compare(
        workflow,
        name,
        state,
        personas=personas(request),
        who=WHO[name],
        record=report_in,
        changes=changes_for(name, city),
    )
    assert got == want
