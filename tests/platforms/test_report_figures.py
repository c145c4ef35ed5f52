"""The report-card figures of the platforms, from a small hand-made set: what counts and what not
(other years, other committees, other kinds)."""

import datetime

import pytest

from platforms import selectors
from tests.factories import MemberFactory, SectorFactory

from .factories import (
    ActivityFactory,
    PublicationFactory,
    RoomFactory,
    SectorGroupFactory,
    StudyRoomFactory,
    TeamMemberFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
Y = datetime.date(2024, 6, 1)
LAST_YEAR = datetime.date(2023, 6, 1)
NEXT_YEAR = datetime.date(2025, 6, 1)


@pytest.fixture
def scope(city, county):
    return [city.pk, county.pk]


def test_consultation_tasks_duty_activities_and_party_learning(city, county, other_city, scope):
    ActivityFactory(committee=city, kind="thematic_consultation", plan_task=True, completed=True, date=Y)
    ActivityFactory(committee=county, kind="democratic_supervision", plan_task=True, completed=True, date=Y)
    ActivityFactory(committee=city, kind="counterpart_consultation", plan_task=True, completed=False, date=Y)
    ActivityFactory(
        committee=city, kind="thematic_consultation", plan_task=True, completed=True, date=LAST_YEAR
    )
    ActivityFactory(
        committee=other_city, kind="thematic_consultation", plan_task=True, completed=True, date=Y
    )
    for kind in ("plenary", "visit", "chair_reception", "three_contacts", "inspection"):
        ActivityFactory(committee=county, kind=kind, date=Y)
    for kind in ("room_deliberation", "learning", "culture_sports", "sector_gathering"):
        ActivityFactory(committee=city, kind=kind, date=Y)
    ActivityFactory.create_batch(2, committee=city, kind="party_learning", date=Y)
    ActivityFactory(committee=city, kind="party_learning", date=NEXT_YEAR)
    ActivityFactory(committee=other_city, kind="party_learning", date=Y)

    assert selectors.consultation_tasks_completed(committee_ids=scope, year=2024) == 2
    # 3 consultations of the plan + 5 other duty kinds; the rest are counted on their own lines
    assert selectors.duty_activities_count(committee_ids=scope, year=2024) == 8
    assert selectors.party_learning_sessions_count(committee_ids=scope, year=2024) == 2
    assert selectors.consultation_tasks_completed(committee_ids=[county.pk], year=2024) == 1


def test_visits_count_distinct_organisations(city, county, other_city, scope):
    VisitFactory(committee=city, kind="chamber_of_commerce", organisation="聊城市浙江商会", date=Y)
    VisitFactory(
        committee=city, kind="chamber_of_commerce", organisation="聊城市浙江商会", date=Y.replace(month=9)
    )
    VisitFactory(committee=county, kind="chamber_of_commerce", organisation="聊城市河北商会", date=Y)
    VisitFactory.create_batch(3, committee=county, kind="member_enterprise", date=Y)
    VisitFactory(committee=city, kind="member_enterprise", date=LAST_YEAR)
    VisitFactory(committee=other_city, kind="member_enterprise", date=Y)
    assert selectors.visit_counts(committee_ids=scope, year=2024) == {
        "chambers_of_commerce": 2,
        "member_enterprises": 3,
    }


def test_deliberation(city, county, other_city, scope, django_assert_max_num_queries):
    room = RoomFactory(committee=county, founded_on=datetime.date(2022, 1, 1))
    RoomFactory(committee=city, founded_on=datetime.date(2024, 12, 31), kind="lounge")
    RoomFactory(committee=city, founded_on=None)
    RoomFactory(committee=city, founded_on=datetime.date(2025, 1, 1))
    RoomFactory(committee=city, is_active=False)
    RoomFactory(committee=other_city)
    ActivityFactory(committee=county, kind="room_deliberation", room=room, problems_solved=4, date=Y)
    ActivityFactory(committee=county, kind="room_deliberation", room=room, problems_solved=3, date=Y)
    ActivityFactory(committee=county, kind="room_deliberation", room=room, problems_solved=9, date=LAST_YEAR)
    ActivityFactory(committee=county, kind="inspection", problems_solved=5, date=Y)
    ActivityFactory(committee=other_city, kind="room_deliberation", problems_solved=5, date=Y)
    with django_assert_max_num_queries(2):
        counts = selectors.deliberation_counts(committee_ids=scope, year=2024)
    assert counts == {"rooms": 3, "activities": 2, "problems_solved": 7}
    assert selectors.deliberation_counts(committee_ids=[other_city.pk], year=2023)["problems_solved"] == 0


def test_sector_groups(city, county, other_city, scope, django_assert_max_num_queries):
    economy, health = (
        SectorFactory(committee=city, name="经济界"),
        SectorFactory(committee=city, name="医药卫生界"),
    )
    county_economy = SectorFactory(committee=county, name="经济界")
    lead = MemberFactory(committee=city)
    old = SectorGroupFactory(committee=city, founded_on=datetime.date(2022, 5, 1))
    old.sectors.set([economy, health])
    old.lead_members.set([lead, MemberFactory(committee=city)])
    new = SectorGroupFactory(committee=county, founded_on=datetime.date(2024, 5, 1))
    new.sectors.set([county_economy])
    new.lead_members.set([MemberFactory(committee=county)])
    TeamMemberFactory.create_batch(3, group=old)
    TeamMemberFactory.create_batch(2, group=new)
    later = SectorGroupFactory(committee=city, founded_on=datetime.date(2025, 2, 1))
    later.sectors.set([SectorFactory(committee=city, name="教育界")])
    later.lead_members.set([lead])
    TeamMemberFactory.create_batch(4, group=later)
    elsewhere = SectorGroupFactory(committee=other_city, founded_on=datetime.date(2024, 1, 1))
    TeamMemberFactory(group=elsewhere)
    ActivityFactory(committee=city, kind="sector_gathering", sector_group=old, people_reached=40, date=Y)
    ActivityFactory(committee=county, kind="sector_gathering", sector_group=new, people_reached=55, date=Y)
    ActivityFactory(
        committee=city, kind="sector_gathering", sector_group=old, people_reached=70, date=LAST_YEAR
    )
    ActivityFactory(committee=other_city, kind="sector_gathering", people_reached=70, date=Y)
    with django_assert_max_num_queries(5):
        counts = selectors.sector_group_counts(committee_ids=scope, year=2024)
    assert counts == {
        "total": 2,
        "new": 1,
        "sectors": 2,  # 经济界 of the city and of the county count once
        "lead_members": 3,
        "team_members": 5,
        "activities": 2,
        "people_reached": 95,
    }


def test_study(city, county, other_city, scope):
    StudyRoomFactory(committee=city, founded_on=datetime.date(2023, 1, 1))
    StudyRoomFactory(committee=county, kind="book_corner", founded_on=datetime.date(2024, 4, 23))
    StudyRoomFactory(committee=county, founded_on=datetime.date(2025, 4, 23))
    StudyRoomFactory(committee=other_city)
    for kind, count in (("learning", 3), ("reading", 2), ("lecture", 1)):
        ActivityFactory.create_batch(count, committee=county, kind=kind, date=Y)
        ActivityFactory(committee=city, kind=kind, date=LAST_YEAR)
        ActivityFactory(committee=other_city, kind=kind, date=Y)
    assert selectors.study_counts(committee_ids=scope, year=2024) == {
        "learning_activities": 3,
        "study_rooms": 2,
        "reading_activities": 2,
        "lectures": 1,
    }


def test_publicity(city, county, other_city, scope):
    PublicationFactory(committee=city, level="national", channel="newspaper", published_on=Y)
    PublicationFactory(committee=county, level="province", channel="tv", published_on=Y)
    PublicationFactory(committee=city, level="province", channel="wechat", published_on=Y)
    PublicationFactory(committee=city, level="city", channel="newspaper", published_on=Y)
    PublicationFactory.create_batch(2, committee=county, level="county", channel="wechat", published_on=Y)
    PublicationFactory(committee=city, level="national", channel="newspaper", published_on=LAST_YEAR)
    PublicationFactory(committee=other_city, level="national", channel="wechat", published_on=Y)
    assert selectors.publicity_counts(committee_ids=scope, year=2024) == {
        "provincial_media_articles": 2,
        "wechat_posts": 3,
    }
