"""``notify`` through its channels: in the platform, e-mail and SMS as each user chose per kind, the
always-SMS kinds, the delivery log (phones masked), nothing sent for a rolled-back action, and a
failing channel that breaks nothing. Preferences: the service, the API and the portal page."""

import logging
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cppcc.core import sms
from cppcc.core.sms.base import BaseSmsBackend
from cppcc.org.models import Delivery, Notification, NotificationKind, NotificationPreference
from cppcc.org.services import notification_preferences_set, notify

from ..factories import member_user

pytestmark = pytest.mark.django_db

Kind = NotificationKind


@pytest.fixture(autouse=True)
def empty_outboxes():
    sms.outbox.clear()
    mail.outbox.clear()


@pytest.fixture
def reader(member):
    user = member_user(member, "member")
    user.email = "li@example.com"
    user.save()
    return user


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(**kwargs)

    return send


def test_by_default_in_the_platform_and_by_email_not_by_sms(reader, send):
    send(users=[reader], message="您的提案已立案。", kind=Kind.PROPOSAL_UPDATE)
    assert Notification.objects.filter(user=reader).count() == 1
    assert [m.to for m in mail.outbox] == [["li@example.com"]]
    assert sms.outbox == []


def test_each_channel_follows_the_users_choice(reader, send):
    notification_preferences_set(
        user=reader,
        choices={Kind.PROPOSAL_UPDATE: {"in_app": False, "email": False, "sms": True}},
        actor=reader,
    )
    send(users=[reader], message="您的提案已立案。", kind=Kind.PROPOSAL_UPDATE, params={"code": "2024001"})
    assert not Notification.objects.filter(user=reader).exists()
    assert mail.outbox == []
    assert sms.outbox == [
        sms.Sms(phone=reader.member.phone, kind="proposal_update", params={"code": "2024001"})
    ]
    send(users=[reader], message="其他通知", kind=Kind.GENERAL)
    assert Notification.objects.filter(user=reader).count() == 1 and len(sms.outbox) == 1


def test_meeting_notices_always_go_by_sms_where_a_phone_is_known(reader, member2, send):
    notification_preferences_set(
        user=reader, choices={Kind.MEETING_NOTICE: {"sms": False, "email": False}}, actor=reader
    )
    no_phone = member_user(member2, "member2")
    member2.phone = ""
    member2.save()
    send(
        users=[reader, no_phone],
        message="会议通知",
        kind=Kind.MEETING_NOTICE,
        params={"title": "常委会", "date": "2024-06-20 09:00", "place": "市政协大楼", "name": "not sent"},
    )
    assert [(m.phone, m.params) for m in sms.outbox] == [
        (reader.member.phone, {"title": "常委会", "date": "2024-06-20 09:00", "place": "市政协大楼"})
    ]
    assert mail.outbox == []
    assert NotificationPreference.objects.get(user=reader, kind=Kind.MEETING_NOTICE).sms


def test_a_text_carries_only_its_kinds_params_read_from_the_object(reader, send, city):
    notification_preferences_set(user=reader, choices={Kind.GENERAL: {"sms": True}}, actor=reader)
    city.title = "聊城市政协"
    send(users=[reader], message="含有私人信息的正文 13900000000", about=city, kind=Kind.GENERAL)
    assert sms.outbox[0].params == {"title": "聊城市政协"}


def test_deliveries_are_logged_with_the_phone_masked(reader, send, caplog, settings):
    caplog.set_level(logging.DEBUG)
    settings.SMS_BACKEND = "tests.org.test_notification_channels.BrokenBackend"
    send(users=[reader], message="会议通知", kind=Kind.MEETING_NOTICE, params={"title": "常委会"})
    settings.SMS_BACKEND = "cppcc.core.sms.locmem.SmsBackend"
    send(users=[reader], message="会议提醒", kind=Kind.MEETING_REMINDER, params={"title": "常委会"})
    phone = reader.member.phone
    rows = Delivery.objects.filter(channel="sms").order_by("id")
    assert [(d.kind, d.status, d.address) for d in rows] == [
        ("meeting_notice", "failed", sms.mask_phone(phone)),
        ("meeting_reminder", "sent", sms.mask_phone(phone)),
    ]
    assert rows[0].error == "ConnectionError" and rows[1].provider_id.startswith("locmem-")
    assert Delivery.objects.filter(channel="email", status="sent", user=reader).count() == 2
    for row in Delivery.objects.values_list():
        assert all(phone not in str(value) for value in row)
    assert caplog.records and all(phone not in record.getMessage() for record in caplog.records)


class BrokenBackend(BaseSmsBackend):
    def send(self, message):
        raise ConnectionError(f"cannot reach the gateway for {message.phone}")


