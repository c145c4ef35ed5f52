"""A co-signer's answer, yes or no, goes on the proposal's timeline and to the lead proposer (in
the platform and by the channel they chose); a joint draft is submitted only once someone accepted."""

import pytest

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Notification
from proposals import services
from proposals.models import Kind, ProposalTimelineEntry, State
from proposals.selectors import cosigners_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(city_session, member_login, member2_login, member3, category):
    return services.proposal_create(
        actor=member_login,
        committee=city_session.committee,
        session=city_session,
        title="关于完善城市停车设施的建议",
        content="停车难问题突出。",
        category=category,
        kind=Kind.JOINT,
        cosigners=[member2_login.member.pk, member3.pk],
    )


@pytest.mark.parametrize(("accept", "said"), [(True, "王晓梅同意联名。"), (False, "王晓梅不同意联名。")])
def test_an_answer_is_on_the_timeline_and_told_to_the_lead_proposer(
    joint, member_login, member2_login, accept, said
):
    services.proposal_cosign(proposal=joint, actor=member2_login, accept=accept)
    entry = ProposalTimelineEntry.objects.get(proposal=joint, action="cosign")
    assert entry.actor == member2_login and entry.note == said and entry.to_state == State.DRAFT
    notice = Notification.objects.get(user=member_login)
    assert joint.title in notice.message and said in notice.message
    assert not Notification.objects.filter(user=member2_login, message__contains=said).exists()


def test_submit_waits_for_an_accepted_co_signer(joint, member_login, member2_login):
    assert not cosigners_ready(joint)
    with pytest.raises(InvalidTransition):
        services.proposal_submit(proposal=joint, actor=member_login)
    services.proposal_cosign(proposal=joint, actor=member2_login, accept=True)
    assert cosigners_ready(joint)
    assert services.proposal_submit(proposal=joint, actor=member_login).state == State.SUBMITTED


def test_an_individual_draft_becomes_joint_when_co_signers_are_chosen_and_back(
    city_session, member_login, member2_login, category
):
    draft = services.proposal_create(
        actor=member_login,
        committee=city_session.committee,
        session=city_session,
        title="关于加快城区雨污分流改造的建议",
        content="雨季内涝频发。",
        category=category,
    )
    services.proposal_update(
        proposal=draft, actor=member_login, kind=Kind.JOINT, cosigners=[member2_login.member.pk]
    )
    draft.refresh_from_db()
    assert draft.kind == Kind.JOINT and draft.cosignatures.count() == 1
    services.proposal_update(proposal=draft, actor=member_login, kind=Kind.INDIVIDUAL)
    draft.refresh_from_db()
    assert draft.kind == Kind.INDIVIDUAL and draft.cosignatures.count() == 0
