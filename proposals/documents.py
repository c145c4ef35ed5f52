"""Word documents of proposal work, in the layout of official documents (GB/T 9704,
``official_document``): a unit's reply letter (答复函) and the secretariat's digests (提案摘报)."""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from cppcc.core.downloads import (
    HEADING_FONT,
    TEXT_FONT,
    TITLE_FONT,
    add_paragraph,
    add_run,
    download_response,
    file_bytes,
    official_document,
)

from .models import (
    Assignment,
    Cosignature,
    Digest,
    DigestItem,
    Kind,
    Proposal,
    Reply,
    ReplyCategory,
    ReplyLabel,
)

RED = RGBColor(0xC0, 0x00, 0x00)
# The default wording of the reply categories in letters, where the committee has none of its own.
CATEGORY_WORDING = {
    ReplyCategory.A: "已解决或采纳",
    ReplyCategory.B: "列入计划拟解决",
    ReplyCategory.C: "留作参考",
}


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def addressee(proposal: Proposal) -> str:
    """Whom a reply letter is written to: the lead proposer as 委员 (with 等 for a joint proposal),
    or the party, sector or special committee that filed a collective proposal."""
    if proposal.kind in (Kind.INDIVIDUAL, Kind.JOINT):
        more = "等" if proposal.kind == Kind.JOINT else ""
        return f"{proposal.proposer.name}{more}委员"
    return proposal.sponsor.name


def _body(document, text: str) -> None:
    for line in filter(None, (part.strip() for part in text.splitlines())):
        paragraph = add_paragraph(document, line, size=16, font=TEXT_FONT)
        paragraph.paragraph_format.first_line_indent = Pt(32)


def _right(document, text: str) -> None:
    add_paragraph(document, text, size=16, font=TEXT_FONT).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def reply_letter(reply: Reply) -> bytes:
    """The reply letter: the unit's name as a red letterhead, the category and signer, the title
    with the reference (案号), the addressee, the reply, the unit and date, the contact, 抄送."""
    proposal = reply.proposal
    committee = proposal.committee
    label = ReplyLabel.objects.filter(committee=committee, category=reply.category).first()
    wording = label.label if label else CATEGORY_WORDING[reply.category]
    co_units = [
        a.unit.name
        for a in proposal.assignments.select_related("unit")
        if a.role == Assignment.Role.CO and a.unit_id != reply.unit_id
    ]
    document = official_document()
    letterhead = document.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(letterhead, reply.unit.name, size=26, font=TITLE_FONT, color=RED)
    marks = document.add_paragraph()
    add_run(marks, f"{reply.category}类（{wording}）", size=16, font=HEADING_FONT)
    if reply.signer:
        add_run(marks, f"\t\t签发人：{reply.signer}", size=16, font=TEXT_FONT)
    add_paragraph(document, f"关于{proposal.code}提案的答复", size=22, font=TITLE_FONT, center=True)
    add_paragraph(document, f"{addressee(proposal)}：", size=16, font=TEXT_FONT)
    _body(document, f"您（你们）提出的《{proposal.title}》（{proposal.code}）提案收悉。现答复如下：")
    _body(document, reply.content)
    _body(document, "感谢您（你们）对我们工作的关心和支持。")
    _right(document, reply.unit.name)
    _right(document, chinese_date(reply.replied_at.date()))
    if reply.contact_person or reply.contact_phone:
        add_paragraph(
            document,
            f"联系人：{reply.contact_person}　　联系电话：{reply.contact_phone}",
            size=16,
            font=TEXT_FONT,
        )
    add_paragraph(
        document, f"抄送：{'，'.join([f'{committee.name}提案委员会', *co_units])}。", size=14, font=TEXT_FONT
    )
    return file_bytes(document)


def reply_letter_response(reply: Reply) -> HttpResponse:
    return download_response(reply_letter(reply), f"答复函-{reply.proposal.code}-{reply.unit.name}.docx")


def digest_items(digest: Digest) -> list[DigestItem]:
    """A digest's items in order, with what the document prints of their proposals. Three queries."""
    return list(
        digest.items.select_related(
            "proposal__session",
            "proposal__proposer",
            "proposal__sponsor_sector",
            "proposal__sponsor_party",
            "proposal__sponsor_special_committee",
        ).prefetch_related(
            Prefetch(
                "proposal__cosignatures",
                queryset=Cosignature.objects.filter(status=Cosignature.Status.ACCEPTED).select_related(
                    "member"
                ),
            )
        )
    )


def proposers(proposal: Proposal) -> str:
    if proposal.kind not in (Kind.INDIVIDUAL, Kind.JOINT):
        return proposal.sponsor.name
    return "、".join([proposal.proposer.name, *(c.member.name for c in proposal.cosignatures.all())])


def digest_document(digest: Digest) -> bytes:
    """A digest: its masthead, issue number (期号), issuing office and date, then each proposal's
    title, proposers, reference and core suggestions, and the 报/送 line at the end."""
    document = official_document()
    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(masthead, "提案摘报", size=36, font=TITLE_FONT, color=RED)
    add_paragraph(document, f"{digest.year}年第{digest.number}期", size=16, font=TEXT_FONT, center=True)
    issuer = document.add_paragraph()
    add_run(issuer, f"{digest.committee.name}提案委员会", size=14, font=TEXT_FONT)
    add_run(issuer, f"\t\t\t\t{chinese_date(digest.issued_on)}", size=14, font=TEXT_FONT)
    add_paragraph(document, digest.title, size=22, font=TITLE_FONT, center=True)
    for number, item in enumerate(digest_items(digest), start=1):
        proposal = item.proposal
        add_paragraph(document, f"{number}. {proposal.title}", size=16, font=HEADING_FONT)
        add_paragraph(
            document, f"提案人：{proposers(proposal)}　　案号：{proposal.code}", size=14, font=TEXT_FONT
        )
        _body(document, item.suggestions)
    if digest.recipients:
        add_paragraph(document, f"报送：{digest.recipients}。", size=14, font=TEXT_FONT)
    return file_bytes(document)


def digest_response(digest: Digest) -> HttpResponse:
    return download_response(digest_document(digest), f"提案摘报{digest.year}年第{digest.number}期.docx")
