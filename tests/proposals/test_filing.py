"""The secretariat types in a proposal handed in on paper (``services.proposal_file``): it arrives
submitted, its co-signers' signatures stand as accepted, and the timeline says who typed it in for
whom; another committee's sessions and members are refused, and a refusal saves nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cppcc.core.workflow import NEW
from cppcc.org.models import Notification
from proposals import services
from proposals.models import Cosignature, Kind, Proposal, State
from tests.factories import (
    MemberFactory,
    PartyFactory,
    SectorFactory,
    SessionFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_session(county):
    return SessionFactory(term__committee=county, committee=county, number=3, name="十届三次会议")


def file(actor, session, category, **kwargs):
    return services.proposal_file(
        actor=actor,
        session=session,
        title=kwargs.pop("title", "关于加快老旧小区加装电梯的建议"),
        content="情况分析与具体建议。",
        category=category,
        **kwargs,
    )


def test_an_individual_proposal_arrives_submitted_without_a_number(
    city_clerk, city_session, category, member
):
    proposal = file(city_clerk, city_session, category, proposer=member)
    assert (proposal.state, proposal.number, proposal.kind) == (State.SUBMITTED, None, Kind.INDIVIDUAL)
    assert proposal.submitted_at is not None and proposal.during_plenary
    (entry,) = proposal.timeline.all()
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "file_on_paper",
        NEW,
        State.SUBMITTED,
        city_clerk,
    )
    assert entry.note == "由 市政协工作人员 代 李明远 录入（纸质提案）"


def test_a_joint_proposal_s_paper_signatures_stand_as_accepted(
    city_clerk, city_session, category, member, member2, member3_login
):
    member3 = member3_login.member
    proposal = file(
        city_clerk, city_session, category, kind=Kind.JOINT, proposer=member, cosigners=[member2, member3]
    )
    assert sorted(proposal.cosignatures.values_list("member__name", "status")) == [
        ("王晓梅", Cosignature.Status.ACCEPTED),
        ("赵思远", Cosignature.Status.ACCEPTED),
    ]
    assert all(c.answered_at is not None for c in proposal.cosignatures.all())
    assert proposal.timeline.get().note == "由 市政协工作人员 代 李明远、王晓梅、赵思远 录入（纸质提案）"
    assert not Notification.objects.filter(user=member3_login).exists()  # nobody is asked to co-sign
    # The proposal goes on like any other: registration gives the number.
    assert services.proposal_register(proposal=proposal, actor=city_clerk).number == 1


@pytest.mark.parametrize(
    ("kind", "make", "field"),
    [
        (Kind.SECTOR, lambda city: SectorFactory(committee=city, name="经济界"), "sponsor_sector"),
        (Kind.PARTY, lambda city: PartyFactory(name="民盟"), "sponsor_party"),
        (
            Kind.SPECIAL_COMMITTEE,
            lambda city: SpecialCommitteeFactory(committee=city, name="提案委员会"),
            "sponsor_special_committee",
        ),
    ],
)
def test_a_collective_proposal_names_its_sponsor(city_clerk, city_session, category, city, kind, make, field):
    sponsor = make(city)
    proposal = file(city_clerk, city_session, category, kind=kind, sponsor=sponsor)
    assert getattr(proposal, field) == sponsor and proposal.proposer is None
    assert proposal.state == State.SUBMITTED
    assert proposal.timeline.get().note == f"由 市政协工作人员 代 {sponsor.name} 录入（纸质提案）"


def test_scanned_pages_are_attached(city_clerk, city_session, category, member):
    scan = SimpleUploadedFile("提案原件.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    proposal = file(city_clerk, city_session, category, proposer=member, attachments=[scan])
    (attachment,) = proposal.attachments.all()
    assert attachment.original_name == "提案原件.pdf" and attachment.uploaded_by == city_clerk


def test_a_county_clerk_may_not_file_in_the_city_s_session(county_clerk, city_session, category, member):
    with pytest.raises(PermissionDenied):
        file(county_clerk, city_session, category, proposer=member)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["leader", "member_login", "unit_contact"])
def test_only_the_secretariat_types_in_paper_proposals(request, who, city_session, category, member):
    with pytest.raises(PermissionDenied):
        file(request.getfixturevalue(who), city_session, category, proposer=member)
    assert not Proposal.objects.exists()


def test_another_committee_s_members_are_refused(city_clerk, city_session, category, member, county_member):
    with pytest.raises(ValidationError) as error:
        file(city_clerk, city_session, category, proposer=county_member)
    assert "proposer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        file(city_clerk, city_session, category, kind=Kind.JOINT, proposer=member, cosigners=[county_member])
    assert "cosigners" in error.value.message_dict
    assert not Proposal.objects.exists() and not Cosignature.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": Kind.JOINT}, "cosigners"),  # a joint proposal without co-signers
        ({"title": ""}, "title"),
        ({"kind": Kind.SECTOR}, "sponsor"),  # a collective proposal without its sponsor
    ],
)
def test_bad_input_saves_nothing(city_clerk, city_session, category, member, changes, field):
    with pytest.raises(ValidationError) as error:
        file(city_clerk, city_session, category, proposer=member, **changes)
    assert field in error.value.message_dict
    assert not Proposal.objects.exists()


def test_an_inactive_member_or_the_proposer_as_co_signer_is_refused(
    city_clerk, city_session, category, member, city
):
    gone = MemberFactory(committee=city, name="退休委员", is_active=False)
    with pytest.raises(ValidationError):
        file(city_clerk, city_session, category, proposer=gone)
    with pytest.raises(ValidationError):
        file(city_clerk, city_session, category, kind=Kind.JOINT, proposer=member, cosigners=[member])
    assert not Proposal.objects.exists()


def test_the_county_clerk_files_in_its_own_session(county_clerk, county_session, county_member):
    from .factories import CategoryFactory

    category = CategoryFactory(committee=county_session.committee, name="经济")
    proposal = file(county_clerk, county_session, category, proposer=county_member)
    assert proposal.committee == county_session.committee and proposal.state == State.SUBMITTED
