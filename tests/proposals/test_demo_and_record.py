"""The demo data (503 proposals registered in 2024 over the city and its counties, the demo
accounts' proposals) and the member's proposal counts for the duty record."""

import pytest
from django.core.management import call_command

from cppcc.org.models import Committee, User
from cppcc.org.roles import committee_subtree_ids
from proposals import demo, services
from proposals.models import Proposal, State
from proposals.selectors import member_record_proposals, proposal_list

from .factories import CosignatureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_db_blocker):
    call_command("seed_demo")
    return Committee.objects.get(code="liaocheng")


def test_demo_has_503_registered_in_2024_over_city_and_counties(seeded):
    committees = committee_subtree_ids(seeded.pk)
    assert Proposal.objects.filter(committee__in=committees, registered_at__year=2024).count() == 503
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {State.CLOSED, State.ASSIGNED, State.NOT_REGISTERED, State.MERGED, State.WITHDRAWN} <= states
    assert Proposal.objects.filter(state=State.CLOSED, timeline__to_state=State.REHANDLING).exists()
    assert 18 <= Proposal.objects.filter(is_key=True).count() <= 22
    assert Proposal.objects.filter(session__opened_on__year=2025).exists()
    numbers = list(
        Proposal.objects.filter(committee=seeded, session__number=3, number__isnull=False)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(1, 504))
    assert demo.seed() is False


def test_demo_accounts_have_their_proposals(seeded):
    member = User.objects.get(username="member")
    mine = Proposal.objects.filter(proposer=member.member)
    assert mine.count() >= 3 and len(set(mine.values_list("state", flat=True))) >= 3
    assert mine.filter(kind="joint", cosignatures__member__user__username="member2").exists()
    unit = User.objects.get(username="unit")
    assigned = proposal_list(Proposal.objects.restrict(unit, "view"), unit).filter(state=State.ASSIGNED)
    assert assigned.count() >= 3 and assigned.filter(overdue=True).exists()


def test_member_record_counts(
    member, member2, member_login, member2_login, city_session, category, city_clerk
):
    own = ProposalFactory(session=city_session, proposer=member, category=category, kind="joint")
    CosignatureFactory(proposal=own, member=member2, status="accepted")
    services.proposal_submit(proposal=own, actor=member_login)
    services.proposal_register(proposal=own, actor=city_clerk)
    ProposalFactory(session=city_session, proposer=member, category=category)  # a draft counts nowhere
    year = Proposal.objects.get(pk=own.pk).submitted_at.year
    assert member_record_proposals(member=member, year=year) == {"lead": 1, "cosigned": 0, "registered": 1}
    assert member_record_proposals(member=member2, year=year) == {"lead": 0, "cosigned": 1, "registered": 1}
    assert member_record_proposals(member=member, year=year - 1) == {
        "lead": 0,
        "cosigned": 0,
        "registered": 0,
    }


def test_demo_publishes_a_share_of_2024s_closed_proposals(seeded):
    closed = Proposal.objects.filter(
        committee__in=committee_subtree_ids(seeded.pk), state=State.CLOSED, registered_at__year=2024
    )
    published = Proposal.objects.published()
    assert set(published.values_list("pk", flat=True)) <= set(closed.values_list("pk", flat=True))
    assert 0.2 <= published.count() / closed.filter(publish_consent=True).count() <= 0.4
    assert published.filter(timeline__action="publish").count() == published.count()
