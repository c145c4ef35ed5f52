"""The demo's public leads: the last four months of 聊城市政协's, in every screening state, the
demo member's 线索库 shows the accepted ones, and one of them is already the member's draft."""

import pytest
from django.core.management import call_command
from django.test import Client

from cppcc.org.models import Committee, User
from proposals.models import Lead, LeadState, State

pytestmark = pytest.mark.django_db


def test_demo_leads_in_every_state():
    call_command("seed_demo", verbosity=0)
    city = Committee.objects.get(code="liaocheng")
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


def test_demo_member_has_a_draft_from_an_accepted_lead():
    call_command("seed_demo", verbosity=0)
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
