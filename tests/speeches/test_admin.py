"""The secretariat's admin for speeches: a speech's page tells its story and offers the steps open
now as small forms (select for oral or written delivery, do not select, return, order) that call the
services and answer in Chinese; the list filtered by a meeting offers its compilation."""

import io

import pytest
from docx import Document

from speeches.models import Speech

pytestmark = pytest.mark.django_db


def page_url(speech) -> str:
    return f"/admin/speeches/speech/{speech.pk}/change/"


def step_url(speech, name) -> str:
    return f"/admin/speeches/speech/{speech.pk}/step/{name}/"


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_submitted_speech_offers_select_reject_and_return(client, speech_of, member_login, city_clerk):
    speech = speech_of(member_login, "submitted")
    client.force_login(city_clerk)
    page = client.get(page_url(speech))
    assert page.status_code == 200
    assert [step["name"] for step in page.context["steps"]] == ["select", "reject", "return"]
    text = page.content.decode()
    assert "已提交" in text and "李明远" in text and "聊城市政协2024年全体会议" in text


def test_selecting_in_the_admin_calls_the_service_and_says_so(client, speech_of, member_login, city_clerk):
    speech = speech_of(member_login, "submitted")
    client.force_login(city_clerk)
    answer = client.post(step_url(speech, "select"), {"select-mode": "written"}, follow=True)
    assert said(answer) == ["采用：已完成，该发言现为“采用为书面发言”。"]
    speech.refresh_from_db()
    assert (speech.state, speech.mode, speech.order) == ("selected_written", "written", 1)
    assert [step["name"] for step in answer.context["steps"]] == ["select", "order"]
    assert [row["action"] for row in answer.context["timeline"]][-1] == "采用"


def test_a_refusal_is_a_chinese_message_not_an_error_page(client, speech_of, member_login, city_clerk):
    speech = speech_of(member_login)
    client.force_login(city_clerk)
    answer = client.post(step_url(speech, "reject"), {"reject-note": "主题重复"}, follow=True)
    assert answer.status_code == 200
    assert said(answer) == ["当前状态为“草稿”，不能不予采用。"]
    empty = client.post(
        step_url(speech_of(member_login, "submitted", title="第二篇"), "return"), {}, follow=True
    )
    assert said(empty) == ["备注：该字段为必填项。"]


def test_the_list_of_a_meeting_offers_its_compilation(
    client, speech_of, plenary, member_login, member2_login, city_clerk
):
    speech_of(member_login, "selected", clerk=city_clerk, title="以数字化转型赋能传统制造业")
    speech_of(member2_login, "submitted", title="未处理的发言")
    client.force_login(city_clerk)
    listing = client.get("/admin/speeches/speech/", {"activity__id__exact": plenary.pk})
    link = f"/admin/speeches/speech/compilation/{plenary.pk}/"
    assert link in listing.content.decode() and "下载发言汇编" in listing.content.decode()
    assert link not in client.get("/admin/speeches/speech/").content.decode()
    document = Document(io.BytesIO(client.get(link).content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. 以数字化转型赋能传统制造业"]


def test_the_secretariat_types_in_a_sectors_speech(client, plenary, sector, city_clerk):
    client.force_login(city_clerk)
    answer = client.post(
        "/admin/speeches/speech/add/",
        {
            "activity": plenary.pk,
            "title": "发挥界别优势 助力乡村振兴",
            "content": "正文",
            "author_sector": sector.pk,
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 302
    speech = Speech.objects.get()
    assert (speech.speaker, speech.state, speech.committee_id) == ("经济界", "draft", plenary.committee_id)
    assert list(speech.timeline.values_list("action", "actor")) == [("create", city_clerk.pk)]
