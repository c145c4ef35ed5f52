"""The score's three dimensions (党建+履职+信用): default rules in each, computed from records —
三会一课 and political study attended (党建); absences without leave, leave asked late and proposals
not registered as too vague (信用) — shown per dimension in the record API, the portal and the Word
record."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document

from cppcc.scoring.selectors import member_score
from platforms import services as platform_services
from platforms.models import Activity
from proposals import services as proposal_services
from tests.factories import clerk_of, on
from tests.proposals.factories import CategoryFactory
from tests.site.dashboards import factories as f

pytestmark = pytest.mark.django_db


def held(committee, kind, day):
    return Activity.objects.create(committee=committee, kind=kind, title=f"{kind} {day}", date=day)


def attend(member, kind, status, day):
    return f.attended(held(member.committee, kind, day), member, status)


@pytest.fixture
def credited(member, member_login, city, city_session):
    attend(member, Activity.Kind.PARTY_LEARNING, "present", datetime.date(2024, 3, 1))
    attend(member, Activity.Kind.LEARNING, "present", datetime.date(2024, 3, 2))
    attend(member, Activity.Kind.INSPECTION, "absent", datetime.date(2024, 3, 3))
    late = held(city, Activity.Kind.LECTURE, datetime.date(2024, 3, 4))
    with on(datetime.date(2024, 3, 4)):
        platform_services.attendance_request_leave(
            activity=late, member=member, reason="临时出差", actor=member_login
        )
    in_time = held(city, Activity.Kind.LECTURE, datetime.date(2024, 3, 20))
    with on(datetime.date(2024, 3, 10)):
        platform_services.attendance_request_leave(
            activity=in_time, member=member, reason="出差", actor=member_login
        )
    with on(datetime.date(2024, 3, 5)):
        proposal = proposal_services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title="关于加强管理的建议",
            content="建议加强管理。",
            category=CategoryFactory(committee=city),
            proposer=member,
        )
        proposal_services.proposal_submit(proposal=proposal, actor=member_login)
        proposal_services.proposal_reject(proposal=proposal, actor=clerk_of(city), reason="empty")
    return member


def test_each_dimension_has_its_items(credited):
    parts = {part.dimension: part for part in member_score(member=credited, year=2024).dimensions}
    assert [(line.item, line.count) for line in parts["party_building"].lines] == [
        ("party_learning_present", 1),
        ("learning_present", 1),
    ]
    assert parts["party_building"].total == Decimal(7)
    assert {line.item: line.points for line in parts["credit"].lines} == {
        "activity_absent": Decimal(-2),
        "leave_late": Decimal(-2),
        "proposal_empty": Decimal(-5),
    }
    assert parts["credit"].total == Decimal(-9)
    assert sum(part.total for part in parts.values()) == member_score(member=credited, year=2024).total


def test_the_record_api_gives_the_dimensions(api, credited, member_login):
    body = api.as_user(member_login).get(f"/api/members/{credited.pk}/record/?year=2024").json()
    assert [part["dimension"] for part in body["dimensions"]] == ["party_building", "duty", "credit"]
    credit = body["dimensions"][2]
    assert credit["dimension_display"] == "信用" and credit["total"] == -9.0
    assert {
        "rule": "leave_late",
        "rule_display": credit["items"][1]["rule_display"],
        "count": 1,
        "points": -2.0,
    } in credit["items"]
    assert body["score"]["dimensions"]["credit"] == -9.0
    assert {"member", "year", "proposals", "opinions", "activities", "score"} <= set(body)


def test_the_portal_and_the_word_record_show_the_dimensions(client, credited, member_login):
    client.force_login(member_login)
    page = client.get("/portal/?year=2024").content.decode()
    assert 'id="score-dimensions"' in page and 'data-dimension="credit"' in page
    assert "党建" in page and "信用" in page
    document = Document(io.BytesIO(client.get("/portal/record.docx?year=2024").content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "党建" in cells and "信用" in cells and "-9" in cells
