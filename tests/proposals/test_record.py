"""A member's proposal counts for the duty record: the proposals they lead and co-sign, by the
year of submission, registered or not (a draft counts nowhere)."""

import pytest

from proposals import services
from proposals.models import Proposal
from proposals.selectors import member_record_proposals

from .factories import CosignatureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


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
