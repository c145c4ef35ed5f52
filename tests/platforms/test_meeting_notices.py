"""What members are told about meetings: the notice when invited, the reminder the day before
(``send_meeting_reminders``) and the leave decision, by SMS where the phone is known; each reminder
once, however often it runs and however many servers race to send it."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from cppcc.core import sms
from cppcc.org.models import Delivery, NotificationKind, SentReminder
from cppcc.org.services import claim_reminder, notification_preferences_set
from platforms import services
from platforms.models import Activity, Attendance
from tests.factories import member_user

pytestmark = pytest.mark.django_db

TOMORROW = datetime.date(2024, 6, 20)
TODAY = TOMORROW - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()


@pytest.fixture
def logins(member, member2, member3):
    member3.phone = ""
    member3.save()
    return [member_user(m, f"m{m.pk}") for m in (member, member2, member3)]


@pytest.fixture
def meeting(city, logins, django_capture_on_commit_callbacks, city_clerk, settings, monkeypatch):
    monkeypatch.setattr("platforms.notices.timezone.localdate", lambda: TODAY)
    activity = Activity(
        committee=city,
        kind=Activity.Kind.PLENARY,
        title="市政协十四届三次全体会议",
        date=TOMORROW,
        starts_at=datetime.time(9, 0),
        venue="市政协大礼堂",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_create(activity=activity, actor=city_clerk)
    return activity


def test_invited_members_get_the_meeting_notice_by_sms(meeting, member, member2):
    params = {"title": "市政协十四届三次全体会议", "date": "2024-06-20 09:00", "place": "市政协大礼堂"}
    assert sorted((m.phone, m.kind, tuple(m.params.items())) for m in sms.outbox) == sorted(
        (phone, "meeting_notice", tuple(params.items())) for phone in (member.phone, member2.phone)
    )
    assert SentReminder.objects.filter(kind=NotificationKind.MEETING_NOTICE).count() == 3


def test_a_meeting_that_already_took_place_sends_no_notice(city, logins, city_clerk, monkeypatch):
    monkeypatch.setattr("platforms.notices.timezone.localdate", lambda: TOMORROW + datetime.timedelta(days=2))
    activity = Activity(committee=city, kind=Activity.Kind.PLENARY, title="往届全会", date=TOMORROW)
    services.activity_create(activity=activity, actor=city_clerk)
    assert Attendance.objects.filter(activity=activity).count() == 3
    assert not SentReminder.objects.exists()


def test_a_second_invitation_round_does_not_notify_again(
    meeting, city_clerk, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(activity=meeting, actor=city_clerk, venue="市政协大礼堂")
    assert sms.outbox == []


def remind(day, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", date=day.isoformat(), stdout=out)
    return out.getvalue()


def test_the_day_before_members_are_reminded_once(
    meeting, member, member2, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    assert (
        remind(TODAY - datetime.timedelta(days=1), django_capture_on_commit_callbacks)
        == "已发送 0 条会议提醒。\n"
    )
    assert remind(TODAY, django_capture_on_commit_callbacks) == "已发送 3 条会议提醒。\n"
    assert remind(TODAY, django_capture_on_commit_callbacks) == "已发送 0 条会议提醒。\n"
    assert sorted(m.phone for m in sms.outbox) == sorted([member.phone, member2.phone])
    assert {m.kind for m in sms.outbox} == {"meeting_reminder"}
    assert Delivery.objects.filter(kind="meeting_reminder", channel="sms", status="sent").count() == 2


def test_members_excused_are_not_reminded(meeting, member, city_clerk, django_capture_on_commit_callbacks):
    attendance = Attendance.objects.get(activity=meeting, member=member)
    services.attendance_record(activity=meeting, member=member, status="leave_approved", actor=city_clerk)
    sms.outbox.clear()
    remind(TODAY, django_capture_on_commit_callbacks)
    assert attendance.pk and sms.outbox and member.phone not in {m.phone for m in sms.outbox}


def test_a_leave_decision_is_sent_as_the_member_chose(
    meeting, member, city_clerk, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        user=member.user, choices={NotificationKind.LEAVE_DECISION: {"sms": True}}, actor=member.user
    )
    services.attendance_request_leave(activity=meeting, member=member, reason="出差", actor=member.user)
    attendance = Attendance.objects.get(activity=meeting, member=member)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_approve_leave(attendance=attendance, actor=city_clerk)
    assert [(m.phone, m.kind, m.params) for m in sms.outbox] == [
        (member.phone, "leave_decision", {"title": "市政协十四届三次全体会议", "decision": "已批准"})
    ]


def test_a_refused_leave_is_told_in_the_platform(meeting, member, city_clerk):
    sms.outbox.clear()
    services.attendance_request_leave(activity=meeting, member=member, reason="出差", actor=member.user)
    attendance = Attendance.objects.get(activity=meeting, member=member)
    services.attendance_refuse_leave(attendance=attendance, actor=city_clerk)
    assert (
        member.user.notifications.first().message
        == "您对“市政协十四届三次全体会议”的请假未获批准，请按时参加。"
    )
    assert sms.outbox == []


@pytest.mark.django_db(transaction=True)
def test_of_two_servers_racing_one_claims_the_reminder(member, city):
    user = member_user(member, "racer")
    barrier = threading.Barrier(2)
    won, errors = [], []

    def server():
        try:
            barrier.wait()
            won.append(
                claim_reminder(kind=NotificationKind.MEETING_REMINDER, about=city, user=user, slot=TOMORROW)
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(won) == [False, True]
    assert SentReminder.objects.count() == 1
