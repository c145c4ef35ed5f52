"""The portal's speeches (我的大会发言): the list with states in Chinese, the form for a coming
meeting (past meetings and other committees' are not offered), save and submit in one step, and
the answers for a wrong input (400), a speech no longer a draft (409) and a non-member (403)."""

import datetime

import pytest
from django.utils import timezone

from speeches import services
from speeches.models import Speech
from tests.platforms.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming(city):
    return ActivityFactory(
        committee=city,
        kind="standing_committee",
        title="市政协常委会会议",
        date=timezone.localdate() + datetime.timedelta(days=12),
    )


def test_the_form_offers_coming_meetings_of_the_members_committee(client, coming, county, member_login):
    ActivityFactory(committee=coming.committee, kind="plenary", date=datetime.date(2024, 1, 8))
    ActivityFactory(committee=county, kind="plenary", date=coming.date)
    ActivityFactory(committee=coming.committee, kind="inspection", date=coming.date)
    client.force_login(member_login)
    offered = client.get("/portal/speeches/new/").context["form"].fields["activity"].queryset
    assert list(offered) == [coming]


def test_a_member_saves_and_submits_in_one_step(client, coming, member_login):
    client.force_login(member_login)
    answer = client.post(
        "/portal/speeches/new/",
        {
            "activity": coming.pk,
            "title": "关于建设“15分钟健身圈”的建议",
            "content": "正文",
            "action": "submit",
        },
        follow=True,
    )
    speech = Speech.objects.get()
    assert answer.redirect_chain == [(f"/portal/speeches/{speech.pk}/", 302)]
    assert (speech.state, speech.author_id) == ("submitted", member_login.member.pk)
    listing = client.get("/portal/speeches/").content.decode()
    assert "已提交" in listing and "关于建设“15分钟健身圈”的建议" in listing


def test_wrong_input_no_longer_a_draft_and_not_a_member(client, coming, member_login, city_clerk):
    client.force_login(member_login)
    assert client.post("/portal/speeches/new/", {"activity": coming.pk, "content": "正文"}).status_code == 400
    speech = services.speech_create(activity=coming, title="发言", content="正文", actor=member_login)
    services.speech_submit(speech=speech, actor=member_login)
    assert client.get(f"/portal/speeches/{speech.pk}/edit/").status_code == 409
    assert client.post(f"/portal/speeches/{speech.pk}/submit/").status_code == 409
    client.force_login(city_clerk)
    assert client.get("/portal/speeches/").status_code == 403


def test_a_selection_notice_links_to_the_speech_page(coming, member_login, city_clerk):
    speech = services.speech_create(activity=coming, title="发言", content="正文", actor=member_login)
    services.speech_submit(speech=speech, actor=member_login)
    services.speech_select(speech=speech, mode="oral", actor=city_clerk)
    notice = member_login.notifications.get()
    assert notice.link == f"/portal/speeches/{speech.pk}/"
