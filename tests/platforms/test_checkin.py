"""QR check-in: the signed code of a 30-second slot, accepted in its slot and the next, within the
activity's window; a member on the list is marked present once, through the lifecycle."""

import datetime
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc.core.workflow import InvalidTransition
from platforms import checkin, services
from platforms.models import Attendance

from .factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db

ZONE = datetime.timezone(datetime.timedelta(hours=8))
MEETING_DAY = datetime.date(2024, 1, 20)
START = datetime.datetime(2024, 1, 20, 9, 0, tzinfo=ZONE)


@pytest.fixture
def plenary(city):
    return ActivityFactory(
        committee=city,
        kind="inspection",
        title="十四届三次全体会议",
        date=MEETING_DAY,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(11, 30),
    )


@pytest.fixture
def invited(plenary, member):
    return AttendanceFactory(activity=plenary, member=member, status="invited")


def at(hour, minute=0, second=0):
    return datetime.datetime(2024, 1, 20, hour, minute, second, tzinfo=ZONE)


def test_the_code_names_the_activity_and_the_slot(plenary):
    now = at(9, 0, 10)
    code = checkin.current_code(plenary, now)
    assert signing.loads(code.code, salt=checkin.SALT) == {"a": plenary.pk, "s": checkin.slot_of(now)}
    assert code.expires_at == datetime.datetime.fromtimestamp(
        (checkin.slot_of(now) + 1) * 30, tz=datetime.UTC
    )
    assert checkin.current_code(plenary, now + datetime.timedelta(seconds=30)).code != code.code


def test_the_current_and_the_previous_slot_are_accepted(plenary):
    code = checkin.current_code(plenary, at(9, 0, 0)).code
    checkin.verify(code, activity=plenary, now=at(9, 0, 29))
    checkin.verify(code, activity=plenary, now=at(9, 0, 59))


def test_an_older_code_is_stale(plenary):
    code = checkin.current_code(plenary, at(9, 0, 0)).code
    with pytest.raises(checkin.CheckInRefused, match="签到码已过期"):
        checkin.verify(code, activity=plenary, now=at(9, 1, 0))


def test_a_code_from_the_future_is_refused(plenary):
    code = checkin.current_code(plenary, at(9, 5)).code
    with pytest.raises(checkin.CheckInRefused, match="签到码已过期"):
        checkin.verify(code, activity=plenary, now=at(9, 0))


def test_a_forged_code_is_refused(plenary):
    forged = signing.dumps({"a": plenary.pk, "s": checkin.slot_of(at(9))}, salt="another salt")
    for code in (forged, "", "not-a-code"):
        with pytest.raises(checkin.CheckInRefused, match="签到码无效"):
            checkin.verify(code, activity=plenary, now=at(9))


def test_a_code_of_another_activity_is_refused(plenary, city):
    other = ActivityFactory(committee=city, date=MEETING_DAY)
    code = checkin.current_code(other, at(9)).code
    with pytest.raises(checkin.CheckInRefused, match="其他活动"):
        checkin.verify(code, activity=plenary, now=at(9))


def test_the_window_opens_two_hours_before_and_closes_at_the_end(plenary):
    assert checkin.window(plenary) == (at(7), at(11, 30))
    early = checkin.current_code(plenary, at(6, 59)).code
    with pytest.raises(checkin.CheckInRefused, match="签到将于 2024-01-20 07:00 开始"):
        checkin.verify(early, activity=plenary, now=at(6, 59))
    checkin.verify(checkin.current_code(plenary, at(7)).code, activity=plenary, now=at(7))
    late = checkin.current_code(plenary, at(11, 31)).code
    with pytest.raises(checkin.CheckInRefused, match="签到已结束"):
        checkin.verify(late, activity=plenary, now=at(11, 31))


def test_the_window_is_set_in_settings(plenary, settings):
    settings.CHECKIN_OPENS_MINUTES = 30
    settings.CHECKIN_CLOSES_MINUTES = 15
    assert checkin.window(plenary) == (at(8, 30), at(11, 45))


def test_an_activity_without_times_is_open_all_its_day(city):
    day = ActivityFactory(committee=city, date=MEETING_DAY)
    assert checkin.window(day) == (at(0), at(0) + datetime.timedelta(days=1))


def test_a_member_on_the_list_checks_in_once(plenary, invited, member_login):
    code = checkin.current_code(plenary, at(8, 50)).code
    attendance = services.attendance_check_in(activity=plenary, code=code, actor=member_login, now=at(8, 50))
    assert attendance.status == Attendance.Status.PRESENT
    entry = attendance.timeline.get(action="check_in")
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "check_in",
        "invited",
        "present",
        member_login,
    )
    assert entry.note == "扫码签到"
    with pytest.raises(InvalidTransition, match="已签到"):
        services.attendance_check_in(activity=plenary, code=code, actor=member_login, now=at(8, 50))
    assert attendance.timeline.filter(action="check_in").count() == 1


