import datetime
from decimal import Decimal

import pytest

from cppcc.scoring import selectors
from tests.factories import MemberFactory, SectorFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


def test_ranking_orders_members_and_matches_their_own_scores(busy_year, member2, city, city_term):
    idle = MemberFactory(committee=city, term=city_term, name="闲委员")
    rows = selectors.ranking(committee_id=city.pk, year=2024)
    assert [(row.rank, row.member.name) for row in rows] == [(1, "李明远"), (2, "王晓梅"), (3, "闲委员")]
    for row in rows:
        assert row.score.total == selectors.member_score(member=row.member, year=2024).total
    assert rows[-1].member == idle and rows[-1].score.total == 0


def test_ties_share_a_rank(city, city_term):
    MemberFactory.create_batch(3, committee=city, term=city_term)
    assert {row.rank for row in selectors.ranking(committee_id=city.pk, year=2024)} == {1}


def test_ranking_filters_and_breakdowns(busy_year, member2, city):
    economy = SectorFactory(committee=city, name="经济界")
    proposals = SpecialCommitteeFactory(committee=city, name="提案委员会")
    busy_year.sector = economy
    busy_year.save()
    busy_year.special_committees.add(proposals)
    rows = selectors.ranking(committee_id=city.pk, year=2024, sector=economy.pk)
    assert [row.member.name for row in rows] == ["李明远"]
    everyone = selectors.ranking(committee_id=city.pk, year=2024)
    assert selectors.by_sector(everyone) == [{"name": "经济界", "members": 1, "average": Decimal("137.0")}]
    assert selectors.by_special_committee(everyone)[0]["name"] == "提案委员会"


def test_ranking_costs_a_fixed_number_of_queries(busy_year, city, city_term, django_assert_max_num_queries):
    from platforms.models import Activity, Attendance
    from tests.scoring.conftest import attend

    for member in MemberFactory.create_batch(30, committee=city, term=city_term):
        attend(member, Activity.Kind.INSPECTION, Attendance.Status.PRESENT, datetime.date(2024, 6, 1))
    # Ten queries of evidence (scoring.selectors.evidence), the members, their special committees
    # and the rules.
    with django_assert_max_num_queries(14):
        rows = selectors.ranking(committee_id=city.pk, year=2024)
    assert len(rows) == 32
