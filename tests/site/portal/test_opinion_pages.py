"""A member's opinion reports: the list, the form (draft or submit, errors beside the fields), the
page with its adoptions; through ``opinions.services``."""

import datetime

import pytest

from opinions.models import Adoption, Body, OpinionReport, ReportAuthor

pytestmark = pytest.mark.django_db


def test_a_member_saves_a_draft_then_submits_it(client, member_login, member):
    client.force_login(member_login)
    assert client.get("/portal/opinions/new/").status_code == 200
    response = client.post(
        "/portal/opinions/new/",
        {
            "title": "群众反映农村客运班次少",
            "content": "部分乡镇每天仅两班。",
            "category": "society",
            "action": "draft",
        },
    )
    report = OpinionReport.objects.get()
    assert response.url == f"/portal/opinions/{report.pk}/"
    assert report.state == OpinionReport.State.DRAFT and list(report.authors.all()) == [member]
    client.post(
        f"/portal/opinions/{report.pk}/edit/",
        {"title": report.title, "content": "部分乡镇每天仅一班。", "category": "society", "action": "submit"},
    )
    report.refresh_from_db()
    assert report.state == OpinionReport.State.SUBMITTED and report.content == "部分乡镇每天仅一班。"
    assert client.get(f"/portal/opinions/{report.pk}/edit/").status_code == 409


def test_a_too_long_report_is_told_beside_the_field_and_kept(client, member_login):
    client.force_login(member_login)
    response = client.post(
        "/portal/opinions/new/",
        {"title": "标题", "content": "长" * 1600, "category": "society", "action": "submit"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "1500" in page and "长" * 1600 in page
    assert not OpinionReport.objects.exists()


def test_the_page_shows_adoptions(client, member_login, member, member2_login):
    report = OpinionReport.objects.create(
        committee=member.committee,
        title="关于规范校外培训的建议",
        content="内容",
        state="accepted",
        submitted_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )
    ReportAuthor.objects.create(report=report, member=member, order=1)
    Adoption.objects.create(
        report=report, body=Body.PROVINCE_CPPCC, action="adopted", date=datetime.date(2024, 4, 1)
    )
    client.force_login(member_login)
    assert report.title in client.get("/portal/opinions/").content.decode()
    page = client.get(f"/portal/opinions/{report.pk}/").content.decode()
    assert "省政协" in page and "2024-04-01" in page
    client.force_login(member2_login)
    assert client.get(f"/portal/opinions/{report.pk}/").status_code == 404


def test_only_members_have_these_pages(client, unit_contact):
    client.force_login(unit_contact)
    assert client.get("/portal/opinions/").status_code == 403
    assert client.get("/portal/opinions/new/").status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(queries_of, member, member_login):
    def add(n):
        for i in range(n):
            report = OpinionReport.objects.create(
                committee=member.committee, title=f"信息{i}", content="内容"
            )
            ReportAuthor.objects.create(report=report, member=member, order=1)
            Adoption.objects.create(
                report=report,
                body=Body.CITY_PARTY_COMMITTEE,
                action="adopted",
                date=datetime.date(2024, 4, 1),
            )

    add(1)
    one = queries_of(member_login, "/portal/opinions/")
    detail = queries_of(member_login, f"/portal/opinions/{OpinionReport.objects.first().pk}/")
    add(5)
    assert queries_of(member_login, "/portal/opinions/") == one == 9
    assert detail <= 15
