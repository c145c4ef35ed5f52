"""Contact before replying (办前沟通), co-unit sign-off (会签), reply review (答复审核) and the unit's
grade of the proposal (双向评议), through the API: status codes, bodies, the 409s with their codes,
and what the proposer never sees."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cppcc.scoring.models import Item
from cppcc.scoring.selectors import evidence
from proposals import services
from proposals.models import Assignment, Contact, HandlingRules, QualityRating, Reply, ReplyReview, State
from proposals.selectors import quality_statistics

pytestmark = pytest.mark.django_db


def url(proposal, action=""):
    return f"/api/proposals/{proposal.pk}/{action + '/' if action else ''}"


@pytest.fixture
def handled(registered, city_clerk, unit, unit_contact, co_contact):
    co_unit = co_contact.roles.get().handling_unit
    return services.proposal_assign(
        proposal=registered,
        actor=city_clerk,
        units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
    )


@pytest.fixture
def strict(city):
    return HandlingRules.objects.create(committee=city, contact_required=True, reply_review=ReplyReview.ALL)


def contact(api, user, proposal, **extra):
    body = {"date": timezone.localdate().isoformat(), "method": "phone", "summary": "电话沟通办理思路。"}
    return api.as_user(user).post(url(proposal, "contacts"), {**body, **extra}, format="json")


def reply(api, user, proposal, **extra):
    body = {"category": "A", "content": "已采纳并落实。"}
    return api.as_user(user).post(url(proposal, "reply"), {**body, **extra}, format="json")


def test_a_unit_records_a_contact_and_the_proposer_confirms_it(api, handled, unit_contact, member_login):
    response = contact(api, unit_contact, handled)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["method_display"] == "电话" and body["answer"] == "pending"
    assert body["unit_name"] == "市住房城乡建设局"
    listed = api.as_user(member_login).get(url(handled, "contacts"))
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [body["id"]]
    assert member_login.notifications.filter(message__contains="沟通").exists()
    confirmed = api.as_user(member_login).post(
        url(handled, f"contacts/{body['id']}/confirm"), {}, format="json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["answer_display"] == "已确认"
    again = api.as_user(member_login).post(url(handled, f"contacts/{body['id']}/dispute"), {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_the_proposer_disputes_a_contact_with_a_comment(api, handled, unit_contact, member_login):
    contact_id = contact(api, unit_contact, handled).json()["id"]
    response = api.as_user(member_login).post(
        url(handled, f"contacts/{contact_id}/dispute"), {"comment": "并未联系我。"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["answer"] == "disputed" and response.json()["answer_comment"] == "并未联系我。"


def test_only_the_proposer_answers_and_only_units_record(
    api, handled, unit_contact, member2_login, member_login
):
    contact_id = contact(api, unit_contact, handled).json()["id"]
    refused = api.as_user(unit_contact).post(
        url(handled, f"contacts/{contact_id}/confirm"), {}, format="json"
    )
    assert refused.status_code == 403
    assert contact(api, member_login, handled).status_code == 403
    assert api.as_user(member_login).post(url(handled, "contacts/999999/confirm"), {}).status_code == 404


def test_a_contact_is_checked(api, handled, unit_contact):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = contact(api, unit_contact, handled, date=tomorrow)
    assert future.status_code == 400 and "date" in future.json()
    assert contact(api, unit_contact, handled, method="fax").status_code == 400
    assert not Contact.objects.exists()


def test_contact_required_before_the_lead_reply(api, handled, strict, unit_contact, co_contact):
    refused = reply(api, unit_contact, handled, co_units_note="会办单位无意见。")
    assert refused.status_code == 409
    assert refused.json()["code"] == "contact_required" and "沟通" in refused.json()["detail"]
    assert not Reply.objects.exists()
    contact(api, unit_contact, handled)
    assert reply(api, unit_contact, handled, co_units_note="会办单位无意见。").status_code == 200


def test_the_lead_reply_waits_for_the_co_units(api, handled, unit_contact, co_contact):
    refused = reply(api, unit_contact, handled)
    assert refused.status_code == 409
    assert refused.json()["code"] == "co_units_pending" and "市自然资源和规划局" in refused.json()["detail"]
    opinion = api.as_user(co_contact).post(
        url(handled, "unit-opinions"), {"content": "同意。"}, format="json"
    )
    assert opinion.status_code == 201 and opinion.json()["unit_name"] == "市自然资源和规划局"
    answered = reply(api, unit_contact, handled)
    assert answered.status_code == 200 and answered.json()["state"] == "replied"


def test_or_states_why_not(api, handled, unit_contact):
    answered = reply(api, unit_contact, handled, co_units_note="会办单位逾期未反馈。")
    assert answered.status_code == 200
    assert answered.json()["replies"][0]["co_units_note"] == "会办单位逾期未反馈。"


def test_unit_opinions_are_read_by_the_units_not_the_proposer(
    api, handled, co_contact, unit_contact, member_login
):
    api.as_user(co_contact).post(url(handled, "unit-opinions"), {"content": "同意。"}, format="json")
    assert len(api.as_user(unit_contact).get(url(handled, "unit-opinions")).json()) == 1
    assert api.as_user(member_login).get(url(handled, "unit-opinions")).json() == []
    refused = api.as_user(unit_contact).post(
        url(handled, "unit-opinions"), {"content": "意见"}, format="json"
    )
    assert refused.status_code == 403


def test_a_reviewed_reply_waits_for_the_secretariat(
    api, handled, strict, unit_contact, co_contact, member_login, city_clerk
):
    contact(api, unit_contact, handled)
    sent = reply(api, unit_contact, handled, co_units_note="会办单位无意见。")
    assert sent.status_code == 200
    assert sent.json()["state"] == "assigned" and sent.json()["replies"][0]["status_display"] == "待审核"
    assert city_clerk.notifications.filter(message__contains="审核").exists()
    seen = api.as_user(member_login).get(url(handled)).json()
    assert seen["replies"] == []
    history = api.as_user(member_login).get(url(handled, "history")).json()
    assert "submit_reply" not in [entry["action"] for entry in history]
    assert not member_login.notifications.filter(message__contains="答复").exists()
    assert reply(api, unit_contact, handled, co_units_note="无").status_code == 409
    reply_id = sent.json()["replies"][0]["id"]
    assert (
        api.as_user(unit_contact).post(url(handled, "release-reply"), {"reply": reply_id}).status_code == 403
    )
    released = api.as_user(city_clerk).post(url(handled, "release-reply"), {"reply": reply_id}, format="json")
    assert released.status_code == 200 and released.json()["state"] == "replied"
    seen = api.as_user(member_login).get(url(handled)).json()
    assert [r["status"] for r in seen["replies"]] == ["released"]
    assert member_login.notifications.filter(message__contains="答复").exists()


def test_a_returned_reply_goes_back_to_the_unit(api, handled, strict, unit_contact, member_login, city_clerk):
    contact(api, unit_contact, handled)
    reply_id = reply(api, unit_contact, handled, co_units_note="无").json()["replies"][0]["id"]
    no_note = api.as_user(city_clerk).post(url(handled, "return-reply"), {"reply": reply_id}, format="json")
    assert no_note.status_code == 400
    returned = api.as_user(city_clerk).post(
        url(handled, "return-reply"), {"reply": reply_id, "note": "请补充具体措施。"}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["state"] == "assigned"
    assert returned.json()["replies"][0]["review_note"] == "请补充具体措施。"
    assert unit_contact.notifications.filter(message__contains="请补充具体措施").exists()
    assert api.as_user(member_login).get(url(handled)).json()["replies"] == []
    again = api.as_user(city_clerk).post(url(handled, "release-reply"), {"reply": reply_id}, format="json")
    assert again.status_code == 409
    second = reply(api, unit_contact, handled, co_units_note="无")
    assert second.status_code == 200
    assert [r["status"] for r in second.json()["replies"]] == ["returned", "pending_review"]
    other = api.as_user(city_clerk).post(url(handled, "release-reply"), {"reply": 999999}, format="json")
    assert other.status_code == 400


def test_the_second_round_goes_through_every_step(
    api, handled, strict, unit_contact, co_contact, member_login, city_clerk
):
    contact(api, unit_contact, handled)
    first = reply(api, unit_contact, handled, co_units_note="无").json()["replies"][0]["id"]
    api.as_user(city_clerk).post(url(handled, "release-reply"), {"reply": first}, format="json")
    unsatisfied = api.as_user(member_login).post(
        url(handled, "feedback"), {"satisfaction": "unsatisfied"}, format="json"
    )
    assert unsatisfied.json()["state"] == "rehandling"
    assert reply(api, unit_contact, handled).json()["code"] == "contact_required"
    contact(api, unit_contact, handled)
    assert reply(api, unit_contact, handled).json()["code"] == "co_units_pending"
    api.as_user(co_contact).post(url(handled, "unit-opinions"), {"content": "同意。"}, format="json")
    second = reply(api, unit_contact, handled)
    assert second.status_code == 200 and second.json()["state"] == "rehandling"
    pending = [r["id"] for r in second.json()["replies"] if r["status"] == "pending_review"]
    assert [r["id"] for r in api.as_user(member_login).get(url(handled)).json()["replies"]] == [first]
    released = api.as_user(city_clerk).post(
        url(handled, "release-reply"), {"reply": pending[0]}, format="json"
    )
    assert released.json()["state"] == "replied"


def test_the_unit_grades_the_proposal_after_its_reply(api, handled, unit_contact, co_contact, member_login):
    early = api.as_user(unit_contact).post(url(handled, "quality"), {"grade": "good"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "not_replied"
    reply(api, unit_contact, handled, co_units_note="无")
    graded = api.as_user(unit_contact).post(
        url(handled, "quality"), {"grade": "poor", "comment": "内容空泛无据"}, format="json"
    )
    assert graded.status_code == 201
    assert graded.json()["grade_display"] == "差" and graded.json()["unit_name"] == "市住房城乡建设局"
    twice = api.as_user(unit_contact).post(url(handled, "quality"), {"grade": "good"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_rated"
    assert api.as_user(co_contact).post(url(handled, "quality"), {"grade": "good"}).status_code == 403
    assert api.as_user(member_login).post(url(handled, "quality"), {"grade": "good"}).status_code == 403
    assert api.as_user(unit_contact).post(url(handled, "quality"), {"grade": "bad"}).status_code == 400
    assert len(api.as_user(unit_contact).get(url(handled, "quality")).json()) == 1


def test_the_proposer_never_sees_the_grade(api, client, handled, unit_contact, member_login, city_clerk):
    reply(api, unit_contact, handled, co_units_note="无")
    services.proposal_rate_quality(proposal=handled, actor=unit_contact, grade="poor", comment="内容空泛无据")
    member = api.as_user(member_login)
    answers = [
        member.get(url(handled, action)).content.decode()
        for action in ("", "history", "contacts", "unit-opinions", "quality")
    ]
    answers.append(member.get("/api/proposals/").content.decode())
    client.force_login(member_login)
    answers.append(client.get(f"/portal/proposals/{handled.pk}/").content.decode())
    answers.append(client.get("/portal/proposals/").content.decode())
    for text in answers:
        assert "内容空泛无据" not in text and '"grade"' not in text and "quality-ratings" not in text
    assert json.loads(answers[4]) == []
    assert "内容空泛无据" in api.as_user(city_clerk).get(url(handled, "quality")).content.decode()


def test_grades_feed_the_statistics_and_the_score(handled, unit_contact, member, city):
    services.proposal_reply(
        proposal=handled, actor=unit_contact, category="A", content="已采纳。", co_units_note="无"
    )
    services.proposal_rate_quality(proposal=handled, actor=unit_contact, grade="poor")
    year = handled.registered_at.year
    assert quality_statistics([city], year) == {"excellent": 0, "good": 0, "fair": 0, "poor": 1}
    assert quality_statistics([city], year - 1)["poor"] == 0
    items = [item for item, _source in evidence(member_ids=[member.pk], year=year)[member.pk]]
    assert Item.PROPOSAL_QUALITY_POOR in items and Item.PROPOSAL_QUALITY_EXCELLENT not in items
    assert QualityRating.objects.get().rated_by == unit_contact


def test_a_separate_unit_replies_without_co_units(api, registered, city_clerk, unit, unit_contact, strict):
    services.proposal_assign(proposal=registered, actor=city_clerk, units=[(unit, Assignment.Role.SEPARATE)])
    assert reply(api, unit_contact, registered).json()["code"] == "contact_required"
    contact(api, unit_contact, registered)
    assert reply(api, unit_contact, registered).status_code == 200
    assert Reply.objects.get().status == Reply.Status.PENDING_REVIEW
    assert registered.__class__.objects.get(pk=registered.pk).state == State.ASSIGNED


def test_the_lists_cost_the_same_whatever_their_length(api, handled, unit_contact, city_clerk, co_contact):
    client = api.as_user(city_clerk)

    def cost(action):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(handled, action)).status_code == 200
        return len(captured)

    contact(api, unit_contact, handled)
    api.as_user(co_contact).post(url(handled, "unit-opinions"), {"content": "同意。"}, format="json")
    one = [cost(action) for action in ("contacts", "unit-opinions")]
    for _ in range(3):
        contact(api, unit_contact, handled)
        api.as_user(co_contact).post(url(handled, "unit-opinions"), {"content": "同意。"}, format="json")
    assert [cost(action) for action in ("contacts", "unit-opinions")] == one
