"""The demo data yields every platform figure of 聊城市政协's 2024 report card from records."""

import pytest

from cppcc.org import demo as org_demo
from cppcc.org.models import Committee, Member, NotificationPreference, SentReminder
from cppcc.org.roles import committee_subtree_ids
from platforms import demo, selectors
from platforms.models import Activity, AttendanceTimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    assert org_demo.seed() and demo.seed()


def test_the_2024_report_card_figures(seeded):
    city = Committee.objects.get(code="liaocheng")
    scope = committee_subtree_ids(city.pk)
    figures = {"committee_ids": scope, "year": 2024}
    assert selectors.consultation_tasks_completed(**figures) == 10
    assert 100 <= selectors.duty_activities_count(**figures) <= 110
    assert 40 <= selectors.party_learning_sessions_count(**figures) <= 44
    assert selectors.visit_counts(**figures) == {"chambers_of_commerce": 6, "member_enterprises": 113}
    deliberation = selectors.deliberation_counts(**figures)
    assert deliberation["rooms"] == 136 and deliberation["problems_solved"] == 522
    assert 270 <= deliberation["activities"] <= 297
    groups = selectors.sector_group_counts(**figures)
    assert {
        k: groups[k] for k in ("total", "new", "sectors", "lead_members", "team_members", "activities")
    } == {
        "total": 8,
        "new": 2,
        "sectors": 8,
        "lead_members": 24,
        "team_members": 69,
        "activities": 72,
    }
    assert 3500 <= groups["people_reached"] <= 3850
    study = selectors.study_counts(**figures)
    assert study["study_rooms"] == 42
    assert 60 <= study["learning_activities"] <= 66 and 60 <= study["reading_activities"] <= 66
    assert 20 <= study["lectures"] <= 22
    publicity = selectors.publicity_counts(**figures)
    assert 40 <= publicity["provincial_media_articles"] <= 44
    assert 5200 <= publicity["wechat_posts"] <= 5720
    assert Activity.objects.filter(date__year=2025).exists()


def test_the_demo_member_attended_took_leave_and_missed_and_seeding_twice_changes_nothing(seeded):
    member = Member.objects.get(user__username="member")
    record = selectors.member_record_activities(member=member, year=2024)
    assert record["attended"] > 0 and record["leave"] > 0 and record["absent"] > 0
    assert member.attendances.filter(activity__kind="plenary", status="present").exists()
    count = Activity.objects.count()
    assert demo.seed() is False
    assert Activity.objects.count() == count


def test_the_plenary_has_its_meeting_pack_and_qr_check_ins(seeded):
    plenary = Activity.objects.get(committee__code="liaocheng", kind="plenary", date__year=2024)
    assert plenary.agenda.startswith("一、听取和审议市政协常务委员会工作报告")
    assert plenary.attachments.count() == 3
    assert not plenary.attendances.filter(seat="").exists()
    scans = AttendanceTimelineEntry.objects.filter(attendance__activity=plenary, action="check_in")
    present = plenary.attendances.filter(status="present").count()
    assert present * 0.6 < scans.count() < present
    assert set(scans.values_list("note", flat=True)) == {"扫码签到"}
    coming = Activity.objects.get(title="市政协常委会会议（年终）")
    assert coming.agenda and coming.attachments.count() == 2
    assert not coming.attendances.filter(seat="").exists()


def test_the_demo_member_chose_channels_and_was_sent_the_coming_meetings_notice(seeded):
    user = Member.objects.get(name=demo.DEMO_MEMBER, committee__code="liaocheng").user
    assert NotificationPreference.objects.get(user=user, kind="proposal_update").sms
    notice = SentReminder.objects.get(user=user, kind="meeting_notice")
    assert Activity.objects.get(pk=notice.object_id).title == "推动低空经济发展专题协商"
    assert user.notifications.filter(message__startswith="会议通知").exists()
