"""The meeting on the member's phone: the pack (agenda, seat, materials, leave) for participants and
staff only, materials downloadable by them only, and the check-in landing of the QR code."""

import datetime
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from platforms import checkin
from platforms.models import Activity, ActivityAttachment, Attendance
from speeches import services as speech_services
from tests.platforms.factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(member):
    activity = ActivityFactory(
        committee=member.committee,
        kind=Activity.Kind.STANDING_COMMITTEE,
        title="常委会第十次会议",
        date=timezone.localdate(),
        agenda="审议工作报告\n  \n通报提案办理情况",
    )
    AttendanceFactory(activity=activity, member=member, status=Attendance.Status.INVITED)
    activity.attendances.filter(member=member).update(seat="A区3排12座")
    return activity


@pytest.fixture
def material(meeting):
    return ActivityAttachment.objects.create(
        activity=meeting, file=SimpleUploadedFile("会议议程.pdf", b"%PDF-1.4 agenda")
    )


def pack(activity):
    return f"/portal/activities/{activity.pk}/"


def test_a_participant_reads_the_pack(client, member_login, meeting, material):
    client.force_login(member_login)
    response = client.get(pack(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "常委会第十次会议" in page
    assert "<li>审议工作报告</li><li>通报提案办理情况</li>" in page
    assert "A区3排12座" in page
    assert f"/portal/activities/{meeting.pk}/materials/{material.pk}/" in page and "会议议程.pdf" in page
    assert f"/portal/activities/{meeting.pk}/leave/" in page
    download = client.get(f"/portal/activities/{meeting.pk}/materials/{material.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 agenda"


def test_a_member_not_on_the_list_gets_404(client, member2_login, meeting, material):
    client.force_login(member2_login)
    assert client.get(pack(meeting)).status_code == 404
    assert client.get(f"/portal/activities/{meeting.pk}/materials/{material.pk}/").status_code == 404


def test_staff_read_the_pack_and_its_materials(client, city_clerk, leader, meeting, material):
    for user in (city_clerk, leader):
        client.force_login(user)
        response = client.get(pack(meeting))
        assert response.status_code == 200
        assert "会议议程.pdf" in response.content.decode()
        assert client.get(f"/portal/activities/{meeting.pk}/materials/{material.pk}/").status_code == 200


def test_others_get_404(client, county_clerk, unit_contact, meeting, material):
    for user in (county_clerk, unit_contact):
        client.force_login(user)
        assert client.get(pack(meeting)).status_code == 404
        assert client.get(f"/portal/activities/{meeting.pk}/materials/{material.pk}/").status_code == 404


def test_the_pack_shows_the_meetings_selected_speeches(client, member_login, member, city_clerk, meeting):
    client.force_login(member_login)
    assert 'id="pack-speeches"' not in client.get(pack(meeting)).content.decode()
    draft = speech_services.speech_create(
        actor=city_clerk,
        activity=meeting,
        title="关于发展低空经济的几点建议",
        content="发言全文",
        author=member,
    )
    speech_services.speech_submit(speech=draft, actor=city_clerk)
    speech_services.speech_select(speech=draft, actor=city_clerk, mode="oral")
    page = client.get(pack(meeting)).content.decode()
    assert 'id="pack-speeches"' in page
    assert "关于发展低空经济的几点建议" in page and "口头发言" in page
    assert f'href="/portal/speeches/{draft.pk}/"' in page


def test_the_pack_takes_a_fixed_number_of_queries(
    client, member_login, meeting, material, django_assert_max_num_queries
):
    client.force_login(member_login)
    client.get(pack(meeting))
    for n in range(5):
        ActivityAttachment.objects.create(
            activity=meeting, file=SimpleUploadedFile(f"材料{n}.pdf", b"%PDF-1.4 x")
        )
    with django_assert_max_num_queries(12) as captured:
        assert client.get(pack(meeting)).status_code == 200
    few = len(captured)
    for n in range(5):
        ActivityAttachment.objects.create(
            activity=meeting, file=SimpleUploadedFile(f"更多{n}.pdf", b"%PDF-1.4 x")
        )
    with django_assert_max_num_queries(few):
        client.get(pack(meeting))


def checkin_page(activity, code):
    return f"/portal/activities/{activity.pk}/checkin/?{urlencode({'code': code})}"


def test_the_qr_code_leads_to_sign_in_first(client, meeting):
    url = checkin_page(meeting, checkin.current_code(meeting).code)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={quote(url, safe='/')}"


def test_the_member_confirms_and_is_checked_in(client, member_login, meeting):
    client.force_login(member_login)
    code = checkin.current_code(meeting).code
    page = client.get(checkin_page(meeting, code)).content.decode()
    assert "确认签到" in page and f'value="{code}"' in page
    response = client.post(f"/portal/activities/{meeting.pk}/checkin/", {"code": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "签到成功" in page and "签到时间" in page
    assert meeting.attendances.get().status == Attendance.Status.PRESENT
    again = client.post(f"/portal/activities/{meeting.pk}/checkin/", {"code": code})
    assert again.status_code == 409 and "您已签到" in again.content.decode()


def test_a_stale_code_says_why(client, member_login, meeting):
    client.force_login(member_login)
    stale = checkin.current_code(meeting, timezone.now() - datetime.timedelta(minutes=5)).code
    response = client.post(f"/portal/activities/{meeting.pk}/checkin/", {"code": stale})
    assert response.status_code == 400
    assert "签到码已过期" in response.content.decode()
    assert meeting.attendances.get().status == Attendance.Status.INVITED


def test_a_member_not_invited_is_told(client, member2_login, meeting):
    client.force_login(member2_login)
    code = checkin.current_code(meeting).code
    response = client.post(f"/portal/activities/{meeting.pk}/checkin/", {"code": code})
    assert response.status_code == 403
    assert "不在本次活动的参加名单上" in response.content.decode()
