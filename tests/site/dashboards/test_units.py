"""The handling-unit assessment (承办单位办理情况): each figure from the records, the committee's
assessment order, the rates, the Excel sheet, who may read it, and a fixed number of queries."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cppcc.site.dashboards.scope import Scope
from cppcc.site.dashboards.units import unit_table
from proposals import services
from proposals.models import Assignment
from tests.factories import HandlingUnitFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(city):
    return Scope(committee=city, committee_ids=frozenset({city.pk}), year=timezone.localdate().year)


@pytest.fixture
def handled(city, city_session, member, member_login, city_clerk, unit, unit_contact, co_unit, co_contact):
    """Three proposals of ``member``: one replied A on time and rated satisfied by ``unit``; one
    objected to by ``unit`` and reassigned to ``co_unit``, still open; one replied C by ``unit``,
    rated unsatisfied, replied B again late and rated unsatisfied again."""
    category = CategoryFactory(committee=city)

    def assigned(title):
        proposal = ProposalFactory(session=city_session, proposer=member, category=category, title=title)
        services.proposal_submit(proposal=proposal, actor=member_login)
        services.proposal_register(proposal=proposal, actor=city_clerk)
        return services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, "lead")])

    first = assigned("关于老旧小区改造的建议")
    services.proposal_reply(proposal=first, actor=unit_contact, category="A", content="已采纳。")
    services.proposal_feedback(proposal=first, actor=member_login, satisfaction="satisfied")
    second = assigned("关于土地收储的建议")
    services.proposal_object(
        proposal=second, actor=unit_contact, reason="属规划部门职责。", suggested_unit=co_unit
    )
    services.proposal_reassign(proposal=second, actor=city_clerk, lead_unit=co_unit)
    third = assigned("关于物业管理的建议")
    services.proposal_reply(proposal=third, actor=unit_contact, category="C", content="留作参考。")
    services.proposal_feedback(proposal=third, actor=member_login, satisfaction="unsatisfied")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Assignment.objects.filter(proposal=third).update(started_on=yesterday, due_on=yesterday)
    services.proposal_reply(proposal=third, actor=unit_contact, category="B", content="列入计划。")
    services.proposal_feedback(proposal=third, actor=member_login, satisfaction="unsatisfied")
    return unit, co_unit


def test_every_figure(handled, scope):
    unit, co_unit = handled
    rows = {row["unit"]: row for row in unit_table(scope)}
    assert rows[unit.pk] == {
        "unit": unit.pk,
        "unit_name": "市住房城乡建设局",
        "assigned": 2,
        "replied": 2,
        "on_time": 1,
        "overdue": 1,
        "objections": 1,
        "rehandled": 1,
        "category_a": 1,
        "category_b": 1,
        "category_c": 0,
        "satisfied": 1,
        "basically_satisfied": 0,
        "unsatisfied": 1,
        "on_time_rate": 50.0,
        "satisfaction_rate": 50.0,
    }
    assert rows[co_unit.pk]["assigned"] == 1 and rows[co_unit.pk]["replied"] == 0
    assert rows[co_unit.pk]["on_time_rate"] == 0.0 and rows[co_unit.pk]["objections"] == 0


def test_the_assessment_order(handled, scope):
    unit, co_unit = handled
    unit.assessment_order, co_unit.assessment_order = 2, 1
    unit.save()
    co_unit.save()
    assert [row["unit"] for row in unit_table(scope)] == [co_unit.pk, unit.pk]


def test_the_api_and_the_sheet(api, handled, leader, city):
    year = timezone.localdate().year
    response = api.as_user(leader).get("/api/dashboard/units/", {"year": year, "committee": city.pk})
    assert response.status_code == 200
    assert {row["unit_name"] for row in response.json()} == {"市住房城乡建设局", "市自然资源和规划局"}
    sheet = api.as_user(leader).get(
        "/api/dashboard/units/", {"year": year, "committee": city.pk, "format": "xlsx"}
    )
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[1][0] == "承办单位" and "按时答复率" in "".join(str(v) for v in rows[1])
    assert {rows[2][0], rows[3][0]} == {"市住房城乡建设局", "市自然资源和规划局"}
    bad = api.as_user(leader).get("/api/dashboard/units/", {"format": "pdf"})
    assert bad.status_code == 400


def test_members_and_units_may_not(api, member_login, unit_contact):
    for user in (member_login, unit_contact):
        assert api.as_user(user).get("/api/dashboard/units/").status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_a_fixed_number_of_queries(count, city, city_session, member, scope, django_assert_num_queries):
    category = CategoryFactory(committee=city)
    today = timezone.localdate()
    for i in range(count):
        unit = HandlingUnitFactory(committee=city, name=f"单位{i}")
        proposal = ProposalFactory(session=city_session, proposer=member, category=category, number=i + 1)
        type(proposal).objects.filter(pk=proposal.pk).update(registered_at=timezone.now())
        Assignment.objects.create(
            proposal=proposal, unit=unit, role="lead", assigned_on=today, started_on=today, due_on=today
        )
    with django_assert_num_queries(5):
        rows = unit_table(scope)
    assert len(rows) == count and all(row["assigned"] == 1 for row in rows)
