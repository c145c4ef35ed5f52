"""我的社情民意: the 采用层级 column names the highest level at which each report was adopted."""

import datetime
import re

import pytest

from opinions.models import Adoption, Body, OpinionReport, ReportAuthor

pytestmark = pytest.mark.django_db


def adopted(member, title, body):
    report = OpinionReport.objects.create(
        committee=member.committee,
        title=title,
        content="内容",
        state="accepted",
        submitted_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )
    ReportAuthor.objects.create(report=report, member=member, order=1)
    if body is not None:
        Adoption.objects.create(report=report, body=body, action="adopted", date=datetime.date(2024, 4, 1))
    return report


def test_each_adopted_report_shows_its_level(client, member_login, member):
    adopted(member, "关于规范校外培训的建议", Body.PROVINCE_CPPCC)
    adopted(member, "关于加强社区养老的建议", None)
    client.force_login(member_login)
    page = client.get("/portal/opinions/").content.decode()
    levels = re.findall(r'class="level">([^<]*)<', page)
    assert sorted(levels) == sorted(["省级", "—"])
