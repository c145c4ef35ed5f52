"""The proposals API: create, edit, every action with its status code and body, and bad input."""

import datetime

import pytest
from django.utils import timezone

from proposals.models import State
from tests.factories import HandlingUnitFactory, MemberFactory

pytestmark = pytest.mark.django_db


def url(proposal, action=""):
    return f"/api/proposals/{proposal.pk}/{action + '/' if action else ''}"


def test_member_creates_and_edits_a_draft(api, member_login, member, city, city_session, category):
    client = api.as_user(member_login)
    response = client.post(
        "/api/proposals/",
        {
            "committee": city.pk,
            "session": city_session.pk,
            "title": "关于加快推进城区老旧小区加装电梯的建议",
            "content": "建议……",
            "category": category.pk,
            "kind": "individual",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["state_display"] == "草稿"
    assert body["proposer"] == member.pk and body["number"] is None and body["code"] == ""
    assert body["kind_display"] == "个人提案" and body["overdue"] is False
    patched = client.patch(f"/api/proposals/{body['id']}/", {"title": "新案由"}, format="json")
    assert patched.status_code == 200 and patched.json()["title"] == "新案由"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"title": ""}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"category": 999999}, "category"),
        ({"session": "abc"}, "session"),
        ({"kind": "bogus"}, "kind"),
        ({"kind": "joint"}, "cosigners"),
        ({"kind": "joint", "cosigners": [999999]}, "cosigners"),
        ({"cosigners": "x"}, "cosigners"),
        ({"kind": "sector"}, "sponsor"),
        ({"kind": "sector", "sponsor": 999999}, "sponsor"),
    ],
)
def test_create_with_bad_input_answers_400(api, member_login, city, city_session, category, payload, field):
    data = {
        "committee": city.pk,
        "session": city_session.pk,
        "title": "案由",
        "content": "内容",
        "category": category.pk,
        **payload,
    }
    response = api.as_user(member_login).post("/api/proposals/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_malformed_json_answers_400(api, member_login):
    response = api.as_user(member_login).post(
        "/api/proposals/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_session_of_another_committee_is_400(api, city_clerk, city, county, category, member):
    from tests.factories import SessionFactory, TermFactory

    county_session = SessionFactory(term=TermFactory(committee=county))
    response = api.as_user(city_clerk).post(
        "/api/proposals/",
        {
            "committee": city.pk,
            "session": county_session.pk,
            "title": "t",
            "content": "c",
            "category": category.pk,
            "proposer": member.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "session" in response.json()


def test_full_lifecycle_through_the_api(api, draft, member_login, city_clerk, unit, unit_contact):
    member = api.as_user(member_login)
    assert member.post(url(draft, "submit")).json()["state"] == "submitted"
    clerk = api.as_user(city_clerk)
    body = clerk.post(url(draft, "register")).json()
    assert body["state"] == "registered" and body["number"] == 1 and body["code"] == "十四届三次会议第0001号"
    body = clerk.post(
        url(draft, "assign"), {"units": [{"unit": unit.pk, "role": "lead"}]}, format="json"
    ).json()
    assert body["state"] == "assigned"
    assert body["assignments"][0]["unit_name"] == "市住房城乡建设局"
    assert body["assignments"][0]["role"] == "lead" and body["assignments"][0]["replied"] is False
    response = api.as_user(unit_contact).post(
        url(draft, "reply"), {"category": "A", "content": "已采纳"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "replied" and body["replies"][0]["category_display"] == "已解决或采纳"
    body = (
        api.as_user(member_login)
        .post(url(draft, "feedback"), {"satisfaction": "satisfied", "comment": "满意"}, format="json")
        .json()
    )
    assert body["state"] == "closed" and body["feedback"][0]["satisfaction"] == "satisfied"
    history = api.as_user(member_login).get(url(draft, "history")).json()
    assert [h["action"] for h in history] == ["create", "submit", "register", "assign", "reply", "feedback"]
    assert history[2] == {
        **history[2],
        "from_state": "submitted",
        "to_state": "registered",
        "actor": "市政协工作人员",
    }


def test_wrong_role_is_403_and_wrong_state_is_409(api, submitted, member_login, city_clerk, leader):
    response = api.as_user(member_login).post(url(submitted, "register"))
    assert response.status_code == 403 and "detail" in response.json()
    assert api.as_user(leader).post(url(submitted, "register")).status_code == 403
    response = api.as_user(city_clerk).post(url(submitted, "close"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    response = api.as_user(member_login).post(url(submitted, "submit"))
    assert response.status_code == 409


def test_register_twice_is_409(api, submitted, city_clerk):
    client = api.as_user(city_clerk)
    assert client.post(url(submitted, "register")).status_code == 200
    assert client.post(url(submitted, "register")).json()["code"] == "invalid_transition"


def test_return_and_reject_need_their_fields(api, submitted, city_clerk):
    client = api.as_user(city_clerk)
    assert "reason" in client.post(url(submitted, "return"), {}, format="json").json()
    assert "reason" in client.post(url(submitted, "reject"), {"reason": "nonsense"}, format="json").json()
    body = client.post(
        url(submitted, "reject"), {"reason": "empty", "note": "内容空泛"}, format="json"
    ).json()
    assert body["state"] == "not_registered"
    assert body["rejection_reason"] == "empty" and body["rejection_reason_display"] == "内容空泛"


def test_return_sends_back_to_draft(api, submitted, city_clerk):
    body = api.as_user(city_clerk).post(url(submitted, "return"), {"reason": "请补充"}, format="json").json()
    assert body["state"] == "draft"


def test_merge_through_the_api(api, submitted, registered_target, city_clerk, member):
    client = api.as_user(city_clerk)
    assert client.post(url(submitted, "merge"), {"into": 999999}, format="json").status_code == 400
    assert client.post(url(submitted, "merge"), {"into": "x"}, format="json").status_code == 400
    body = client.post(url(submitted, "merge"), {"into": registered_target.pk}, format="json").json()
    assert body["state"] == "merged" and body["merged_into"] == registered_target.pk
    target = client.get(url(registered_target)).json()
    assert member.pk in target["proposers"]


@pytest.fixture
def registered_target(city_session, member2, member2_login, city_clerk, category):
    from proposals import services

    from .factories import ProposalFactory

    proposal = ProposalFactory(session=city_session, proposer=member2, category=category)
    services.proposal_submit(proposal=proposal, actor=member2_login)
    return services.proposal_register(proposal=proposal, actor=city_clerk)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"units": []},
        {"units": [{"unit": 999999, "role": "lead"}]},
        {"units": [{"unit": "x", "role": "lead"}]},
        {"units": "lead"},
        {"units": [{"role": "lead"}]},
        {"due_on": "2024-13-45"},
    ],
)
def test_assign_bad_input_is_400(api, registered, city_clerk, unit, payload):
    response = api.as_user(city_clerk).post(url(registered, "assign"), payload, format="json")
    assert response.status_code == 400


def test_assign_rejects_a_unit_role_code(api, registered, city_clerk, unit):
    response = api.as_user(city_clerk).post(
        url(registered, "assign"), {"units": [{"unit": unit.pk, "role": "boss"}]}, format="json"
    )
    assert response.status_code == 400 and "units" in response.json()


def test_assign_unit_of_another_committee_is_400(api, registered, city_clerk, county):
    foreign = HandlingUnitFactory(committee=county)
    response = api.as_user(city_clerk).post(
        url(registered, "assign"), {"units": [{"unit": foreign.pk, "role": "lead"}]}, format="json"
    )
    assert response.status_code == 400 and "units" in response.json()


def test_reply_and_feedback_bad_input(api, assigned, unit_contact, member_login):
    client = api.as_user(unit_contact)
    assert (
        "category"
        in client.post(url(assigned, "reply"), {"category": "D", "content": "x"}, format="json").json()
    )
    assert (
        "content"
        in client.post(url(assigned, "reply"), {"category": "A", "content": ""}, format="json").json()
    )
    client.post(url(assigned, "reply"), {"category": "A", "content": "好"}, format="json")
    response = api.as_user(member_login).post(
        url(assigned, "feedback"), {"satisfaction": "meh"}, format="json"
    )
    assert response.status_code == 400 and "satisfaction" in response.json()


def test_cosign_through_the_api(api, member_login, member2, member2_login, city, city_session, category):
    client = api.as_user(member_login)
    body = client.post(
        "/api/proposals/",
        {
            "committee": city.pk,
            "session": city_session.pk,
            "title": "联名",
            "content": "内容",
            "category": category.pk,
            "kind": "joint",
            "cosigners": [member2.pk],
        },
        format="json",
    ).json()
    proposal_url = f"/api/proposals/{body['id']}/"
    assert body["cosignatures"] == [
        {"member": member2.pk, "name": "王晓梅", "status": "invited", "status_display": "已邀请"}
    ]
    assert client.post(proposal_url + "submit/").status_code == 409
    invitee = api.as_user(member2_login)
    assert invitee.post(proposal_url + "cosign/", {"accept": "maybe"}, format="json").status_code == 400
    assert (
        invitee.post(proposal_url + "cosign/", {"accept": True}, format="json").json()["cosignatures"][0][
            "status"
        ]
        == "accepted"
    )
    assert api.as_user(member_login).post(proposal_url + "submit/").json()["state"] == "submitted"


def test_secretariat_patches_flags(api, registered, city_clerk, member_login, city):
    chair = MemberFactory(committee=city, position="chair", is_standing_committee=True)
    client = api.as_user(city_clerk)
    response = client.patch(url(registered), {"is_key": True}, format="json")
    assert response.status_code == 400 and "supervisors" in response.json()
    body = client.patch(url(registered), {"is_key": True, "supervisors": [chair.pk]}, format="json").json()
    assert body["is_key"] is True and body["supervisors"] == [chair.pk]
    assert (
        api.as_user(member_login).patch(url(registered), {"is_key": True}, format="json").status_code == 403
    )
    assert api.as_user(member_login).patch(url(registered), {"title": "x"}, format="json").status_code == 409


def test_list_filters_and_odd_parameters(api, registered, draft, city_clerk, city):
    client = api.as_user(city_clerk)
    assert client.get("/api/proposals/", {"state": "registered"}).json()["count"] == 1
    assert client.get("/api/proposals/", {"within": city.pk}).json()["count"] == 1
    assert client.get("/api/proposals/", {"year": registered.session.opened_on.year}).json()["count"] == 1
    assert client.get("/api/proposals/", {"search": registered.title}).json()["count"] == 1
    for params in (
        {"state": "bogus"},
        {"overdue": "perhaps"},
        {"year": "abc"},
        {"year": "3000"},
        {"committee": "x"},
        {"is_key": "2"},
        {"unit": "x"},
    ):
        response = client.get("/api/proposals/", params)
        assert response.status_code == 400, params
        assert set(response.json()) == set(params), params
    assert client.get("/api/proposals/", {"page": "0"}).json() == {"detail": "无效页面。"}
    assert client.get("/api/proposals/999999/").status_code == 404
    assert client.get("/api/proposals/abc/").status_code == 404
    assert client.post("/api/proposals/999999/register/").status_code == 404


def test_similar_limit_validation(api, registered, city_clerk):
    client = api.as_user(city_clerk)
    assert client.get(url(registered, "similar"), {"limit": "0"}).status_code == 400
    assert client.get(url(registered, "similar"), {"limit": "x"}).status_code == 400
    assert client.get(url(registered, "similar"), {"limit": "51"}).status_code == 400
    assert client.get(url(registered, "similar")).json() == []


def test_anonymous_is_401(api, registered):
    assert api.get("/api/proposals/").status_code == 401
    assert api.post(url(registered, "register")).status_code == 401


def test_extend_through_the_api(api, assigned, city_clerk):
    due = assigned.assignments.get().due_on
    client = api.as_user(city_clerk)
    later = (due + datetime.timedelta(days=10)).isoformat()
    assert "reason" in client.post(url(assigned, "extend"), {"due_on": later}, format="json").json()
    body = client.post(url(assigned, "extend"), {"due_on": later, "reason": "情况复杂"}, format="json").json()
    assert body["assignments"][0]["due_on"] == later
    assert body["assignments"][0]["extension_reason"] == "情况复杂"
    too_late = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    response = client.post(url(assigned, "extend"), {"due_on": too_late, "reason": "再延"}, format="json")
    assert response.status_code == 400 and "六个月" in response.json()["due_on"][0]
    assert client.get(url(assigned)).json()["state"] == State.ASSIGNED
