"""``/api/speeches/`` and ``/api/activities/{id}/speeches/``: status codes and bodies (API.md's
conventions: 400 bad input, 403 the wrong role, 404 not visible, 409 the wrong state)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_a_member_writes_edits_and_submits_a_speech(api, plenary, member_login):
    api.as_user(member_login)
    created = api.post(
        "/api/speeches/",
        {"activity": plenary.pk, "title": "推进运河文化保护", "content": "正文"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["state"], body["state_display"], body["speaker"], body["author"]) == (
        "draft",
        "草稿",
        "李明远",
        member_login.member.pk,
    )
    url = f"/api/speeches/{body['id']}/"
    assert (
        api.patch(url, {"title": "推进京杭运河文化保护"}, format="json").json()["title"]
        == "推进京杭运河文化保护"
    )
    submitted = api.post(f"{url}submit/")
    assert (submitted.status_code, submitted.json()["state"]) == (200, "submitted")
    refused = api.patch(url, {"title": "再改"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
    history = api.get(f"{url}history/").json()
    assert [entry["action"] for entry in history] == ["create", "submit"]


def test_the_secretariat_selects_returns_and_rejects(api, speech_of, member_login, member2_login, city_clerk):
    api.as_user(city_clerk)
    speech = speech_of(member_login, "submitted")
    url = f"/api/speeches/{speech.pk}/"
    assert api.post(f"{url}select/", {"mode": "loud"}, format="json").status_code == 400
    selected = api.post(f"{url}select/", {"mode": "oral"}, format="json")
    assert selected.status_code == 200
    assert {k: selected.json()[k] for k in ("state", "mode", "mode_display", "order")} == {
        "state": "selected_oral",
        "mode": "oral",
        "mode_display": "口头发言",
        "order": 1,
    }
    assert api.post(f"{url}reject/", {"note": "重复"}, format="json").status_code == 409
    other = speech_of(member2_login, "submitted", title="加强未成年人心理健康教育")
    other_url = f"/api/speeches/{other.pk}/"
    assert api.post(f"{other_url}return/", {}, format="json").json() == {"note": ["该字段为必填项。"]}
    returned = api.post(f"{other_url}return/", {"note": "请补充数据"}, format="json")
    assert (returned.status_code, returned.json()["state"], returned.json()["note"]) == (
        200,
        "draft",
        "请补充数据",
    )


def test_a_member_may_not_select_and_another_member_does_not_see_a_draft(
    api, speech_of, member_login, member2_login
):
    speech = speech_of(member_login, "submitted")
    url = f"/api/speeches/{speech.pk}/"
    assert api.as_user(member_login).post(f"{url}select/", {"mode": "oral"}, format="json").status_code == 403
    assert api.as_user(member2_login).get(url).status_code == 404


def test_an_invisible_meeting_is_a_bad_choice(api, county_plenary, member_login):
    answer = api.as_user(member_login).post(
        "/api/speeches/", {"activity": county_plenary.pk, "title": "发言", "content": "正文"}, format="json"
    )
    assert answer.status_code == 400 and set(answer.json()) == {"activity"}


def test_the_list_filters_by_meeting_state_and_year(
    api, speech_of, member_login, member2_login, city_clerk, plenary
):
    speech_of(member_login)
    submitted = speech_of(member2_login, "submitted", title="第二篇")
    api.as_user(city_clerk)
    found = api.get("/api/speeches/", {"activity": plenary.pk, "state": "submitted", "year": 2024}).json()
    assert [row["id"] for row in found["results"]] == [submitted.pk]
    assert api.get("/api/speeches/", {"year": 2023}).json()["count"] == 0
    assert api.get("/api/speeches/", {"year": "abc"}).status_code == 400
    assert api.get("/api/speeches/", {"state": "sung"}).status_code == 400


def test_attachments_are_served_only_to_readers(api, speech_of, member_login, member2_login, city_clerk):
    speech = speech_of(member_login)
    url = f"/api/speeches/{speech.pk}/attachments/"
    api.as_user(member_login)
    uploaded = api.post(url, {"file": SimpleUploadedFile("数据.pdf", b"%PDF-1.4 data")}, format="multipart")
    assert uploaded.status_code == 201 and uploaded.json()["name"] == "数据.pdf"
    file_url = f"{url}{uploaded.json()['id']}/"
    assert b"".join(api.get(file_url).streaming_content) == b"%PDF-1.4 data"
    assert api.as_user(city_clerk).get(file_url).status_code == 200
    assert api.as_user(member2_login).get(file_url).status_code == 404


def test_the_meetings_selected_speeches_as_json_and_docx(
    api, speech_of, plenary, member_login, member2_login, city_clerk, leader
):
    speech_of(member_login, "selected", clerk=city_clerk, mode="written", title="书面发言")
    oral = speech_of(member2_login, "selected", clerk=city_clerk, title="口头发言")
    speech_of(member_login, "submitted", title="未处理")
    url = f"/api/activities/{plenary.pk}/speeches/"
    rows = api.as_user(member_login).get(url).json()
    assert [(r["mode"], r["order"], r["title"], r["speaker"]) for r in rows] == [
        ("oral", 1, "口头发言", "王晓梅"),
        ("written", 1, "书面发言", "李明远"),
    ]
    assert rows[0]["id"] == oral.pk
    assert api.get(url, {"format": "docx"}).status_code == 403
    assert api.get(url, {"format": "pdf"}).status_code == 400
    for reader in (city_clerk, leader):
        document = api.as_user(reader).get(url, {"format": "docx"})
        assert document.status_code == 200
        assert document["Content-Type"].startswith("application/vnd.openxmlformats")


def test_another_committees_meeting_is_not_found(api, county_plenary, member_login):
    answer = api.as_user(member_login).get(f"/api/activities/{county_plenary.pk}/speeches/")
    assert (answer.status_code, answer.json()) == (404, {"detail": "未找到。"})


def test_the_secretariat_orders_the_selected_speeches(
    api, speech_of, member_login, member2_login, city_clerk
):
    first = speech_of(member_login, "selected", clerk=city_clerk)
    second = speech_of(member2_login, "selected", clerk=city_clerk, title="第二篇")
    moved = api.as_user(city_clerk).post(f"/api/speeches/{second.pk}/order/", {"order": 1}, format="json")
    assert (moved.status_code, moved.json()["order"]) == (200, 1)
    assert api.get(f"/api/speeches/{first.pk}/").json()["order"] == 2
