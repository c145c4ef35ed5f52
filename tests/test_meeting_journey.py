"""Issue 20's journey end to end, as its people do it: a member is invited to a meeting (a text
message), writes and submits a speech, the secretariat selects it, the day before the member gets a
reminder by text, at the door they scan in, they read the meeting pack, and the attendance and the
speech are on their record and score; the secretariat downloads the compilation."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from cppcc.core import sms
from platforms import services as platform_services
from platforms.models import Activity, Attendance
from tests.platforms.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PHONE = "13800001234"


@pytest.fixture
def meeting(city):
    """A plenary today, with no hours given, so its check-in is open all day."""
    return ActivityFactory(
        committee=city,
        kind=Activity.Kind.PLENARY,
        title="市政协全体会议",
        date=timezone.localdate(),
        starts_at=None,
        ends_at=None,
    )


def test_a_member_speaks_is_reminded_scans_in_and_it_counts(
    api, client, member, member_login, city_clerk, meeting, django_capture_on_commit_callbacks
):
    member.phone = PHONE
    member.save(update_fields=["phone"])
    sms.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # texts leave once the action commits
        platform_services.activity_invite_members(activity=meeting)
    assert Attendance.objects.get(activity=meeting, member=member).status == Attendance.Status.INVITED
    assert [(m.phone, m.kind) for m in sms.outbox] == [(PHONE, "meeting_notice")]

    member_api = api.as_user(member_login)
    created = member_api.post(
        "/api/speeches/",
        {"activity": meeting.pk, "title": "关于加快发展县域经济的建议", "content": "发言全文。"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    speech = created.json()["id"]
    assert member_api.post(f"/api/speeches/{speech}/submit/").status_code == 200
    selected = api.as_user(city_clerk).post(
        f"/api/speeches/{speech}/select/", {"mode": "oral"}, format="json"
    )
    assert selected.status_code == 200 and selected.json()["state"] == "selected_oral"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", date=str(meeting.date - datetime.timedelta(days=1)))
    assert [(m.phone, m.kind) for m in sms.outbox][1:] == [(PHONE, "meeting_reminder")]

    code = api.as_user(city_clerk).get(f"/api/activities/{meeting.pk}/checkin-code/").json()["code"]
    checked_in = api.as_user(member_login).post(
        f"/api/activities/{meeting.pk}/checkin/", {"code": code}, format="json"
    )
    assert checked_in.status_code == 200, checked_in.json()
    assert Attendance.objects.get(activity=meeting, member=member).status == Attendance.Status.PRESENT

    client.force_login(member_login)
    pack = client.get(f"/portal/activities/{meeting.pk}/").content.decode()
    assert "关于加快发展县域经济的建议" in pack

    record = (
        api.as_user(member_login).get(f"/api/members/{member.pk}/record/", {"year": meeting.date.year}).json()
    )
    rules = [item["rule"] for item in record["score"]["items"]]
    assert "speech" in rules and "plenary_present" in rules

    compilation = api.as_user(city_clerk).get(f"/api/activities/{meeting.pk}/speeches/", {"format": "docx"})
    assert compilation.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(compilation.content)).paragraphs)
    assert "关于加快发展县域经济的建议" in text and "李明远" in text
