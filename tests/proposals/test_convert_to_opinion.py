"""A proposal not registered may become an opinion report (API.md: reject … convert_to)."""

import pytest

from opinions.models import OpinionReport
from proposals import services
from proposals.models import Kind, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_submitted(city, city_session, category, member, member_login, member2, member2_login):
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于加快推进城区老旧小区加装电梯的建议",
        content="情况分析与具体建议。",
        category=category,
        kind=Kind.JOINT,
        proposer=member,
        cosigners=[member2.pk],
    )
    services.proposal_cosign(proposal=proposal, actor=member2_login, accept=True)
    return services.proposal_submit(proposal=proposal, actor=member_login)


def reject(client, proposal, **body):
    return client.post(
        f"/api/proposals/{proposal.pk}/reject/", {"reason": "out_of_scope", "note": "", **body}, format="json"
    )


def test_rejecting_with_convert_to_creates_a_submitted_report_linked_both_ways(
    api, city_clerk, member_login, member2_login, joint_submitted
):
    response = reject(api.as_user(city_clerk), joint_submitted, convert_to="opinion")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "not_registered"
    report = OpinionReport.objects.get(pk=body["converted_opinion"])
    assert report.state == OpinionReport.State.SUBMITTED
    assert (report.title, report.content, report.committee_id) == (
        joint_submitted.title,
        joint_submitted.content,
        joint_submitted.committee_id,
    )
    authors = list(report.author_links.order_by("order").values_list("member__name", flat=True))
    assert authors == ["李明远", "王晓梅"]
    # the proposer now sees the report among their own, linked back to the proposal
    mine = api.as_user(member_login).get(f"/api/opinions/{report.pk}/").json()
    assert mine["converted_from_proposal"] == joint_submitted.pk
    assert report.timeline.filter(action="create_submitted").exists()


def test_rejecting_without_conversion_creates_no_report(api, city_clerk, joint_submitted):
    response = reject(api.as_user(city_clerk), joint_submitted)
    assert response.status_code == 200
    assert response.json()["converted_opinion"] is None
    assert OpinionReport.objects.count() == 0


def test_an_unknown_conversion_target_is_400_and_changes_nothing(api, city_clerk, joint_submitted):
    response = reject(api.as_user(city_clerk), joint_submitted, convert_to="proposal")
    assert response.status_code == 400 and "convert_to" in response.json()
    joint_submitted.refresh_from_db()
    assert joint_submitted.state == State.SUBMITTED
    assert OpinionReport.objects.count() == 0


def test_a_sector_proposal_converts_into_a_report_by_that_sector(
    api, city, city_session, category, city_clerk
):
    from tests.factories import SectorFactory

    sector = SectorFactory(committee=city, name="经济界")
    proposal = services.proposal_create(
        actor=city_clerk,
        committee=city,
        session=city_session,
        title="关于优化营商环境的建议",
        content="情况分析与具体建议。",
        category=category,
        kind=Kind.SECTOR,
        sponsor=sector,
    )
    services.proposal_submit(proposal=proposal, actor=city_clerk)
    body = reject(api.as_user(city_clerk), proposal, convert_to="opinion").json()
    report = OpinionReport.objects.get(pk=body["converted_opinion"])
    assert report.author_sector == sector and not report.author_links.exists()
