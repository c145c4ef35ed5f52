"""In headless Chromium: the handling unit downloads its reply letter (答复函) from the portal, and the
clerk composes a digest (提案摘报) in the admin — picking a proposal, writing its core suggestions —
and downloads its Word document. No console errors, no request leaves the machine."""

import io

from docx import Document

from proposals import services
from proposals.models import Assignment, Digest
from tests.browser.conftest import log_in
from tests.proposals.factories import CategoryFactory, ProposalFactory

SHOTS = "/work/helpers/shots/docs15"


def replied(city_session, member, member_login, city_clerk, unit, unit_contact):
    proposal = ProposalFactory(
        session=city_session, proposer=member, category=CategoryFactory(committee=city_session.committee)
    )
    services.proposal_submit(proposal=proposal, actor=member_login)
    services.proposal_register(proposal=proposal, actor=city_clerk)
    services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])
    services.proposal_reply(
        proposal=proposal,
        actor=unit_contact,
        category="A",
        content="已采纳。",
        signer="王建国",
        contact_person="马晓东",
        contact_phone="0635-8210001",
    )
    proposal.refresh_from_db()
    return proposal


def docx_text(download) -> str:
    with open(download.path(), "rb") as file:
        return "\n".join(p.text for p in Document(io.BytesIO(file.read())).paragraphs)


def test_the_unit_downloads_its_reply_letter(
    page, city_session, member, member_login, city_clerk, unit, unit_contact
):
    proposal = replied(city_session, member, member_login, city_clerk, unit, unit_contact)
    log_in(page, "unit")
    page.goto(f"/portal/proposals/{proposal.pk}/")
    page.screenshot(path=f"{SHOTS}/unit-reply-letter-link.png", full_page=True)
    with page.expect_download() as download:
        page.click("a.reply-letter")
    text = docx_text(download.value)
    assert proposal.code in text and f"{member.name}委员：" in text and "签发人：王建国" in text
    assert page.console_errors == [] and page.external_requests == []


def test_the_clerk_composes_a_digest_and_downloads_it(
    page, city, city_session, member, member_login, city_clerk, unit, unit_contact
):
    proposal = replied(city_session, member, member_login, city_clerk, unit, unit_contact)
    log_in(page, "clerk")
    page.goto("/admin/proposals/digest/add/")
    page.select_option("#id_committee", str(city.pk))
    page.fill("#id_year", "2024")
    page.fill("#id_title", "重点提案核心建议")
    page.fill("#id_issued_on", "2024-04-18")
    page.fill("#id_recipients", "市委、市政府主要领导")
    page.fill("#id_items-0-order", "1")
    page.click("#id_items-0-proposal + .select2-container .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(proposal.title[:4])
    page.locator(".select2-results__option", has_text=proposal.title).click()
    page.fill("#id_items-0-suggestions", "一是加强统筹协调；二是加大资金支持。")
    page.screenshot(path=f"{SHOTS}/admin-digest-compose.png", full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    digest = Digest.objects.get()
    assert digest.number == 1 and digest.items.get().proposal_id == proposal.pk
    page.screenshot(path=f"{SHOTS}/admin-digest-saved.png", full_page=True)
    with page.expect_download() as download:
        page.click("#digest-document")
    text = docx_text(download.value)
    assert "2024年第1期" in text and proposal.title in text and "一是加强统筹协调" in text
    assert page.console_errors == [] and page.external_requests == []