def test_a_failing_sms_does_not_break_the_action(reader, send, settings):
    settings.SMS_BACKEND = "tests.org.test_notification_channels.BrokenBackend"
    notifications = send(users=[reader], message="会议通知", kind=Kind.MEETING_NOTICE)
    assert len(notifications) == 1 and len(mail.outbox) == 1


def test_an_unloadable_backend_is_a_failed_delivery(reader, send, settings):
    settings.SMS_BACKEND = "cppcc.core.sms.nowhere.SmsBackend"
    send(users=[reader], message="会议通知", kind=Kind.MEETING_NOTICE)
    assert Delivery.objects.get(channel="sms").status == "failed"


def test_a_rolled_back_action_sends_nothing(reader, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(users=[reader], message="会议通知", kind=Kind.MEETING_NOTICE)
        raise RuntimeError
    assert sms.outbox == [] and mail.outbox == [] and not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_preferences_are_set_by_the_user_or_their_committees_secretariat(
    reader, member2_login, city_clerk, county_clerk
):
    notification_preferences_set(user=reader, choices={Kind.GENERAL: {"email": False}}, actor=city_clerk)
    assert NotificationPreference.objects.get(user=reader, kind=Kind.GENERAL).email is False
    for stranger in (member2_login, county_clerk):
        with pytest.raises(PermissionDenied):
            notification_preferences_set(user=reader, choices={Kind.GENERAL: {"email": True}}, actor=stranger)
    assert set(NotificationPreference.objects.restrict(member2_login, "view")) == set()
    assert set(NotificationPreference.objects.restrict(city_clerk, "view")) == {
        NotificationPreference.objects.get(user=reader)
    }
    assert not NotificationPreference.objects.restrict(county_clerk, "view").exists()


def test_the_delivery_log_is_read_by_the_member_and_the_secretariat_never_written(
    reader, city_clerk, county_clerk
):
    row = Delivery.objects.create(user=reader, kind=Kind.GENERAL, channel="sms", status="sent")
    assert list(Delivery.objects.restrict(reader, "view")) == [row]
    assert list(Delivery.objects.restrict(city_clerk, "view")) == [row]
    assert not Delivery.objects.restrict(county_clerk, "view").exists()
    assert not Delivery.objects.restrict(city_clerk, "change").exists()


def test_the_api_reads_and_sets_ones_own_preferences(api, reader):
    client = api.as_user(reader)
    answer = client.get("/api/me/notification-preferences/").json()
    assert answer["phone_on_record"] is True
    rows = {row["kind"]: row for row in answer["preferences"]}
    assert rows["meeting_notice"] == {
        "kind": "meeting_notice",
        "label": "会议通知",
        "in_app": True,
        "email": True,
        "sms": True,
        "sms_fixed": True,
    }
    assert rows["proposal_update"]["sms"] is False
    response = client.put(
        "/api/me/notification-preferences/",
        {"preferences": [{"kind": "proposal_update", "sms": True}, {"kind": "meeting_notice", "sms": False}]},
        format="json",
    )
    rows = {row["kind"]: row for row in response.json()["preferences"]}
    assert rows["proposal_update"]["sms"] is True and rows["proposal_update"]["email"] is True
    assert rows["meeting_notice"]["sms"] is True
    bad = client.put(
        "/api/me/notification-preferences/", {"preferences": [{"kind": "gossip"}]}, format="json"
    )
    assert bad.status_code == 400


def test_the_portal_page_sets_the_channels(client, reader):
    client.force_login(reader)
    page = client.get("/portal/notifications/")
    assert "/portal/notifications/settings/" in page.content.decode()
    page = client.get("/portal/notifications/settings/").content.decode()
    assert "通知设置" in page and "会议通知" in page and "（固定发送）" in page
    response = client.post(
        "/portal/notifications/settings/", {"proposal_update:sms": "on", "proposal_update:in_app": "on"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=reader, kind=Kind.PROPOSAL_UPDATE)
    assert (preference.in_app, preference.email, preference.sms) == (True, False, True)
    assert NotificationPreference.objects.get(user=reader, kind=Kind.MEETING_REMINDER).sms


@pytest.mark.django_db(transaction=True)
def test_in_production_deliveries_leave_from_a_thread(member, settings):
    settings.NOTIFY_IN_BACKGROUND = True
    user = member_user(member, "member")
    notify(users=[user], message="会议通知", kind=Kind.MEETING_NOTICE, params={"title": "常委会"})
    for thread in threading.enumerate():
        if thread.name == "cppcc-notify":
            thread.join(timeout=10)
    assert [m.phone for m in sms.outbox] == [member.phone]
    assert Delivery.objects.get().status == "sent"
