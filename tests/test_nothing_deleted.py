"""Nothing that has a number or a timeline is deleted: proposals (every one has a timeline from its
creation; registered ones a number), opinion reports with a timeline, issues with reports, activities
with attendance. The admin refuses with Django's message naming the protected records
(无法删除 … 将要求删除以下受保护的相关对象); the API has no DELETE; on_delete=PROTECT on the timeline,
attendance and issue links refuses every other path.

Refusal rather than soft delete: these are official registers (gapless numbers, duty records), and
the workflows already end a record without erasing it (withdrawn, not registered, declined); a
deleted-flag would have to be honoured by every selector, count and export."""

import pytest
from django.db.models import ProtectedError
from django.test import Client

from opinions import services as opinion_services
from opinions.models import Issue, OpinionReport
from platforms.models import Activity
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

REFUSAL = "删除以下受保护的相关对象"


@pytest.fixture
def world(world):
    clerk = world.users["city_clerk"]
    accepted = opinion_services.report_accept(report=world.report, actor=clerk)
    opinion_services.report_publish(report=accepted, issue=world.issue, actor=clerk)
    return world


@pytest.fixture
def clerk(client, world) -> Client:
    client.force_login(world.users["city_clerk"])
    return client


def protected(world):
    return [
        ("proposals/proposal", Proposal, world.proposal.pk),
        ("proposals/proposal", Proposal, world.draft.pk),
        ("opinions/opinionreport", OpinionReport, world.report.pk),
        ("opinions/issue", Issue, world.issue.pk),
        ("platforms/activity", Activity, world.activity.pk),
    ]


def test_the_admin_refuses_to_delete_with_a_message(clerk, world):
    for admin_path, model, pk in protected(world):
        page = clerk.get(f"/admin/{admin_path}/{pk}/delete/")
        assert page.status_code == 200
        assert REFUSAL in page.content.decode(), admin_path
        clerk.post(f"/admin/{admin_path}/{pk}/delete/", {"post": "yes"})
        assert model.objects.filter(pk=pk).exists(), admin_path


def test_the_bulk_delete_action_refuses_too(clerk, world):
    for admin_path, model, pk in protected(world):
        response = clerk.post(
            f"/admin/{admin_path}/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        )
        assert response.status_code == 200 and REFUSAL in response.content.decode(), admin_path
        assert model.objects.filter(pk=pk).exists(), admin_path


def test_no_code_path_deletes_them(world):
    for _path, model, pk in protected(world):
        with pytest.raises(ProtectedError):
            model.objects.get(pk=pk).delete()


def test_an_activity_without_attendance_may_still_be_deleted(clerk, world):
    """The refusal is for records that carry history, not a blanket ban: a mistaken entry goes."""
    empty = Activity.objects.create(
        committee=world.city, kind="inspection", title="误录活动", date="2024-08-01"
    )
    clerk.post(f"/admin/platforms/activity/{empty.pk}/delete/", {"post": "yes"})
    assert not Activity.objects.filter(pk=empty.pk).exists()


@pytest.mark.parametrize("url", ["proposals/{proposal}", "opinions/{report}", "activities/{activity}"])
def test_the_api_has_no_delete(api, world, url):
    path = "/api/" + url.format(
        proposal=world.proposal.pk, report=world.report.pk, activity=world.activity.pk
    )
    response = api.as_user(world.users["city_clerk"]).delete(f"{path}/")
    assert response.status_code == 405
