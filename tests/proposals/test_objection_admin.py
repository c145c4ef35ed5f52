"""处理异议 on a proposal's page: offered while an objection is pending, reassigning or dismissing
through the services; the objection is shown, and listed in the admin's 交办异议."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def objected(assigned, unit_contact, co_unit):
    services.proposal_object(
        proposal=assigned, actor=unit_contact, reason="属规划部门职责。", suggested_unit=co_unit
    )
    return assigned


def page_of(proposal) -> str:
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


def post(client, proposal, transition, data) -> list[str]:
    response = client.post(reverse(f"admin:proposals_proposal_{transition}", args=[proposal.pk]), data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_shows_the_objection_and_offers_both_ways(client, city_clerk, objected):
    client.force_login(city_clerk)
    response = client.get(page_of(objected))
    assert {form.transition for form in response.context["desk_forms"]} == {
        "extend",
        "reassign",
        "dismiss_objection",
    }
    page = response.content.decode()
    assert "属规划部门职责。" in page and "处理异议：改办" in page and "待处理" in page


def test_reassign_from_the_page(client, city_clerk, objected, co_unit):
    client.force_login(city_clerk)
    refused = post(client, objected, "reassign", {"lead_unit": co_unit.pk, "due_on": "2099-01-01"})
    assert "六个月" in refused[0] and Objection.objects.get().outcome == "pending"
    due = services.add_months(timezone.localdate(), 2)
    said = post(client, objected, "reassign", {"lead_unit": co_unit.pk, "due_on": due.isoformat()})
    assert said[-1] == f"已改办，答复期限为{due.isoformat()}。"
    assert Objection.objects.get().outcome == "reassigned"
    assert objected.assignments.get().unit == co_unit


def test_dismiss_from_the_page(client, city_clerk, objected):
    client.force_login(city_clerk)
    assert post(client, objected, "dismiss_objection", {"note": "请按期办理。"}) == [
        "异议已驳回，维持原交办。"
    ]
    assert Objection.objects.get().outcome == "dismissed"
    assert "dismiss_objection" not in {
        f.transition for f in client.get(page_of(objected)).context["desk_forms"]
    }


def test_the_objection_list(client, city_clerk, objected):
    client.force_login(city_clerk)
    response = client.get(reverse("admin:proposals_objection_changelist") + "?outcome__exact=pending")
    assert response.status_code == 200 and "市住房城乡建设局" in response.content.decode()
