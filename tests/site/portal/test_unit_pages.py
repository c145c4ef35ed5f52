"""The handling-unit portal: the unit's proposals most urgent first with overdue marks, the reply
(category, text, attachments) from the proposal's page, and the co-unit's opinion to the lead unit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cppcc.org.models import Role
from proposals.models import Assignment, Attachment, HandlingRules, Reply, ReplyReview, State, UnitOpinion
from tests.factories import HandlingUnitFactory, UserFactory, grant
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assigned_to(unit, session, category, proposer, *, due_on, role=Assignment.Role.LEAD, title):
    proposal = ProposalFactory(
        session=session,
        proposer=proposer,
        category=category,
        title=title,
        state=State.ASSIGNED,
        number=ProposalFactory._meta.model.objects.filter(session=session).count() + 1,
    )
    today = timezone.localdate()
    Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        role=role,
        assigned_on=min(today, due_on),
        started_on=min(today, due_on),
        due_on=due_on,
    )
    return proposal


def test_the_unit_sees_its_proposals_most_urgent_first_with_overdue_marked(
    client, unit, unit_contact, city_session, category, member
):
    today = timezone.localdate()
    later = assigned_to(
        unit, city_session, category, member, due_on=today + datetime.timedelta(days=60), title="晚到期"
    )
    late = assigned_to(
        unit, city_session, category, member, due_on=today - datetime.timedelta(days=3), title="已超期的提案"
    )
    soon = assigned_to(
        unit, city_session, category, member, due_on=today + datetime.timedelta(days=5), title="快到期"
    )
    client.force_login(unit_contact)
    page = client.get("/portal/").content.decode()
    assert page.index(late.title) < page.index(soon.title) < page.index(later.title)
    assert page.count('class="badge bad"') == 1 and "已超期" in page


def test_other_units_proposals_are_not_listed_or_readable(
    client, assigned, co_unit, city, city_session, category, member
):
    stranger_unit = HandlingUnitFactory(committee=city, name="市教育局")
    stranger = grant(UserFactory(username="edu"), city, Role.HANDLING_UNIT, stranger_unit)
    client.force_login(stranger)
    assert assigned.title not in client.get("/portal/").content.decode()
    assert client.get(f"/portal/proposals/{assigned.pk}/").status_code == 404


def test_the_lead_unit_replies_with_an_attachment(client, assigned, unit_contact):
    client.force_login(unit_contact)
    page = client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'id="reply-form"' in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/portal/proposals/{assigned.pk}/reply/",
        {
            "category": "B",
            "content": "已列入明年改造计划。",
            "attachments": [SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")],
            "co_units_note": "会办单位未反馈意见。",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get(proposal=assigned)
    assert reply.category == "B" and reply.author == unit_contact
    assert Attachment.objects.get(reply=reply).original_name == "答复函.pdf"
    assigned.refresh_from_db()
    assert assigned.state == State.REPLIED
    assert "答复函.pdf" in client.get(f"/portal/proposals/{assigned.pk}/").content.decode()


def test_a_bad_reply_keeps_the_text_and_names_the_field(client, assigned, unit_contact):
    client.force_login(unit_contact)
    response = client.post(
        f"/portal/proposals/{assigned.pk}/reply/",
        {"content": "答复内容保留", "attachments": [SimpleUploadedFile("a.exe", b"MZ")]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "答复内容保留" in page and "该字段为必填项" in page
    assert not Reply.objects.exists()


def test_a_second_reply_is_refused_with_409(client, replied, unit_contact):
    client.force_login(unit_contact)
    response = client.post(f"/portal/proposals/{replied.pk}/reply/", {"category": "A", "content": "再次答复"})
    assert response.status_code == 409
    assert Reply.objects.count() == 1


def test_the_co_unit_sends_its_opinion_to_the_lead_unit(
    client, assigned, co_contact, unit_contact, member_login
):
    client.force_login(co_contact)
    page = client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'id="unit-opinion-form"' in page and 'id="reply-form"' not in page
    response = client.post(
        f"/portal/proposals/{assigned.pk}/unit-opinion/", {"content": "建议同步完善规划审批。"}
    )
    assert response.status_code == 302
    assert UnitOpinion.objects.get().content == "建议同步完善规划审批。"

    client.force_login(unit_contact)
    assert "建议同步完善规划审批。" in client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert unit_contact.notifications.filter(message__contains="会办意见").exists()
    client.force_login(member_login)
    assert "建议同步完善规划审批。" not in client.get(f"/portal/proposals/{assigned.pk}/").content.decode()


def test_the_co_unit_may_not_reply(client, assigned, co_contact):
    client.force_login(co_contact)
    response = client.post(f"/portal/proposals/{assigned.pk}/reply/", {"category": "A", "content": "答复"})
    assert response.status_code == 403


def test_the_lead_unit_may_not_send_a_co_unit_opinion(client, assigned, unit_contact):
    client.force_login(unit_contact)
    assert (
        client.post(f"/portal/proposals/{assigned.pk}/unit-opinion/", {"content": "意见"}).status_code == 403
    )


def test_the_unit_pages_cost_a_fixed_number_of_queries(
    queries_of, unit, unit_contact, assigned, city_session, category, member
):
    listing = queries_of(unit_contact, "/portal/")
    detail = queries_of(unit_contact, f"/portal/proposals/{assigned.pk}/")
    for n in range(5):
        assigned_to(unit, city_session, category, member, due_on=timezone.localdate(), title=f"提案{n}")
    assert queries_of(unit_contact, "/portal/") == listing == 7
    # with the contacts, the grades, (for the lead unit) which co-units have answered, and the
    # objection section: objections, rules, calendar, units to suggest
    assert detail == 26


def test_the_lead_reply_waits_for_the_co_unit_then_for_review(client, assigned, unit_contact, city):
    HandlingRules.objects.create(committee=city, reply_review=ReplyReview.ALL)
    client.force_login(unit_contact)
    page = client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert "尚未提出意见" in page and 'name="co_units_note"' in page
    refused = client.post(f"/portal/proposals/{assigned.pk}/reply/", {"category": "A", "content": "答复"})
    assert refused.status_code == 409 and "会办意见" in refused.content.decode()
    body = {"category": "A", "content": "答复", "co_units_note": "未反馈"}
    sent = client.post(f"/portal/proposals/{assigned.pk}/reply/", body)
    assert sent.status_code == 302
    page = client.get(f"/portal/proposals/{assigned.pk}/").content.decode()
    assert 'data-reply-status="pending_review"' in page and "待审核" in page
