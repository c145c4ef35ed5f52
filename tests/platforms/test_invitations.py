"""Plenary and standing-committee meetings invite their members when they are created."""

import pytest

from platforms import services
from platforms.models import Activity, Attendance
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(city, city_term, county):
    standing = MemberFactory.create_batch(
        2, committee=city, term=city_term, position="standing", is_standing_committee=True
    )
    ordinary = MemberFactory.create_batch(3, committee=city, term=city_term)
    MemberFactory(committee=city, term=city_term, is_active=False)
    MemberFactory(committee=county)
    return {m.pk for m in standing}, {m.pk for m in ordinary}


def invited(activity_id):
    return set(
        Attendance.objects.filter(activity_id=activity_id, status="invited").values_list(
            "member_id", flat=True
        )
    )


def create(api, user, city, kind):
    body = {"committee": city.pk, "kind": kind, "title": "会议", "date": "2025-03-20"}
    response = api.as_user(user).post("/api/activities/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_plenary_invites_every_active_member(api, city_clerk, city, sitting):
    standing, ordinary = sitting
    assert invited(create(api, city_clerk, city, "plenary")) == standing | ordinary


@pytest.mark.parametrize("kind", ["standing_committee", "thematic_standing_committee"])
def test_a_standing_committee_meeting_invites_the_standing_committee(api, city_clerk, city, sitting, kind):
    standing, _ordinary = sitting
    assert invited(create(api, city_clerk, city, kind)) == standing


def test_other_activities_invite_nobody(api, city_clerk, city, sitting):
    assert invited(create(api, city_clerk, city, "inspection")) == set()


def test_turning_an_activity_into_a_plenary_keeps_recorded_statuses(city, city_clerk, sitting, member):
    activity = services.activity_create(
        activity=Activity(committee=city, kind="inspection", title="视察", date="2025-03-20"),
        actor=city_clerk,
    )
    services.attendance_record(activity=activity, member=member, status="present", actor=city_clerk)
    services.activity_update(activity=activity, actor=city_clerk, kind="plenary")
    assert Attendance.objects.get(activity=activity, member=member).status == "present"
    assert invited(activity.pk) == sitting[0] | sitting[1]


def test_the_admin_invites_too(client, city_clerk, city, sitting):
    client.force_login(city_clerk)
    response = client.post(
        "/admin/platforms/activity/add/",
        {
            "committee": city.pk,
            "kind": "plenary",
            "title": "全体会议",
            "topic": "",
            "topic_source": "",
            "date": "2025-01-08",
            "venue": "",
            "suggestions": 0,
            "problems_found": 0,
            "problems_solved": 0,
            "people_reached": 0,
            "summary": "",
            **management_forms(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert invited(Activity.objects.get().pk) == sitting[0] | sitting[1]


def management_forms():
    data = {}
    for prefix in ("attendances", "attendances-2", "attachments"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data
