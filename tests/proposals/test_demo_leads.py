"""The demo's public leads: the last four months of 聊城市政协's, in every screening state, and the
demo member's 线索库 shows the accepted ones."""

import pytest
from django.core.management import call_command
from django.test import Client

from cppcc.org.models import Committee, User
from proposals.models import Lead, LeadState

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
