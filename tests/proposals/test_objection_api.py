"""The objection endpoints: object (201 with the objection, 409 objection_window_closed after the
period), reassign and dismiss-objection (200 with the proposal)."""

import datetime

import pytest
from django.utils import timezone

from proposals.models import Assignment

pytestmark = pytest.mark.django_db


def test_object_answers_the_objection(api, assigned, unit_contact, co_unit):
    response = api.as_user(unit_contact).post(
        f"/api/proposals/{assigned.pk}/object/",
        {"reason": "属规划部门职责。", "suggested_unit": co_unit.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "pending" and body["outcome_display"] == "待处理"
    assert body["unit_name"] == "市住房城乡建设局" and body["suggested_unit_name"] == "市自然资源和规划局"


def test_object_after_the_period_is_409(api, assigned, unit_contact):
    day = timezone.localdate() - datetime.timedelta(days=30)
    Assignment.objects.filter(proposal=assigned).update(assigned_on=day, started_on=day)
    response = api.as_user(unit_contact).post(
        f"/api/proposals/{assigned.pk}/object/", {"reason": "不属本单位职责。"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "objection_window_closed" and "异议" in response.json()["detail"]


def test_reassign_and_dismiss(api, assigned, unit_contact, co_unit, unit, city_clerk):
    api.as_user(unit_contact).post(
        f"/api/proposals/{assigned.pk}/object/", {"reason": "异议。"}, format="json"
    )
    dismissed = api.as_user(city_clerk).post(
        f"/api/proposals/{assigned.pk}/dismiss-objection/", {"note": "请按期办理。"}, format="json"
    )
    assert dismissed.status_code == 200 and dismissed.json()["state"] == "assigned"
    due = (timezone.localdate() + datetime.timedelta(days=50)).isoformat()
    response = api.as_user(city_clerk).post(
        f"/api/proposals/{assigned.pk}/reassign/",
        {"lead_unit": co_unit.pk, "co_units": [unit.pk], "due_on": due},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assignments = {a["unit_name"]: a for a in response.json()["assignments"]}
    assert (
        assignments["市自然资源和规划局"]["role"] == "lead"
        and assignments["市自然资源和规划局"]["due_on"] == due
    )
    assert assignments["市住房城乡建设局"]["role"] == "co"
    assert assignments["市住房城乡建设局"]["due_reason"].startswith("交办于")


def test_bad_input_is_400(api, assigned, unit_contact, city_clerk, unit):
    assert (
        api.as_user(unit_contact).post(f"/api/proposals/{assigned.pk}/object/", {}, format="json").status_code
        == 400
    )
    response = api.as_user(city_clerk).post(
        f"/api/proposals/{assigned.pk}/reassign/",
        {"lead_unit": unit.pk, "co_units": [unit.pk]},
        format="json",
    )
    assert response.status_code == 400
    response = api.as_user(city_clerk).post(
        f"/api/proposals/{assigned.pk}/dismiss-objection/", {}, format="json"
    )
    assert response.status_code == 400


def test_wrong_roles(api, assigned, member_login, leader, unit_contact, unit):
    for user in (member_login, leader):
        assert api.as_user(user).post(
            f"/api/proposals/{assigned.pk}/object/", {"reason": "异议。"}, format="json"
        ).status_code in (403, 404)
    response = api.as_user(unit_contact).post(
        f"/api/proposals/{assigned.pk}/reassign/", {"lead_unit": unit.pk}, format="json"
    )
    assert response.status_code == 403
