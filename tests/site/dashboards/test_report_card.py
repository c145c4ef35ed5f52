"""The report card from a small hand-made dataset: every figure, over the committee and those
below it, with what must not be counted (drafts, forwarded-but-not-adopted reports, other years,
other committees), and a county's card showing only that county."""

import pytest

from cppcc.site.dashboards.selectors import report_card
from opinions.models import Adoption
from platforms.models import Activity, Publication, Visit

from . import factories as f

pytestmark = pytest.mark.django_db

ADOPTED, FORWARDED, INSTRUCTED = (
    Adoption.Action.ADOPTED,
    Adoption.Action.FORWARDED,
    Adoption.Action.INSTRUCTED,
)
Kind = Activity.Kind


@pytest.fixture
def records(city, county, other_city):
    for committee in (city, city, county):
        f.proposal(committee)
    f.proposal(city, registered=2023)  # another year
    f.proposal(city, registered=None, state="submitted")  # not registered
    f.proposal(other_city)  # another committee

    f.report(city, events=[("province_cppcc", ADOPTED), ("national_cppcc", FORWARDED)])
    f.report(city, events=[("province_cppcc", ADOPTED), ("province_party_office", FORWARDED)])
    f.report(county, events=[("province_cppcc", FORWARDED), ("national_cppcc", FORWARDED)])  # not adopted
    f.report(city, events=[("city_party_committee", ADOPTED), ("city_government", INSTRUCTED)])
    f.report(city, events=[("city_party_committee", FORWARDED)])  # forwarded, not adopted
    f.report(city, state="declined")  # received, never adopted
    f.report(city, state="draft")  # not submitted
    f.report(city, year=2023, events=[("province_cppcc", ADOPTED), ("city_party_committee", ADOPTED)])
    f.report(other_city, events=[("province_cppcc", ADOPTED)])

    f.activity(city, Kind.THEMATIC_CONSULTATION, plan_task=True, completed=True)
    f.activity(county, Kind.INSPECTION, plan_task=True, completed=True)
    f.activity(city, Kind.THEMATIC_CONSULTATION, plan_task=True, completed=False)
    f.activity(city, Kind.THEMATIC_CONSULTATION, plan_task=True, completed=True, year=2023)
    f.activity(other_city, Kind.THEMATIC_CONSULTATION, plan_task=True, completed=True)
    for kind in (Kind.PLENARY, Kind.VISIT, Kind.CHAIR_RECEPTION, Kind.THREE_CONTACTS):
        f.activity(city, kind)
    f.activity(county, Kind.PARTY_LEARNING)
    f.activity(city, Kind.PARTY_LEARNING)
    f.activity(city, Kind.PARTY_LEARNING, year=2025)
    f.activity(city, Kind.CULTURE_SPORTS)  # counted on no line of the card
    f.activity(city, Kind.ROOM_DELIBERATION, problems_solved=3)
    f.activity(county, Kind.ROOM_DELIBERATION, problems_solved=4)
    f.activity(other_city, Kind.ROOM_DELIBERATION, problems_solved=50)
    f.activity(city, Kind.SECTOR_GATHERING, people_reached=100)
    f.activity(county, Kind.SECTOR_GATHERING, people_reached=50)
    f.activity(city, Kind.SECTOR_GATHERING, people_reached=999, year=2023)
    f.activity(city, Kind.LEARNING)
    f.activity(county, Kind.READING)
    f.activity(city, Kind.LECTURE)

    f.visit(city, "异地商会甲", Visit.Kind.CHAMBER_OF_COMMERCE)
    f.visit(city, "委员企业甲", Visit.Kind.MEMBER_ENTERPRISE)
    f.visit(county, "委员企业甲", Visit.Kind.MEMBER_ENTERPRISE)  # the same enterprise again
    f.visit(county, "委员企业乙", Visit.Kind.MEMBER_ENTERPRISE)
    f.visit(city, "委员企业丙", Visit.Kind.MEMBER_ENTERPRISE, year=2023)

    f.room(city)
    f.room(county)
    f.room(county, founded=2025)  # not yet founded
    f.room(city, is_active=False)
    f.room(other_city)
    f.study_room(city)
    f.study_room(county, founded=2024)

    f.sector_group(city, founded=2023, sectors=2, leads=3, team=4)
    f.sector_group(county, founded=2024, sectors=1, leads=2, team=5)

    Level, Channel = Publication.Level, Publication.Channel
    f.publication(city, Level.PROVINCE, Channel.NEWSPAPER)
    f.publication(county, Level.NATIONAL, Channel.WEBSITE)
    f.publication(city, Level.PROVINCE, Channel.WECHAT)  # a WeChat post, not a media article
    f.publication(county, Level.COUNTY, Channel.WECHAT)
    f.publication(city, Level.CITY, Channel.NEWSPAPER)  # city media count on neither line
    f.publication(city, Level.PROVINCE, Channel.NEWSPAPER, year=2023)


