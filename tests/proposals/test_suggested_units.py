"""Suggested handling units (智能交办): on a small hand-made history, the unit that handled the
similar proposals of the category and whose duties name the proposal's words ranks first, with
those reasons; the endpoint is the secretariat's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Assignment
from proposals.selectors import suggested_units
from tests.factories import HandlingUnitFactory, SessionFactory

from .factories import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

ELEVATOR = "老旧小区没有电梯，老年人上下楼困难。建议加大财政补贴，简化审批流程，推进既有住宅加装电梯。"
PARKING = "城区停车位缺口大，占道停车严重。建议建设立体停车场，推进错时共享停车。"
SCHOOL = "中小学课后服务内容单一。建议引入社会资源，丰富课后服务课程。"


@pytest.fixture
def units(city):
    return {
        "housing": HandlingUnitFactory(
            committee=city,
            name="市住房城乡建设局",
            duties="负责城镇住房保障、老旧小区改造和既有住宅加装电梯。",
        ),
        "transport": HandlingUnitFactory(
            committee=city, name="市交通运输局", duties="负责城市公共交通、道路运输和停车设施建设管理。"
        ),
        "education": HandlingUnitFactory(
            committee=city, name="市教育局", duties="负责义务教育、中小学课后服务和教师队伍建设。"
        ),
        "retired": HandlingUnitFactory(
            committee=city, name="市撤并办公室", duties="负责老旧小区加装电梯。", is_active=False
        ),
    }


@pytest.fixture
def history(city_term, member, units):
    """Last year's registered proposals with their assignments, as the secretariat made them."""
    last_year = SessionFactory(term=city_term, number=2, opened_on=datetime.date(2023, 1, 9))
    building = CategoryFactory(committee=city_term.committee, name="城建")
    social = CategoryFactory(committee=city_term.committee, name="社会")
    made = {}

    def past(key, title, content, category, *assignments):
        proposal = ProposalFactory(
            session=last_year,
            proposer=member,
            category=category,
            title=title,
            content=content,
            state="registered",
        )
        for unit, role in assignments:
            Assignment.objects.create(
                proposal=proposal,
                unit=units[unit],
                role=role,
                assigned_on=datetime.date(2023, 3, 1),
                started_on=datetime.date(2023, 3, 1),
                due_on=datetime.date(2023, 6, 1),
            )
        made[key] = proposal

    lead, co = Assignment.Role.LEAD, Assignment.Role.CO
    past("elevator", "关于老旧小区加装电梯的建议", ELEVATOR, building, ("housing", lead))
    past("elevator2", "关于简化加装电梯审批的建议", ELEVATOR, building, ("housing", lead), ("transport", co))
    past("parking", "关于缓解城区停车难的建议", PARKING, building, ("transport", lead))
    past("school", "关于丰富中小学课后服务的建议", SCHOOL, social, ("education", lead))
    made["building"], made["social"] = building, social
    return made


@pytest.fixture
def new(city_session, member, history):
    return ProposalFactory(
        session=city_session,
        proposer=member,
        category=history["building"],
        title="关于加快老旧小区加装电梯的建议",
        content="我市老旧小区加装电梯进展缓慢，建议财政给予补贴。",
        state="registered",
    )


def test_the_unit_of_similar_proposals_category_and_duties_ranks_first(new, history, units):
    ranked = suggested_units(new)
    assert [s.unit for s in ranked][:2] == [units["housing"], units["transport"]]
    best = ranked[0]
    # The elevator proposals it handled (on PostgreSQL pg_trgm lets through the closer one only).
    assert history["elevator"].pk in best.similar_proposals
    assert set(best.similar_proposals) <= {history["elevator"].pk, history["elevator2"].pk}
    assert best.category_share == pytest.approx(2 / 3, abs=0.001)
    assert {"电梯", "老旧", "小区", "加装"} <= set(best.duty_terms)
    assert 0 < ranked[1].score < best.score <= 1


def test_a_co_unit_counts_half(new, units):
    transport = next(s for s in suggested_units(new) if s.unit == units["transport"])
    # Of the three 城建 proposals it led one and was a co-unit of one.
    assert transport.category_share == pytest.approx((1 + 0.5) / 3, abs=0.001)


def test_inactive_units_and_other_committees_units_are_never_suggested(new, units, county):
    HandlingUnitFactory(committee=county, name="区住房城乡建设局", duties="负责老旧小区加装电梯。")
    names = [s.unit.name for s in suggested_units(new, limit=20)]
    assert "市撤并办公室" not in names and "区住房城乡建设局" not in names


def test_history_after_the_cut_off_is_not_used(new, units):
    """As the benchmark trains: only sessions opened before ``before`` teach; the duties remain."""
    ranked = suggested_units(new, before=datetime.date(2023, 1, 1))
    assert ranked[0].unit == units["housing"]
    assert all(s.similar_proposals == [] and s.category_share == 0 for s in ranked)


def test_units_with_nothing_to_say_are_left_out(new, units):
    assert units["education"] not in [s.unit for s in suggested_units(new, limit=20)]


def test_query_count_does_not_grow_with_the_history(new, history, units, member, city_term):
    def queries():
        with CaptureQueriesContext(connection) as context:
            suggested_units(new)
        return len(context)

    before = queries()
    session = SessionFactory(term=city_term, number=1, opened_on=datetime.date(2022, 1, 10))
    for n in range(5):
        proposal = ProposalFactory(
            session=session,
            proposer=member,
            category=history["building"],
            title=f"关于第{n}批老旧小区加装电梯的建议",
            content=ELEVATOR,
            state="registered",
        )
        Assignment.objects.create(
            proposal=proposal,
            unit=units["housing"],
            role=Assignment.Role.LEAD,
            assigned_on=datetime.date(2022, 3, 1),
            started_on=datetime.date(2022, 3, 1),
            due_on=datetime.date(2022, 6, 1),
        )
    assert queries() == before


def test_endpoint_answers_the_secretariat_with_reasons(api, city_clerk, new, history, units):
    response = api.as_user(city_clerk).get(f"/api/proposals/{new.pk}/suggested-units/", {"limit": 1})
    assert response.status_code == 200
    (first,) = response.json()
    assert first["unit"] == units["housing"].pk
    assert first["unit_name"] == "市住房城乡建设局"
    assert set(first["reasons"]) == {"similar_proposals", "category_share", "duty_terms"}
    assert history["elevator"].pk in first["reasons"]["similar_proposals"]


@pytest.mark.parametrize("limit", ["0", "21", "five", "-1"])
def test_endpoint_refuses_a_bad_limit(api, city_clerk, new, limit):
    response = api.as_user(city_clerk).get(f"/api/proposals/{new.pk}/suggested-units/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_endpoint_is_not_for_members(api, member_login, new):
    response = api.as_user(member_login).get(f"/api/proposals/{new.pk}/suggested-units/")
    assert response.status_code == 403


def test_the_admin_unit_picker_offers_the_suggestions_first(client, city_clerk, new, units):
    client.force_login(city_clerk)
    response = client.get(reverse("admin:proposals_proposal_pick_units", args=[new.pk]))
    texts = [row["text"] for row in response.json()["results"]]
    assert texts[0].startswith("市住房城乡建设局（智能推荐")
    assert texts[1].startswith("市交通运输局（智能推荐")
    assert texts[2] == "市教育局"
