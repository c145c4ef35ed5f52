"""The demo data: the 2024 report card figures of 聊城市政协 come out of the records."""

import pytest

from cppcc.org import demo as org_demo
from cppcc.org.models import Committee, Member
from cppcc.org.roles import committee_subtree_ids
from opinions import demo
from opinions.models import Issue, OpinionReport
from opinions.selectors import member_record_opinions, report_card_opinions

pytestmark = pytest.mark.django_db


def test_the_demo_reports_give_the_published_figures():
    org_demo.seed()
    assert demo.seed() is True
    assert demo.seed() is False
    city = Committee.objects.get(code="liaocheng")
    assert report_card_opinions(committee_ids=committee_subtree_ids(city.pk), year=2024) == {
        "opinions_submitted": 1978,
        "province_cppcc": 35,
        "forwarded_national_cppcc": 16,
        "forwarded_province_party_office": 19,
        "city_party_committee": 36,
    }
    assert Issue.objects.filter(committee=city, year=2024).count() == 50
    assert OpinionReport.objects.filter(
        title="冲剂类医药产品含糖量高亟待重视", adoptions__body="province_cppcc"
    ).exists()
    assert OpinionReport.objects.filter(
        title="加强市驻地城区桥梁(涵洞)冰雪恶劣天气交通应急处置工作的建议",
        adoptions__body="city_party_committee",
    ).exists()
    record = member_record_opinions(member=Member.objects.get(user__username="member"), year=2024)
    assert all(record["adopted"][level] >= 1 for level in ("city", "province", "national"))
    assert OpinionReport.objects.filter(submitted_at__year=2025).exists()
    assert OpinionReport.objects.filter(adoptions__action="instructed").exists()
