"""Every transition through the services: allowed for the right person in the right state,
403 (PermissionDenied) for the wrong role, 409 (InvalidTransition) for the wrong state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Notification
from proposals import services
from proposals.models import Cosignature, Proposal, State
from tests.factories import MemberFactory, member_user

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_member_creates_a_draft_for_themself(member_login, member, city, city_session, category):
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于某事的建议",
        content="内容",
        category=category,
    )
    assert proposal.state == State.DRAFT
    assert proposal.proposer == member
    assert list(proposal.timeline.values_list("action", "to_state")) == [("create", "draft")]


def test_member_cannot_file_for_someone_else(member_login, member2, city, city_session, category):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title="t",
            content="c",
            category=category,
            proposer=member2,
        )


def test_leader_cannot_file(leader, city, city_session, category, member):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=leader,
            committee=city,
            session=city_session,
            title="t",
            content="c",
            category=category,
            proposer=member,
        )


def test_joint_proposal_invites_cosigners_and_needs_one_to_accept(
    member_login, member2, member2_login, city, city_session, category
):
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于联名的建议",
        content="内容",
        category=category,
        kind="joint",
        cosigners=[member2.pk],
    )
    assert Notification.objects.filter(user=member2_login).count() == 1
    with pytest.raises(InvalidTransition):
        services.proposal_submit(proposal=proposal, actor=member_login)
    with pytest.raises(PermissionDenied):
        services.proposal_cosign(proposal=proposal, actor=member_login, accept=True)
    services.proposal_cosign(proposal=proposal, actor=member2_login, accept=True)
    assert proposal.cosignatures.get().status == Cosignature.Status.ACCEPTED
    services.proposal_submit(proposal=proposal, actor=member_login)
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and proposal.submitted_at is not None


def test_joint_proposal_needs_cosigners(member_login, city, city_session, category):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title="t",
            content="c",
            category=category,
            kind="joint",
        )
    assert "cosigners" in error.value.message_dict


def test_secretariat_files_a_collective_proposal_and_submits_it(city_clerk, city, city_session, category):
    from tests.factories import SectorFactory

    sector = SectorFactory(committee=city, name="经济界")
    proposal = services.proposal_create(
        actor=city_clerk,
        committee=city,
        session=city_session,
        title="t",
        content="c",
        category=category,
        kind="sector",
        sponsor=sector,
    )
    assert proposal.proposer is None and proposal.sponsor == sector
    services.proposal_submit(proposal=proposal, actor=city_clerk)
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and proposal.submitted_at is not None


def test_only_the_proposer_submits_and_only_from_draft(draft, member_login, member2_login, city_clerk):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=draft, actor=member2_login)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=draft, actor=city_clerk)
    services.proposal_submit(proposal=draft, actor=member_login)
    with pytest.raises(InvalidTransition):
        services.proposal_submit(proposal=draft, actor=member_login)


def test_withdraw_from_draft_or_submitted_only(submitted, registered_other, member_login):
    services.proposal_withdraw(proposal=submitted, actor=member_login)
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.proposal_withdraw(proposal=registered_other, actor=member_login)


@pytest.fixture
def registered_other(city_session, member, member_login, city_clerk, category):
    proposal = ProposalFactory(session=city_session, proposer=member, category=category)
    services.proposal_submit(proposal=proposal, actor=member_login)
    return services.proposal_register(proposal=proposal, actor=city_clerk)


def test_return_needs_staff_and_a_reason(submitted, city_clerk, member_login, leader, county_clerk):
    for actor in (member_login, leader, county_clerk):
        with pytest.raises(PermissionDenied):
            services.proposal_return(proposal=submitted, actor=actor, reason="请修改")
    with pytest.raises(ValidationError):
        services.proposal_return(proposal=submitted, actor=city_clerk, reason="  ")
    services.proposal_return(proposal=submitted, actor=city_clerk, reason="请补充具体建议")
    submitted.refresh_from_db()
    assert submitted.state == State.DRAFT
    assert Notification.objects.filter(user=member_login, message__contains="请补充具体建议").exists()


def test_register_numbers_in_order_and_notifies(city_session, member, member_login, city_clerk, category):
    proposals = [ProposalFactory(session=city_session, proposer=member, category=category) for _ in range(3)]
    for proposal in proposals:
        services.proposal_submit(proposal=proposal, actor=member_login)
    done = [
        services.proposal_register(proposal=proposal, actor=city_clerk) for proposal in reversed(proposals)
    ]
    assert [p.number for p in done] == [1, 2, 3]
    registered = proposals[-1]
    registered.refresh_from_db()
    assert registered.state == State.REGISTERED and registered.registered_at
    assert registered.code == "十四届三次会议第0001号"
    assert Notification.objects.filter(user=member_login, message__contains="0001").exists()


def test_register_twice_is_invalid(registered, city_clerk):
    with pytest.raises(InvalidTransition):
        services.proposal_register(proposal=registered, actor=city_clerk)


def test_register_refused_to_leader_member_and_county_clerk(submitted, leader, member_login, county_clerk):
    for actor in (leader, member_login, county_clerk):
        with pytest.raises(PermissionDenied):
            services.proposal_register(proposal=submitted, actor=actor)


def test_reject_with_a_reason_code(submitted, city_clerk, member_login):
    with pytest.raises(ValidationError):
        services.proposal_reject(proposal=submitted, actor=city_clerk, reason="bogus")
    services.proposal_reject(proposal=submitted, actor=city_clerk, reason="personal", note="个人事务")
    submitted.refresh_from_db()
    assert submitted.state == State.NOT_REGISTERED
    assert submitted.rejection_reason == "personal"
    assert Notification.objects.filter(user=member_login, message__contains="个人或家庭事务").exists()


def test_merge_into_a_registered_proposal_credits_the_proposer(
    submitted, registered_other, city_clerk, member2, member2_login, city_session, category
):
    other = ProposalFactory(session=city_session, proposer=member2, category=category)
    services.proposal_submit(proposal=other, actor=member2_login)
    with pytest.raises(ValidationError):
        services.proposal_merge(proposal=other, actor=city_clerk, into=submitted)
    with pytest.raises(ValidationError):
        services.proposal_merge(proposal=other, actor=city_clerk, into=other)
    services.proposal_merge(proposal=other, actor=city_clerk, into=registered_other)
    other.refresh_from_db()
    assert other.state == State.MERGED and other.merged_into == registered_other
    from proposals.selectors import member_record_proposals

    assert (
        member_record_proposals(member=member2, year=registered_other.registered_at.year)["registered"] == 1
    )


def test_assign_rules(registered, city_clerk, unit, city):
    from tests.factories import HandlingUnitFactory

    other = HandlingUnitFactory(committee=city)
    with pytest.raises(ValidationError):
        services.proposal_assign(proposal=registered, actor=city_clerk, units=[])
    with pytest.raises(ValidationError):
        services.proposal_assign(proposal=registered, actor=city_clerk, units=[(unit, "co"), (other, "co")])
    with pytest.raises(ValidationError):
        services.proposal_assign(
            proposal=registered, actor=city_clerk, units=[(unit, "lead"), (other, "lead")]
        )
    services.proposal_assign(
        proposal=registered, actor=city_clerk, units=[(unit, "separate"), (other, "separate")]
    )
    registered.refresh_from_db()
    assert registered.state == State.ASSIGNED
    assert registered.assignments.count() == 2


def test_assign_refused_in_wrong_state(submitted, city_clerk, unit):
    with pytest.raises(InvalidTransition):
        services.proposal_assign(proposal=submitted, actor=city_clerk, units=[(unit, "lead")])


def test_assign_notifies_unit_contacts(assigned, unit_contact):
    assert Notification.objects.filter(user=unit_contact, message__contains=assigned.code).count() == 1


def test_reply_by_lead_unit_moves_to_replied(assigned, unit_contact, member_login):
    services.proposal_reply(proposal=assigned, actor=unit_contact, category="B", content="列入计划。")
    assigned.refresh_from_db()
    assert assigned.state == State.REPLIED
    assert assigned.assignments.get().replied
    with pytest.raises(InvalidTransition):
        services.proposal_reply(proposal=assigned, actor=unit_contact, category="B", content="again")


def test_reply_refused_to_co_units_and_others(registered, city_clerk, unit, city, member_login):
    from cppcc.org.models import Role
    from tests.factories import HandlingUnitFactory, UserFactory, grant

    co = HandlingUnitFactory(committee=city)
    co_contact = grant(UserFactory(), city, Role.HANDLING_UNIT, co)
    services.proposal_assign(proposal=registered, actor=city_clerk, units=[(unit, "lead"), (co, "co")])
    for actor in (co_contact, member_login):
        with pytest.raises(PermissionDenied):
            services.proposal_reply(proposal=registered, actor=actor, category="A", content="x")


def test_separate_units_all_reply_before_replied(registered, city_clerk, unit, unit_contact, city):
    from tests.factories import HandlingUnitFactory

    other = HandlingUnitFactory(committee=city)
    services.proposal_assign(
        proposal=registered, actor=city_clerk, units=[(unit, "separate"), (other, "separate")]
    )
    services.proposal_reply(proposal=registered, actor=unit_contact, category="A", content="已解决。")
    registered.refresh_from_db()
    assert registered.state == State.ASSIGNED
    with pytest.raises(ValidationError):
        services.proposal_reply(proposal=registered, actor=city_clerk, category="A", content="x")
    services.proposal_reply(
        proposal=registered, actor=city_clerk, category="C", content="留作参考。", unit=other
    )
    registered.refresh_from_db()
    assert registered.state == State.REPLIED


def test_satisfied_feedback_closes(replied, member_login):
    services.proposal_feedback(proposal=replied, actor=member_login, satisfaction="satisfied", comment="很好")
    replied.refresh_from_db()
    assert replied.state == State.CLOSED and replied.closed_at


def test_feedback_only_by_the_proposer_and_only_when_replied(replied, assigned, member2_login, city_clerk):
    for actor in (member2_login, city_clerk):
        with pytest.raises(PermissionDenied):
            services.proposal_feedback(proposal=replied, actor=actor, satisfaction="satisfied")


def test_feedback_before_reply_is_invalid(assigned, member_login):
    with pytest.raises(InvalidTransition):
        services.proposal_feedback(proposal=assigned, actor=member_login, satisfaction="satisfied")


def test_close_by_staff_when_replied(replied, city_clerk, leader):
    with pytest.raises(PermissionDenied):
        services.proposal_close(proposal=replied, actor=leader)
    services.proposal_close(proposal=replied, actor=city_clerk)
    replied.refresh_from_db()
    assert replied.state == State.CLOSED
    with pytest.raises(InvalidTransition):
        services.proposal_close(proposal=replied, actor=city_clerk)


def test_edit_draft_only_by_proposer(draft, member_login, member2_login, category):
    services.proposal_update(proposal=draft, actor=member_login, title="新标题")
    draft.refresh_from_db()
    assert draft.title == "新标题"
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=draft, actor=member2_login, title="x")


def test_flags_are_for_staff(registered, city_clerk, member_login, city):
    chair = MemberFactory(committee=city, position="chair", is_standing_committee=True)
    with pytest.raises(PermissionDenied):
        services.proposal_set_flags(proposal=registered, actor=member_login, is_key=True)
    with pytest.raises(ValidationError):
        services.proposal_set_flags(proposal=registered, actor=city_clerk, is_key=True)
    services.proposal_set_flags(proposal=registered, actor=city_clerk, is_key=True, supervisors=[chair])
    registered.refresh_from_db()
    assert registered.is_key and list(registered.supervisors.all()) == [chair]


def test_invitee_of_another_committee_is_refused(member_login, city, city_session, category, county):
    outsider = MemberFactory(committee=county)
    member_user(outsider, "outsider")
    with pytest.raises(ValidationError):
        services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title="t",
            content="c",
            category=category,
            kind="joint",
            cosigners=[outsider.pk],
        )
    assert not Proposal.objects.exists()
