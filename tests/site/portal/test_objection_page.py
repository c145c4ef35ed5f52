"""The unit's 提出异议 on a proposal's page: the form with the last day while the period runs, the
objection sent, then its state; after the period the reason why not."""

import datetime

import pytest
from django.utils import timezone

from proposals.models import Assignment, Objection
from tests.factories import HandlingUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_client(client, unit_contact):
    client.force_login(unit_contact)
    return client


def test_the_unit_objects_in_the_portal(unit_client, assigned, city):
    transport = HandlingUnitFactory(committee=city, name="市交通运输局")
    page = unit_client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'id="objection-form"' in page and "前提出异议" in page
    response = unit_client.post(
        f"/portal/proposals/{assigned.pk}/object/",
        {"reason": "属交通部门职责。", "suggested_unit": transport.pk},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.suggested_unit == transport and objection.outcome == "pending"
    page = unit_client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'id="objection-form"' not in page and "等待提案委（提案办）处理" in page


def test_after_the_period_the_page_says_why_not(unit_client, assigned):
    day = timezone.localdate() - datetime.timedelta(days=30)
    Assignment.objects.filter(proposal=assigned).update(assigned_on=day, started_on=day)
    page = unit_client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'id="objection-closed"' in page and "异议期已于" in page
    response = unit_client.post(f"/portal/proposals/{assigned.pk}/object/", {"reason": "不属本单位职责。"})
    assert response.status_code == 409 and not Objection.objects.exists()


def test_a_reason_is_needed(unit_client, assigned):
    response = unit_client.post(f"/portal/proposals/{assigned.pk}/object/", {"reason": ""})
    assert response.status_code == 400


def test_members_see_no_objection_section(client, member_login, assigned):
    client.force_login(member_login)
    assert 'id="objection"' not in client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