def test_a_member_on_approved_leave_who_comes_checks_in(plenary, member, member_login):
    AttendanceFactory(activity=plenary, member=member, status="leave_approved")
    code = checkin.current_code(plenary, at(9)).code
    attendance = services.attendance_check_in(activity=plenary, code=code, actor=member_login, now=at(9))
    assert attendance.status == "present"


def test_only_members_on_the_list_check_in(plenary, member2_login, city_clerk):
    code = checkin.current_code(plenary, at(9)).code
    with pytest.raises(PermissionDenied, match="不在本次活动的参加名单上"):
        services.attendance_check_in(activity=plenary, code=code, actor=member2_login, now=at(9))
    with pytest.raises(PermissionDenied):
        services.attendance_check_in(activity=plenary, code=code, actor=city_clerk, now=at(9))
    assert not Attendance.objects.filter(activity=plenary, status="present").exists()


def test_a_refused_code_changes_nothing(plenary, invited, member_login):
    stale = checkin.current_code(plenary, at(8)).code
    with pytest.raises(ValidationError) as refused:
        services.attendance_check_in(activity=plenary, code=stale, actor=member_login, now=at(9))
    assert refused.value.message_dict == {"code": ["签到码已过期，请重新扫描大屏上的二维码。"]}
    invited.refresh_from_db()
    assert invited.status == "invited"
    assert not invited.timeline.filter(action="check_in").exists()


def test_the_secretariat_marks_by_hand_with_the_reason(plenary, invited, member, city_clerk):
    attendance = services.attendance_record(
        activity=plenary,
        member=member,
        status="present",
        seat="A区3排12座",
        note="手机没电，无法扫码",
        actor=city_clerk,
    )
    assert attendance.seat == "A区3排12座"
    entry = attendance.timeline.latest("at")
    assert (entry.action, entry.note, entry.actor) == ("record", "手机没电，无法扫码", city_clerk)


# The API: codes of an activity of today, checked against the real clock.


@pytest.fixture
def today(city):
    return ActivityFactory(committee=city, title="今日协商会", date=timezone.localdate())


def code_url(activity):
    return f"/api/activities/{activity.pk}/checkin-code/"


def checkin_url(activity):
    return f"/api/activities/{activity.pk}/checkin/"


def test_the_secretariat_gets_the_code_with_its_qr(api, city_clerk, today):
    response = api.as_user(city_clerk).get(code_url(today))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"code", "url", "expires_at", "open", "svg"}
    query = urlencode({"code": body["code"]})
    assert body["url"] == f"http://testserver/portal/activities/{today.pk}/checkin/?{query}"
    assert body["open"] is True
    assert body["svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    checkin.verify(body["code"], activity=today)


def test_only_the_secretariat_gets_the_code(api, member_login, leader, today):
    assert api.as_user(member_login).get(code_url(today)).status_code == 403
    assert api.as_user(leader).get(code_url(today)).status_code == 403


def test_a_member_checks_in_through_the_api(api, city_clerk, member, member_login, today):
    AttendanceFactory(activity=today, member=member, status="invited")
    code = api.as_user(city_clerk).get(code_url(today)).json()["code"]
    response = api.as_user(member_login).post(checkin_url(today), {"code": code}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "present"
    again = api.as_user(member_login).post(checkin_url(today), {"code": code}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "您已签到，无需重复签到。", "code": "invalid_transition"}


def test_bad_codes_answer_400_with_the_reason(api, member, member_login, today, city):
    AttendanceFactory(activity=today, member=member, status="invited")
    other = ActivityFactory(committee=city, date=timezone.localdate())
    stale = checkin.current_code(today, timezone.now() - datetime.timedelta(minutes=2)).code
    cases = {
        "forged": ("abc:def", "签到码无效，请重新扫描大屏上的二维码。"),
        "another activity": (checkin.current_code(other).code, "该签到码属于其他活动。"),
        "stale": (stale, "签到码已过期，请重新扫描大屏上的二维码。"),
    }
    for case, (code, reason) in cases.items():
        response = api.as_user(member_login).post(checkin_url(today), {"code": code}, format="json")
        assert response.status_code == 400, case
        assert response.json() == {"code": [reason]}, case
    missing = api.as_user(member_login).post(checkin_url(today), {}, format="json")
    assert missing.status_code == 400


def test_out_of_time_answers_400(api, member, member_login, city):
    yesterday = ActivityFactory(committee=city, date=timezone.localdate() - datetime.timedelta(days=1))
    AttendanceFactory(activity=yesterday, member=member, status="invited")
    code = checkin.current_code(yesterday).code
    response = api.as_user(member_login).post(checkin_url(yesterday), {"code": code}, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": ["本次活动签到已结束。"]}


def test_a_member_not_invited_is_refused(api, member2_login, today):
    code = checkin.current_code(today).code
    response = api.as_user(member2_login).post(checkin_url(today), {"code": code}, format="json")
    assert response.status_code == 403
