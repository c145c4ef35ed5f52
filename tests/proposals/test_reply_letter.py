"""GET /api/proposals/{id}/reply-letter/?reply=ID: the reply letter (答复函) as a Word document in
the official-document layout, for whoever may read the reply; the reply's signer and contact."""

import io

import pytest
from docx import Document

from cppcc.core.downloads import DOCX
from cppcc.org.models import Sector
from proposals import services
from proposals.documents import addressee
from proposals.models import Kind, Proposal, ReplyLabel

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(assigned, unit_contact):
    services.proposal_reply(
        proposal=assigned,
        actor=unit_contact,
        category="B",
        content="已列入明年计划。\n将分步实施。",
        signer="王建国",
        contact_person="马晓东",
        contact_phone="0635-8210001",
    )
    return assigned.replies.get()


def page_mm(section) -> tuple[int, ...]:
    """A section's size and margins (top, bottom, left, right) in whole millimetres (Word keeps
    them in twentieths of a point)."""
    sizes = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    return tuple(round(getattr(section, name).mm) for name in sizes)


def text_of(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_unit_downloads_its_letter_a4_with_reference_and_addressee(api, signed, unit_contact):
    proposal = signed.proposal
    response = api.as_user(unit_contact).get(f"/api/proposals/{proposal.pk}/reply-letter/?reply={signed.pk}")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert page_mm(section) == (210, 297, 37, 35, 28, 26)
    text = text_of(response)
    assert proposal.code and proposal.code in text
    assert f"{proposal.proposer.name}委员：" in text
    assert document.paragraphs[0].text == signed.unit.name
    assert "B类（列入计划拟解决）" in text and "签发人：王建国" in text
    assert "联系人：马晓东" in text and "0635-8210001" in text
    assert "已列入明年计划。" in text and "将分步实施。" in text
    assert f"抄送：{proposal.committee.name}提案委员会" in text


def test_the_committee_wording_of_the_category_is_used(api, signed, city_clerk):
    ReplyLabel.objects.create(committee=signed.proposal.committee, category="B", label="正在推进落实")
    url = f"/api/proposals/{signed.proposal_id}/reply-letter/?reply={signed.pk}"
    assert "B类（正在推进落实）" in text_of(api.as_user(city_clerk).get(url))


def test_the_proposer_reads_the_letter_of_a_reply_they_see(api, signed, member_login):
    url = f"/api/proposals/{signed.proposal_id}/reply-letter/?reply={signed.pk}"
    assert api.as_user(member_login).get(url).status_code == 200


def test_others_get_404_and_anonymous_401(api, signed, county_clerk, co_contact):
    url = f"/api/proposals/{signed.proposal_id}/reply-letter/?reply={signed.pk}"
    for outsider in (county_clerk, co_contact):
        assert api.as_user(outsider).get(url).status_code == 404
    api.logout()
    assert api.get(url).status_code == 401


def test_a_reply_of_another_proposal_or_none_is_404_and_a_bad_id_400(api, signed, city_clerk):
    client = api.as_user(city_clerk)
    base = f"/api/proposals/{signed.proposal_id}/reply-letter/"
    assert client.get(f"{base}?reply={signed.pk + 1000}").status_code == 404
    response = client.get(f"{base}?reply=abc")
    assert response.status_code == 400 and "reply" in response.json()
    assert client.get(base).status_code == 400


def test_the_reply_api_takes_and_shows_the_letter_fields(api, assigned, unit_contact):
    response = api.as_user(unit_contact).post(
        f"/api/proposals/{assigned.pk}/reply/",
        {
            "category": "A",
            "content": "已采纳。",
            "signer": "李红梅",
            "contact_person": "杨丽",
            "contact_phone": "123",
        },
        format="json",
    )
    assert response.status_code == 200
    reply = response.json()["replies"][0]
    assert (reply["signer"], reply["contact_person"], reply["contact_phone"]) == ("李红梅", "杨丽", "123")


def test_a_collective_proposal_is_addressed_to_its_sponsor():
    proposal = Proposal(kind=Kind.SECTOR, sponsor_sector=Sector(name="经济界"))
    assert addressee(proposal) == "经济界"
