"""The score is computed from records by the rule table: every rule, caps, negatives and grades."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from cppcc.scoring import selectors
from cppcc.scoring.models import Grade, Item, ScoreRule, grade_for
from cppcc.scoring.services import rules_load_defaults

pytestmark = pytest.mark.django_db


def points_by_item(score) -> Counter:
    totals = Counter()
    for item in score.items:
        totals[item.rule.item] += item.points
    return totals


def test_every_rule_counts_from_the_records(busy_year):
    score = selectors.member_score(member=busy_year, year=2024)
    assert points_by_item(score) == {
        Item.PLENARY_PRESENT: 50,
        Item.SPEECH: 2,
        Item.STANDING_ABSENT: -5,
        Item.PARTY_LEARNING_PRESENT: 5,
        Item.ACTIVITY_PRESENT: 30,
        Item.PROPOSAL_LEAD: 15,
        Item.PROPOSAL_KEY: 5,
        Item.PROPOSAL_COSIGNED: 5,
        Item.OPINION_SUBMITTED: 4,
        Item.OPINION_ADOPTED_PROVINCE: 20,
        Item.OPINION_INSTRUCTED: 6,
    }
    assert score.total == Decimal(137)
    assert score.grade == Grade.EXCELLENT


def test_items_link_the_records_and_add_up_to_the_total(busy_year):
    score = selectors.member_score(member=busy_year, year=2024)
    assert sum(item.points for item in score.items) == score.total
    lead = next(item for item in score.items if item.rule.item == Item.PROPOSAL_LEAD)
    assert lead.source.kind == "proposal" and lead.source.api_url == f"/api/proposals/{lead.source.id}/"
    assert all(item.source.on.year == 2024 for item in score.items)


def test_a_cap_stops_an_item_and_the_rest_show_zero(busy_year):
    score = selectors.member_score(member=busy_year, year=2024)
    activity_points = [item.points for item in score.items if item.rule.item == Item.ACTIVITY_PRESENT]
    assert activity_points == [5, 5, 5, 5, 5, 5, 0]


def test_the_committee_rule_table_for_the_year_is_used(busy_year, city):
    rules_load_defaults(committee=city, year=2024)
    ScoreRule.objects.filter(committee=city, year=2024, item=Item.PLENARY_PRESENT).update(points=60)
    ScoreRule.objects.filter(committee=city, year=2024, item=Item.ACTIVITY_PRESENT).update(cap=None)
    ScoreRule.objects.filter(committee=city, year=2024, item=Item.OPINION_SUBMITTED).delete()
    totals = points_by_item(selectors.member_score(member=busy_year, year=2024))
    assert totals[Item.PLENARY_PRESENT] == 60
    assert totals[Item.ACTIVITY_PRESENT] == 35
    assert Item.OPINION_SUBMITTED not in totals


def test_a_later_year_without_its_own_table_uses_the_latest_earlier_one(busy_year, city):
    rules_load_defaults(committee=city, year=2023)
    ScoreRule.objects.filter(committee=city, year=2023, item=Item.PLENARY_PRESENT).update(points=40)
    totals = points_by_item(selectors.member_score(member=busy_year, year=2024))
    assert totals[Item.PLENARY_PRESENT] == 40


def test_negative_items_lower_the_score(member):
    from platforms.models import Activity, Attendance
    from tests.scoring.conftest import attend

    attend(member, Activity.Kind.PLENARY, Attendance.Status.ABSENT, datetime.date(2024, 1, 8))
    score = selectors.member_score(member=member, year=2024)
    assert score.total == Decimal(-30)
    assert score.by_dimension["credit"] == Decimal(-30)
    assert score.grade == Grade.TALK


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, Grade.EXCELLENT),
        (85, Grade.EXCELLENT),
        (Decimal("84.9"), Grade.COMPETENT),
        (60, Grade.COMPETENT),
        (59, Grade.TALK),
        (-5, Grade.TALK),
    ],
)
def test_grades_follow_the_thresholds(total, grade):
    assert grade_for(Decimal(total)) == grade


def test_other_years_and_members_do_not_count(busy_year, member2):
    assert selectors.member_score(member=busy_year, year=2023).total == Decimal(50)
    assert selectors.member_score(member=member2, year=2024).total == Decimal(15)
