"""The opinions part of a member's duty record."""

import pytest

from opinions import services
from opinions.selectors import member_record_opinions

pytestmark = pytest.mark.django_db


def test_the_member_record_counts_reports_by_level(make_report, member, member2, city_clerk):
    def adopt(report, body):
        services.adoption_record(
            report=report, actor=city_clerk, body=body, action="adopted", date="2024-05-01"
        )

    national = make_report(state="published")
    adopt(national, "province_cppcc")
    adopt(national, "national_cppcc")
    adopt(make_report(state="accepted"), "city_party_committee")
    province = make_report(state="accepted", authors=[member2, member])
    adopt(province, "province_cppcc")
    make_report(state="declined")
    make_report(state="draft")
    make_report(state="submitted", authors=[member2])
    year = national.submitted_at.year

    assert member_record_opinions(member=member, year=year) == {
        "submitted": 4,
        "adopted": {"city": 1, "province": 1, "national": 1},
    }
    assert member_record_opinions(member=member, year=year - 1) == {
        "submitted": 0,
        "adopted": {"city": 0, "province": 0, "national": 0},
    }
