"""A member's proposal pages: the list with invitations, the form (draft, co-signers, errors in
Chinese beside the fields), the page with its timeline and buttons; each through the services."""

import pytest

from proposals.models import Cosignature, Kind, Proposal, ProposalTimelineEntry, State
from tests.factories import MemberFactory, member_user
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def form_data(city_session, category, **changes):
    data = {
        "title": "关于加快城区雨污分流改造的建议",
        "content": "雨季内涝频发，建议加快改造。",
        "category": category.pk,
        "session": city_session.pk,
        "during_plenary": "on",
        "publish_consent": "on",
    }
    return {**data, **changes}


def test_a_member_saves_a_draft(client, member_login, member, city_session, category):
    client.force_login(member_login)
    assert client.get("/portal/proposals/new/").status_code == 200
    response = client.post("/portal/proposals/new/", form_data(city_session, category))
    proposal = Proposal.objects.get()
    assert response.url == f"/portal/proposals/{proposal.pk}/"
    assert proposal.state == State.DRAFT and proposal.proposer == member
    assert ProposalTimelineEntry.objects.filter(proposal=proposal, action="create").exists()


def test_errors_are_shown_in_chinese_beside_the_fields_and_the_text_is_kept(
    client, member_login, city_session, category
):
    client.force_login(member_login)
    response = client.post("/portal/proposals/new/", form_data(city_session, category, title=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "该字段为必填项" in page  # the title
    assert "雨季内涝频发，建议加快改造。" in page
    assert Proposal.objects.count() == 0


def test_a_joint_draft_invites_co_signers_who_accept_then_it_is_submitted(
    client, member_login, member2_login, city_session, category
):
    client.force_login(member_login)
    client.post(
        "/portal/proposals/new/",
        form_data(city_session, category, cosigners=[member2_login.member.pk]),
    )
    proposal = Proposal.objects.get()
    assert proposal.kind == Kind.JOINT  # choosing a co-signer is enough
    # submitting before anyone accepted is refused with the reason (409)
    response = client.post(f"/portal/proposals/{proposal.pk}/submit/")
    assert response.status_code == 409 and "附议" in response.content.decode()

    client.force_login(member2_login)
    page = client.get("/portal/proposals/").content.decode()
    assert proposal.title in page and "同意附议" in page
    client.post(f"/portal/proposals/{proposal.pk}/cosign/", {"accept": "yes"})
    assert proposal.cosignatures.get().status == Cosignature.Status.ACCEPTED

    client.force_login(member_login)
    response = client.post(f"/portal/proposals/{proposal.pk}/submit/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED


def test_an_invitation_can_be_declined(client, joint_draft, member2_login):
    client.force_login(member2_login)
    client.post(f"/portal/proposals/{joint_draft.pk}/cosign/", {"accept": "no"})
    assert joint_draft.cosignatures.get().status == Cosignature.Status.DECLINED


def test_the_proposer_edits_the_draft(client, member_login, draft, category):
    client.force_login(member_login)
    page = client.get(f"/portal/proposals/{draft.pk}/edit/").content.decode()
    assert draft.title in page
    client.post(
        f"/portal/proposals/{draft.pk}/edit/",
        {"title": "关于老旧小区加装电梯的建议", "content": "新的内容", "category": category.pk},
    )
    draft.refresh_from_db()
    assert draft.title == "关于老旧小区加装电梯的建议" and draft.content == "新的内容"


def test_a_submitted_proposal_cannot_be_edited(client, member_login, draft):
    client.force_login(member_login)
    client.post(f"/portal/proposals/{draft.pk}/submit/")
    assert client.get(f"/portal/proposals/{draft.pk}/edit/").status_code == 409


def test_others_may_not_edit(client, member2_login, draft, registered_elsewhere=None):
    client.force_login(member2_login)
    assert client.get(f"/portal/proposals/{draft.pk}/edit/").status_code == 404  # a draft is private
    assert client.post(f"/portal/proposals/{draft.pk}/submit/").status_code == 404


def test_the_page_shows_timeline_replies_assignments_and_the_rating_form(client, member_login, replied):
    client.force_login(member_login)
    page = client.get(f"/portal/proposals/{replied.pk}/").content.decode()
    assert "已列入改造计划并实施。" in page
    assert "市住房城乡建设局" in page and "市自然资源和规划局" in page
    assert 'id="feedback-form"' in page and "csrfmiddlewaretoken" in page
    assert page.count("<li><strong>") == 5  # create, submit, register, assign, reply


def test_the_proposer_rates_the_reply(client, member_login, replied):
    client.force_login(member_login)
    response = client.post(f"/portal/proposals/{replied.pk}/feedback/", {"satisfaction": "satisfied"})
    assert response.status_code == 302
    replied.refresh_from_db()
    assert replied.state == State.CLOSED


def test_a_rating_without_a_choice_is_told_beside_the_field(client, member_login, replied):
    client.force_login(member_login)
    response = client.post(f"/portal/proposals/{replied.pk}/feedback/", {"comment": "请尽快落实"})
    page = response.content.decode()
    assert response.status_code == 400 and "该字段为必填项" in page and "请尽快落实" in page


def test_a_co_signer_may_not_rate(client, joint_draft, member2_login):
    client.force_login(member2_login)
    response = client.post(f"/portal/proposals/{joint_draft.pk}/feedback/", {"satisfaction": "satisfied"})
    assert response.status_code == 403


def test_pages_per_role(client, draft, member_login, member2_login, unit_contact, leader):
    url = f"/portal/proposals/{draft.pk}/"
    client.force_login(member_login)
    assert client.get(url).status_code == 200
    client.force_login(member2_login)
    assert client.get(url).status_code == 404
    client.force_login(unit_contact)
    assert client.get(url).status_code == 404
    assert client.get("/portal/proposals/").status_code == 403
    assert client.get("/portal/proposals/new/").status_code == 403
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.get("/portal/proposals/999999/").status_code == 404


def test_the_list_and_the_page_cost_a_fixed_number_of_queries(
    queries_of, member, member_login, city_session, category, replied
):
    detail = queries_of(member_login, f"/portal/proposals/{replied.pk}/")
    listing = queries_of(member_login, "/portal/proposals/")
    inviter = MemberFactory(committee=member.committee)
    member_user(inviter, "inviter")
    for _ in range(5):
        ProposalFactory(session=city_session, proposer=member, category=category)
        other = ProposalFactory(session=city_session, proposer=inviter, category=category, kind=Kind.JOINT)
        Cosignature.objects.create(proposal=other, member=member)
    assert queries_of(member_login, "/portal/proposals/") == listing == 8
    # 19: the co-units' opinions and the grades, which a member may not read, are not fetched for
    # them; the contacts are
    assert detail == 19
