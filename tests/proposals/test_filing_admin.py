"""Typing in a paper proposal in the admin: the add page as the city clerk and the county clerk,
the member pickers' search limited to the session's committee, and no add page for others."""

import pytest

from proposals.models import Cosignature, Kind, Proposal, State
from tests.factories import SectorFactory, SessionFactory

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/proposals/proposal/add/"
SEARCH = "/admin/proposals/proposal/filing/members/"


@pytest.fixture
def county_session(county):
    return SessionFactory(term__committee=county, committee=county, number=3, name="十届三次会议")


def test_the_city_clerk_sees_the_add_page_with_its_sessions(client, city_clerk, city_session, county_session):
    client.force_login(city_clerk)
    response = client.get(ADD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "录入纸质提案" in page and "js/member_picker.js" in page
    assert list(response.context["adminform"].form.fields["session"].queryset) == [city_session]


def test_the_city_clerk_files_a_joint_proposal(client, city_clerk, city_session, category, member, member2):
    client.force_login(city_clerk)
    response = client.post(
        ADD,
        {
            "session": city_session.pk,
            "kind": Kind.JOINT,
            "proposer": member.pk,
            "cosigners": [member2.pk],
            "title": "关于加快老旧小区加装电梯的建议",
            "content": "情况分析与具体建议。",
            "category": category.pk,
            "during_plenary": "on",
            "publish_consent": "on",
            "_save": "保存",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/admin/proposals/proposal/")
    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.number, proposal.proposer) == (State.SUBMITTED, None, member)
    assert proposal.cosignatures.get().status == Cosignature.Status.ACCEPTED
    assert proposal.timeline.get().note == "由 市政协工作人员 代 李明远、王晓梅 录入（纸质提案）"
    # The change page of the new proposal shows the entry.
    page = client.get(f"/admin/proposals/proposal/{proposal.pk}/change/").content.decode()
    assert "由 市政协工作人员 代 李明远、王晓梅 录入（纸质提案）" in page


def test_errors_are_shown_in_chinese_and_nothing_is_saved(client, city_clerk, city_session, category, member):
    client.force_login(city_clerk)
    response = client.post(
        ADD,
        {
            "session": city_session.pk,
            "kind": Kind.JOINT,
            "proposer": member.pk,
            "title": "关于加快老旧小区加装电梯的建议",
            "content": "情况分析与具体建议。",
            "category": category.pk,
        },
    )
    assert response.status_code == 200
    assert "联名提案至少要有一位联名人。" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_collective_proposal_names_its_sponsor(client, city_clerk, city_session, category):
    sector = SectorFactory(committee=city_session.committee, name="经济界")
    client.force_login(city_clerk)
    data = {
        "session": city_session.pk,
        "kind": Kind.SECTOR,
        "title": "关于发展县域经济的建议",
        "content": "建议……",
        "category": category.pk,
    }
    response = client.post(ADD, data)
    assert "请填写提出提案的界别、党派或专门委员会。" in response.content.decode()
    assert not Proposal.objects.exists()
    client.post(ADD, {**data, "sponsor_sector": sector.pk})
    assert Proposal.objects.get().sponsor_sector == sector


def test_the_county_clerk_files_only_in_its_committee(
    client, county_clerk, county_session, city_session, county_member, member
):
    category = CategoryFactory(committee=county_session.committee, name="经济")
    client.force_login(county_clerk)
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["session"].queryset) == [county_session]
    base = {"kind": Kind.INDIVIDUAL, "title": "关于发展县域经济的建议", "content": "建议……"}
    refused = client.post(
        ADD, {**base, "session": city_session.pk, "proposer": member.pk, "category": category.pk}
    )
    assert refused.status_code == 200 and not Proposal.objects.exists()
    assert set(refused.context["adminform"].form.errors) >= {"session", "proposer"}
    client.post(
        ADD, {**base, "session": county_session.pk, "proposer": county_member.pk, "category": category.pk}
    )
    assert Proposal.objects.get().committee == county_session.committee


@pytest.mark.parametrize("who", ["leader", "member_login", "unit_contact"])
def test_others_have_no_add_page(client, request, who, city_session):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ADD).status_code == 302  # to the admin's sign-in: not the secretariat's
    assert client.get(SEARCH, {"session": city_session.pk, "term": "王"}).status_code == 302


def test_the_changelist_offers_adding_only_to_the_secretariat(client, city_clerk, city_session):
    client.force_login(city_clerk)
    page = client.get("/admin/proposals/proposal/").content.decode()
    assert ADD in page and "从台账导入纸质提案" in page


def test_the_picker_searches_the_session_s_committee(
    client, city_clerk, county_clerk, city_session, county_session, member, member2, county_member
):
    client.force_login(city_clerk)
    found = client.get(SEARCH, {"session": city_session.pk, "term": "王"}).json()
    assert [r["text"].split("（")[0] for r in found["results"]] == ["王晓梅"]
    everyone = client.get(SEARCH, {"session": city_session.pk, "term": ""}).json()["results"]
    assert {int(r["id"]) for r in everyone} == {member.pk, member2.pk}
    assert client.get(SEARCH, {"session": county_session.pk, "term": ""}).json()["results"] == []
    by_number = client.get(SEARCH, {"session": city_session.pk, "term": str(member.pk)}).json()["results"]
    assert [int(r["id"]) for r in by_number] == [member.pk]
    client.force_login(county_clerk)
    assert client.get(SEARCH, {"session": city_session.pk, "term": ""}).json()["results"] == []
    county = client.get(SEARCH, {"session": county_session.pk, "term": ""}).json()["results"]
    assert [int(r["id"]) for r in county] == [county_member.pk]
