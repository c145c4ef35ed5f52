"""The demo data, built once for these tests: 503 proposals registered in 2024 over the city and
its counties, the demo accounts' proposals, a published share of 2024's closed ones, and the last
four months of the public's leads in every screening state, one already the demo member's draft."""

import pytest
from django.test import Client

from cppcc.org.models import User
from cppcc.org.roles import committee_subtree_ids
from proposals import demo
from proposals.models import Lead, LeadState, Proposal, State
from proposals.selectors import proposal_list

pytestmark = pytest.mark.django_db


def test_demo_has_503_registered_in_2024_over_city_and_counties(demo_city):
    committees = committee_subtree_ids(demo_city.pk)
    assert Proposal.objects.filter(committee__in=committees, registered_at__year=2024).count() == 503
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {State.CLOSED, State.ASSIGNED, State.NOT_REGISTERED, State.MERGED, State.WITHDRAWN} <= states
    assert Proposal.objects.filter(state=State.CLOSED, timeline__to_state=State.REHANDLING).exists()
    assert 18 <= Proposal.objects.filter(is_key=True).count() <= 22
    assert Proposal.objects.filter(session__opened_on__year=2025).exists()
    numbers = list(
        Proposal.objects.filter(committee=demo_city, session__number=3, number__isnull=False)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(1, 504))
    assert demo.seed() is False


def test_demo_accounts_have_their_proposals(demo_city):
    member = User.objects.get(username="member")
    mine = Proposal.objects.filter(proposer=member.member)
    assert mine.count() >= 3 and len(set(mine.values_list("state", flat=True))) >= 3
    assert mine.filter(kind="joint", cosignatures__member__user__username="member2").exists()
    unit = User.objects.get(username="unit")
    assigned = proposal_list(Proposal.objects.restrict(unit, "view"), unit).filter(state=State.ASSIGNED)
    assert assigned.count() >= 3 and assigned.filter(overdue=True).exists()


def test_demo_publishes_a_share_of_2024s_closed_proposals(demo_city):
    closed = Proposal.objects.filter(
        committee__in=committee_subtree_ids(demo_city.pk), state=State.CLOSED, registered_at__year=2024
    )
    published = Proposal.objects.published()
    assert set(published.values_list("pk", flat=True)) <= set(closed.values_list("pk", flat=True))
    assert 0.2 <= published.count() / closed.filter(publish_consent=True).count() <= 0.4
    assert published.filter(timeline__action="publish").count() == published.count()


def test_demo_leads_in_every_state(demo_city):
    city = demo_city
    leads = Lead.objects.filter(committee=city)
    assert set(leads.values_list("state", flat=True)) == set(LeadState.values)
    assert len({lead.created_at.month for lead in leads}) >= 3
    for lead in leads.exclude(state=LeadState.RECEIVED):
        lead.full_clean()
        assert lead.decided_by.username == "secretariat" and lead.decided_at >= lead.created_at
    assert not leads.filter(state=LeadState.DECLINED, reason="").exists()
    client = Client()
    client.force_login(User.objects.get(username="member"))
    page = client.get("/portal/leads/").content.decode()
    accepted = leads.filter(state=LeadState.ACCEPTED)
    assert accepted.exists()
    assert all(lead.receipt in page for lead in accepted)


def test_demo_member_has_a_draft_from_an_accepted_lead(demo_city):
    member = User.objects.get(username="member")
    lead = Lead.objects.get(proposals__isnull=False)
    assert lead.state == LeadState.ACCEPTED
    draft = lead.proposals.get()
    assert draft.state == State.DRAFT and draft.proposer.user == member
    assert draft.content == lead.description
    client = Client()
    client.force_login(member)
    page = client.get(f"/portal/proposals/{draft.pk}/").content.decode()
    assert lead.receipt in page
