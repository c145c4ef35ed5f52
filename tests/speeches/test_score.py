"""A speech delivered (selected for oral delivery or as a written speech) at a meeting of the year
earns the "speech at a meeting" item of the score, its source the speech. A speech not selected or
still under review earns nothing. Being marked as having spoken at an activity still counts, except
at a meeting where the member's selected speech is already the record of it (never twice)."""

import datetime

import pytest

from cppcc.scoring.models import Item
from cppcc.scoring.selectors import member_score
from platforms import services as platform_services
from tests.platforms.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def speech_items(member, year=2024):
    score = member_score(member=member, year=year)
    return [(i.source.kind, i.source.label, i.points) for i in score.items if i.rule.item == Item.SPEECH]


def test_a_selected_speech_counts_and_a_rejected_one_does_not(speech_of, member, member_login, city_clerk):
    speech_of(member_login, "selected", clerk=city_clerk, mode="written", title="加快补齐农村养老服务短板")
    speech_of(member_login, "not_selected", clerk=city_clerk, title="主题重复的发言")
    speech_of(member_login, "submitted", title="待审的发言")
    assert speech_items(member) == [("speech", "加快补齐农村养老服务短板", 2)]
    assert speech_items(member, 2025) == []


def test_speaking_at_the_same_meeting_counts_once_and_elsewhere_still_counts(
    speech_of, plenary, city, member, member_login, city_clerk
):
    speech_of(member_login, "selected", clerk=city_clerk, title="以数字化转型赋能传统制造业")
    platform_services.attendance_record(
        activity=plenary, member=member, status="present", actor=city_clerk, spoke=True
    )
    consultation = ActivityFactory(
        committee=city,
        kind="thematic_consultation",
        title="低空经济专题协商",
        date=datetime.date(2024, 5, 20),
    )
    platform_services.attendance_record(
        activity=consultation, member=member, status="present", actor=city_clerk, spoke=True
    )
    assert sorted(speech_items(member)) == [
        ("activity", "低空经济专题协商", 2),
        ("speech", "以数字化转型赋能传统制造业", 2),
    ]


def test_the_score_api_links_the_speech(api, speech_of, member, member_login, city_clerk):
    speech = speech_of(member_login, "selected", clerk=city_clerk)
    record = api.as_user(member_login).get(f"/api/members/{member.pk}/record/", {"year": 2024}).json()
    sources = [i["source"] for i in record["score"]["items"] if i["rule"] == "speech"]
    assert sources == [
        {
            "kind": "speech",
            "id": speech.pk,
            "label": speech.title,
            "date": "2024-01-08",
            "url": f"/api/speeches/{speech.pk}/",
        }
    ]
