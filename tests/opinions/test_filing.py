"""The secretariat types in an opinion report handed in on paper (``services.report_file``), in
the service and on the admin's add page: it arrives submitted, with its authors or authoring
organisation, and the timeline says who typed it in for whom."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.workflow import NEW
from opinions import services
from opinions.models import OpinionReport
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

State = OpinionReport.State
ADD = "/admin/opinions/opinionreport/add/"
SEARCH = "/admin/opinions/opinionreport/filing/members/"


def file(actor, committee, **kwargs):
    return services.report_file(
        actor=actor, committee=committee, title="关于农村助餐服务的建议", content="建议……", **kwargs
    )


def test_members_report_arrives_submitted(city_clerk, city, member, member2):
    report = file(city_clerk, city, authors=[member2, member], category=OpinionReport.Category.SOCIETY)
    assert report.state == State.SUBMITTED and report.submitted_at is not None
    assert [link.member for link in report.author_links.order_by("order")] == [member2, member]
    (entry,) = report.timeline.all()
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "file_on_paper",
        NEW,
        State.SUBMITTED,
        city_clerk,
    )
    assert entry.note == "由 市政协工作人员 代 王晓梅、李明远 录入（纸质社情民意信息）"


def test_a_party_or_a_county_committee_hands_one_in(city_clerk, city, county):
    party = file(city_clerk, city, author_party=PartyFactory(name="民进"))
    assert party.timeline.get().note == "由 市政协工作人员 代 民进 录入（纸质社情民意信息）"
    from_county = file(city_clerk, city, author_committee=county)
    assert from_county.author_committee == county and from_county.state == State.SUBMITTED


def test_refusals_save_nothing(city_clerk, county_clerk, leader, city, member, county_member):
    with pytest.raises(PermissionDenied):
        file(county_clerk, city, authors=[member])
    with pytest.raises(PermissionDenied):
        file(leader, city, authors=[member])
    with pytest.raises(ValidationError) as error:
        file(city_clerk, city, authors=[county_member])
    assert "authors" in error.value.message_dict
    with pytest.raises(ValidationError):
        file(city_clerk, city)  # neither authors nor an organisation
    assert not OpinionReport.objects.exists()


def test_the_admin_add_page_files_a_report(client, city_clerk, city, member):
    client.force_login(city_clerk)
    response = client.get(ADD)
    assert response.status_code == 200 and "录入纸质社情民意信息" in response.content.decode()
    response = client.post(
        ADD,
        {
            "committee": city.pk,
            "authors": [member.pk],
            "title": "关于农村助餐服务的建议",
            "content": "建议……",
            "category": "society",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    report = OpinionReport.objects.get()
    assert report.state == State.SUBMITTED and report.timeline.get().note.startswith(
        "由 市政协工作人员 代 李明远"
    )


def test_the_admin_shows_refusals_in_chinese(client, city_clerk, city):
    client.force_login(city_clerk)
    response = client.post(
        ADD, {"committee": city.pk, "title": "关于某事", "content": "……", "category": "other"}
    )
    assert response.status_code == 200 and not OpinionReport.objects.exists()
    assert response.context["adminform"].form.errors


def test_the_county_clerk_files_in_its_committee_only(
    client, county_clerk, city, county, member, county_member
):
    client.force_login(county_clerk)
    assert list(client.get(ADD).context["adminform"].form.fields["committee"].queryset) == [county]
    data = {"title": "关于某事", "content": "……", "category": "other"}
    client.post(ADD, {**data, "committee": city.pk, "authors": [member.pk]})
    assert not OpinionReport.objects.exists()
    client.post(ADD, {**data, "committee": county.pk, "authors": [county_member.pk]})
    assert OpinionReport.objects.get().committee == county
    assert client.get(SEARCH, {"committee": city.pk}).json()["results"] == []
    found = client.get(SEARCH, {"committee": county.pk}).json()["results"]
    assert [int(r["id"]) for r in found] == [county_member.pk]


@pytest.mark.parametrize("who", ["leader", "member_login"])
def test_others_have_no_add_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ADD).status_code == 302
