"""The admin's list of reports: a fixed number of queries whatever the page size; search by
number, title, author or issue; filters scoped to the user's committees, each choice once; and
the filters the admin home's queues link to (待审核, 待编辑入期, 本月采用)."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opinions.models import Adoption, OpinionReport
from tests.factories import MemberFactory

from .factories import IssueFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/opinions/opinionreport/"


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {report.title for report in response.context["cl"].result_list}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_whatever_the_page_size(
    clerk, city, city_term, make_report, member, member2, monkeypatch
):
    issue = IssueFactory(committee=city)
    for i in range(12):
        authors = [member, member2, MemberFactory(committee=city, term=city_term)]
        report = make_report(state="published" if i % 2 else "accepted", authors=authors, issue=issue)
        Adoption.objects.create(
            report=report, body="province_cppcc", action="adopted", date=datetime.date(2024, 5, 1)
        )
    model_admin = admin.site._registry[OpinionReport]
    queries(clerk, LIST)  # warm the per-request caches
    monkeypatch.setattr(model_admin, "list_per_page", 2)
    two = queries(clerk, LIST)
    monkeypatch.setattr(model_admin, "list_per_page", 100)
    assert queries(clerk, LIST) == two <= 20


def test_search_by_number_title_author_and_issue(clerk, city, make_report, member2):
    first = make_report(state="submitted", title="关于农村饮水安全的建议")
    make_report(state="submitted", title="关于城区停车的建议", authors=[member2])
    published = make_report(
        state="published", title="关于景区管理的建议", issue=IssueFactory(number=35, committee=city)
    )
    assert shown(clerk.get(f"{LIST}?q={first.pk}")) == {"关于农村饮水安全的建议"}
    assert shown(clerk.get(f"{LIST}?q=饮水")) == {"关于农村饮水安全的建议"}
    assert shown(clerk.get(f"{LIST}?q=王晓梅")) == {"关于城区停车的建议"}
    assert shown(clerk.get(f"{LIST}?q=2024年第35期")) == {published.title}


def test_the_queues_filters(clerk, make_report, city_clerk):
    make_report(state="submitted", title="待审")
    make_report(state="accepted", title="待编")
    make_report(state="published", title="已编")
    adopted_now = make_report(state="accepted", title="本月采用")
    adopted_before = make_report(state="accepted", title="早先采用")
    today = timezone.localdate()
    Adoption.objects.create(report=adopted_now, body="city_party_committee", action="adopted", date=today)
    Adoption.objects.create(report=adopted_now, body="national_cppcc", action="forwarded", date=today)
    Adoption.objects.create(
        report=adopted_before,
        body="city_party_committee",
        action="adopted",
        date=today.replace(day=1) - datetime.timedelta(days=1),
    )
    assert shown(clerk.get(f"{LIST}?state__exact=submitted")) == {"待审"}
    assert shown(clerk.get(f"{LIST}?state__exact=accepted")) == {"待编", "本月采用", "早先采用"}
    assert shown(clerk.get(f"{LIST}?adopted=month")) == {"本月采用"}


def filters(client):
    response = client.get(LIST)
    cl = response.context["cl"]
    return {
        spec.field_path: [choice["display"] for choice in spec.choices(cl)][1:]
        for spec in cl.filter_specs
        if hasattr(spec, "field_path")
    }


def test_the_filters_offer_the_users_committees_each_choice_once(
    client, city_clerk, county_clerk, county, county_member, make_report
):
    make_report(state="submitted", title="市里的")
    make_report(state="accepted", title="市里的另一篇")
    make_report(
        state="submitted", title="区里的", committee=county, authors=[county_member], actor=county_clerk
    )
    client.force_login(city_clerk)
    city_filters = filters(client)
    assert sorted(city_filters["committee"]) == sorted(["聊城市政协", "东昌府区政协"])
    categories = city_filters["category"]
    assert len(categories) == len(set(categories)) == len(OpinionReport.Category.choices)
    client.force_login(county_clerk)
    assert shown(client.get(LIST)) == {"区里的"}
    assert "committee" not in filters(client)  # one committee: nothing to choose