def test_the_city_card_counts_the_city_and_its_counties(records, city):
    assert report_card(committee=city, year=2024) == {
        "year": 2024,
        "committee": city.pk,
        "consultation_tasks_completed": 2,
        "proposals_registered": 3,
        "opinions_submitted": 6,
        "duty_activities": 2 + 4 + 1,
        "party_learning_sessions": 2,
        "opinions_adopted": {
            "province_cppcc": 2,
            "forwarded_national_cppcc": 1,
            "forwarded_province_party_office": 1,
            "city_party_committee": 1,
        },
        "visits": {"chambers_of_commerce": 1, "member_enterprises": 2},
        "deliberation": {"rooms": 2, "activities": 2, "problems_solved": 7},
        "sector_groups": {
            "total": 2,
            "new": 1,
            "sectors": 3,
            "lead_members": 5,
            "team_members": 9,
            "activities": 2,
            "people_reached": 150,
        },
        "study": {"learning_activities": 1, "study_rooms": 2, "reading_activities": 1, "lectures": 1},
        "publicity": {"provincial_media_articles": 2, "wechat_posts": 2},
    }


def test_a_county_card_shows_only_that_county(records, county):
    card = report_card(committee=county, year=2024)
    assert card["committee"] == county.pk
    assert card["consultation_tasks_completed"] == 1
    assert card["proposals_registered"] == 1
    assert card["opinions_submitted"] == 1
    assert card["opinions_adopted"] == {
        "province_cppcc": 0,
        "forwarded_national_cppcc": 0,
        "forwarded_province_party_office": 0,
        "city_party_committee": 0,
    }
    assert card["duty_activities"] == 1 and card["party_learning_sessions"] == 1
    assert card["visits"] == {"chambers_of_commerce": 0, "member_enterprises": 2}
    assert card["deliberation"] == {"rooms": 1, "activities": 1, "problems_solved": 4}
    assert card["sector_groups"] == {
        "total": 1,
        "new": 1,
        "sectors": 1,
        "lead_members": 2,
        "team_members": 5,
        "activities": 1,
        "people_reached": 50,
    }
    assert card["study"] == {
        "learning_activities": 0,
        "study_rooms": 1,
        "reading_activities": 1,
        "lectures": 0,
    }
    assert card["publicity"] == {"provincial_media_articles": 1, "wechat_posts": 1}


def test_another_year_has_its_own_card(records, city):
    card = report_card(committee=city, year=2023)
    assert card["proposals_registered"] == 1 and card["opinions_submitted"] == 1
    assert (
        card["opinions_adopted"]["province_cppcc"] == 1
        and card["opinions_adopted"]["city_party_committee"] == 1
    )
    assert card["consultation_tasks_completed"] == 1
    assert card["visits"]["member_enterprises"] == 1
    assert card["sector_groups"]["people_reached"] == 999
    assert card["publicity"]["provincial_media_articles"] == 1


def test_the_card_costs_a_fixed_number_of_queries(records, city, django_assert_num_queries):
    with django_assert_num_queries(10):
        report_card(committee=city, year=2024)
    f.proposal(city)
    f.report(city, events=[("province_cppcc", ADOPTED)])
    f.activity(city, Kind.LEARNING)
    with django_assert_num_queries(10):
        report_card(committee=city, year=2024)
