"""The searchable pickers of a proposal's page: the units it may be assigned to (the active units
of its committee, those the proposers suggested first) and the proposals it may be merged into
(registered ones of its committee)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.admin import AssignForm
from tests.factories import HandlingUnitFactory, session_of

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggesting(city, city_session, category, member_login, city_clerk, co_unit):
    """A registered proposal whose proposer suggested 市自然资源和规划局."""
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于国土绿化的建议",
        content="建议……",
        category=category,
        suggested_units=[co_unit],
    )
    services.proposal_submit(proposal=proposal, actor=member_login)
    return services.proposal_register(proposal=proposal, actor=city_clerk)


def picked(client, proposal, picker: str, **params) -> list[str]:
    response = client.get(reverse(f"admin:proposals_proposal_pick_{picker}", args=[proposal.pk]), params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_unit_picker_offers_the_active_units_of_the_committee_suggested_first(
    client, city, county, city_clerk, suggesting, unit, co_unit
):
    HandlingUnitFactory(committee=county, name="东昌府区住房和城乡建设局")
    HandlingUnitFactory(committee=city, name="市粮食局", is_active=False)
    HandlingUnitFactory(committee=city, name="市财政局")
    client.force_login(city_clerk)
    assert picked(client, suggesting, "units") == [
        "市自然资源和规划局（建议承办）",
        "市住房城乡建设局",
        "市财政局",
    ]
    assert picked(client, suggesting, "units", term="住房") == ["市住房城乡建设局"]
    form = AssignForm(proposal=suggesting, user=city_clerk)
    assert [u.name for u in form.fields["lead_unit"].queryset] == [
        "市自然资源和规划局",
        "市住房城乡建设局",
        "市财政局",
    ]
    assert 'data-ajax--url="{}"'.format(
        reverse("admin:proposals_proposal_pick_units", args=[suggesting.pk])
    ) in str(form["co_units"])


def test_the_unit_picker_pages_its_choices(client, city, city_clerk, suggesting):
    for i in range(25):
        HandlingUnitFactory(committee=city, name=f"市第{i:02d}局")
    client.force_login(city_clerk)
    first = client.get(reverse("admin:proposals_proposal_pick_units", args=[suggesting.pk])).json()
    second = client.get(
        reverse("admin:proposals_proposal_pick_units", args=[suggesting.pk]), {"page": 2}
    ).json()
    assert len(first["results"]) == 20 and first["pagination"]["more"]
    assert len(second["results"]) == 6 and not second["pagination"]["more"]


def test_the_merge_picker_offers_registered_proposals_of_the_committee(
    client, county, county_member, city_clerk, submitted, suggesting, city_session, category, member
):
    ProposalFactory(
        session=city_session, proposer=member, category=category, title="关于另一件的建议", state="submitted"
    )
    ProposalFactory(
        session=session_of(county), proposer=county_member, title="关于国土绿化的县级建议", state="registered"
    )
    client.force_login(city_clerk)
    assert picked(client, submitted, "merge_targets") == ["十四届三次会议第0001号 关于国土绿化的建议"]
    assert picked(client, submitted, "merge_targets", term="绿化") == [
        "十四届三次会议第0001号 关于国土绿化的建议"
    ]
    assert picked(client, submitted, "merge_targets", term="0001") == [
        "十四届三次会议第0001号 关于国土绿化的建议"
    ]
    assert picked(client, submitted, "merge_targets", term="停车") == []
    assert picked(client, suggesting, "merge_targets") == []  # not into itself


def test_the_pickers_answer_only_for_a_proposal_the_clerk_reads(client, county_clerk, suggesting):
    client.force_login(county_clerk)
    for picker in ("units", "merge_targets"):
        response = client.get(reverse(f"admin:proposals_proposal_pick_{picker}", args=[suggesting.pk]))
        assert response.status_code == 404


def test_the_assign_form_proposes_a_reply_due_in_three_months(city_clerk, suggesting):
    due = AssignForm(proposal=suggesting, user=city_clerk)["due_on"]
    assert due.value() == services.add_months(timezone.localdate(), 3)
    assert f'value="{due.value().isoformat()}"' in str(due)
