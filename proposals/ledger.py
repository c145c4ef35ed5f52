"""The ledger of paper proposals handed in at the plenary (大会提案台账), typed in by the
secretariat in one go.

One row per proposal, headings in the first row, in any order (unknown headings are ignored):

标题 (required) · 提案类型 (个人、联名 or 集体; for a collective one whose name is both a party's
and a sector's, such as 九三学社, 党派 or 界别; blank: 集体 when 提案单位 is given, 联名 when 联名人
are, else 个人) · 第一提案人 (a member of the session's committee; for two members of one name,
the member's number in brackets: 王晓梅（1024）) · 联名人 (members, separated by 、 or ，) · 提案单位
(the sector, party or special committee of a collective proposal) · 类别 (one of the committee's
categories, required) · 内容 (required).

Every row is checked against lookups loaded once (members, organisations, categories, the titles
already filed in the session), so a long ledger costs a handful of queries; any error in any row
rejects the whole file. Numbers are not given here: they come at registration.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cppcc.core.downloads import file_bytes
from cppcc.core.xlsx import NotAWorkbook, read_table
from cppcc.org.models import Member, Party, Sector, Session, SpecialCommittee

from .models import COLLECTIVE_KINDS, Category, Kind, Proposal
from .services import PaperRow

HEADINGS = ["标题", "提案类型", "第一提案人", "联名人", "提案单位", "类别", "内容"]
REQUIRED = ["标题", "类别", "内容"]
EXAMPLE = [
    "关于加快老旧小区加装电梯的建议",
    "联名",
    "王晓梅",
    "李明远、赵思远",
    "",
    "社会",
    "情况分析与具体建议……",
]
COLLECTIVE = "集体"
KIND_WORDS = {
    "个人": Kind.INDIVIDUAL,
    "联名": Kind.JOINT,
    COLLECTIVE: None,  # the kind of sponsor 提案单位 names
    "界别": Kind.SECTOR,
    "党派": Kind.PARTY,
    "专委会": Kind.SPECIAL_COMMITTEE,
    "专门委员会": Kind.SPECIAL_COMMITTEE,
}
NAME_SPLIT_RE = re.compile(r"[、,，;；\s]+")
NAME_NUMBER_RE = re.compile(r"^(?P<name>[^（(]+?)\s*[（(]\s*(?P<number>\d+)\s*[）)]$")


def template_workbook() -> bytes:
    """An empty ledger with the headings and one example row, for the secretariat to download."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "纸质提案台账"
    sheet.append(HEADINGS)
    sheet.append(EXAMPLE)
    for column, width in zip("ABCDEFG", (40, 10, 14, 30, 20, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    return file_bytes(workbook)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class RowReport:
    """What the preview shows of one row: its number in the sheet, a summary and its errors."""

    number: int
    title: str
    kind: str
    proposers: str
    category: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Ledger:
    rows: list[PaperRow] = field(default_factory=list)
    report: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.report)


class _Lookups:
    """Everything a row may name, loaded once for the session's committee."""

    def __init__(self, session: Session):
        committee = session.committee_id
        self.members: dict[str, list[Member]] = defaultdict(list)
        self.by_number: dict[int, Member] = {}
        for member in Member.objects.filter(committee_id=committee, is_active=True).only("id", "name"):
            self.members[member.name].append(member)
            self.by_number[member.pk] = member
        # A name may be both a party's and a sector's (九三学社): 提案类型 then says which.
        self.sponsors: dict[str, dict[str, object]] = defaultdict(dict)
        for party in Party.objects.filter(Q(committee__isnull=True) | Q(committee_id=committee)):
            self.sponsors[party.name][Kind.PARTY] = party
        for sector in Sector.objects.filter(committee_id=committee):
            self.sponsors[sector.name][Kind.SECTOR] = sector
        for special in SpecialCommittee.objects.filter(committee_id=committee):
            self.sponsors[special.name][Kind.SPECIAL_COMMITTEE] = special
        self.categories = {c.name: c for c in Category.objects.filter(committee_id=committee)}
        self.titles = set(Proposal.objects.filter(session=session).values_list("title", flat=True))

    def member(self, text: str, errors: list[str]) -> Member | None:
        """The member a cell names, by name or by name and number; else an error."""
        match = NAME_NUMBER_RE.match(text)
        if match:
            member = self.by_number.get(int(match["number"]))
            if member is not None and member.name == match["name"].strip():
                return member
            errors.append(
                _("No active member of this committee is “%(name)s” with the number %(number)s.")
                % {"name": match["name"].strip(), "number": match["number"]}
            )
            return None
        found = self.members.get(text, [])
        if len(found) == 1:
            return found[0]
        if found:
            errors.append(
                _("Several members are named “%(name)s”: add the member's number, e.g. %(example)s.")
                % {"name": text, "example": "、".join(f"{text}（{m.pk}）" for m in found)}
            )
        else:
            errors.append(_("No active member of this committee is named “%(name)s”.") % {"name": text})
        return None


def parse_ledger(data: bytes, session: Session, progress=None) -> Ledger:
    """Read and check a ledger file; the rows are ready for ``services.proposals_file_ledger`` when
    the ledger has no errors. ``progress(rows read)`` is told as the rows are read, if given."""
    ledger = Ledger()
    try:
        first, table = read_table(data)
    except NotAWorkbook:
        ledger.file_errors.append(_("The file is not an Excel workbook (.xlsx)."))
        return ledger
    headings = [_text(cell) for cell in first]
    missing = [h for h in REQUIRED if h not in headings]
    if missing:
        ledger.file_errors.append(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
        return ledger
    lookups = _Lookups(session)
    for number, values in table:
        cells = {heading: _text(value) for heading, value in zip(headings, values, strict=False)}
        if not any(cells.values()):
            continue
        row, summary = _parse_row(cells, number, lookups)
        ledger.report.append(summary)
        if row is not None:
            ledger.rows.append(row)
        if progress is not None:
            progress(number - 1)
    if not ledger.report:
        ledger.file_errors.append(_("The file holds no proposals."))
    return ledger


def _sponsor(name: str, kind: str | None, lookups: _Lookups, errors: list[str]) -> tuple[str | None, object]:
    """The sponsor of a collective proposal, and so its kind; ``kind`` where 提案类型 gave one."""
    if not name:
        errors.append(_("A collective proposal names its sector, party or special committee (提案单位)."))
        return kind, None
    found = {k: v for k, v in lookups.sponsors.get(name, {}).items() if kind in (None, k)}
    if len(found) == 1:
        return next(iter(found.items()))
    if found:
        errors.append(
            _("“%(name)s” is both a party and a sector: write 党派 or 界别 as the proposal type (提案类型).")
            % {"name": name}
        )
    elif kind is not None:
        errors.append(_("No %(kind)s is named “%(name)s”.") % {"kind": Kind(kind).label, "name": name})
    else:
        errors.append(_("No sector, party or special committee is named “%(name)s”.") % {"name": name})
    return kind, None


def _parse_row(cells: dict[str, str], number: int, lookups: _Lookups) -> tuple[PaperRow | None, RowReport]:
    errors: list[str] = []
    title, kind_text, lead_text = (
        cells.get("标题", ""),
        cells.get("提案类型", ""),
        cells.get("第一提案人", ""),
    )
    cosigner_names = [n for n in NAME_SPLIT_RE.split(cells.get("联名人", "")) if n]
    sponsor_text = cells.get("提案单位", "")
    proposers = "、".join(filter(None, [lead_text, *cosigner_names, sponsor_text]))
    summary = RowReport(number, title, kind_text, proposers, cells.get("类别", ""), errors)

    if not title:
        errors.append(_("The title (标题) is required."))
    elif len(title) > 200:
        errors.append(_("The title (标题) is longer than 200 characters."))
    elif title in lookups.titles:
        errors.append(_("A proposal with this title is already filed in this session."))
    lookups.titles.add(title)
    if not cells.get("内容"):
        errors.append(_("The content (内容) is required."))
    category = lookups.categories.get(cells.get("类别", ""))
    if not cells.get("类别"):
        errors.append(_("The category (类别) is required."))
    elif category is None:
        errors.append(
            _("Unknown category “%(value)s”: use one of %(categories)s.")
            % {"value": cells["类别"], "categories": "、".join(lookups.categories)}
        )

    if kind_text and kind_text not in KIND_WORDS:
        errors.append(
            _("Unknown proposal type “%(value)s”: use 个人、联名、集体、界别、党派 or 专委会.")
            % {"value": kind_text}
        )
        return None, summary
    kind = KIND_WORDS.get(kind_text)
    collective = kind in COLLECTIVE_KINDS or kind_text == COLLECTIVE or (not kind_text and bool(sponsor_text))
    proposer, sponsor, cosigners = None, None, []
    if collective:
        kind, sponsor = _sponsor(sponsor_text, kind, lookups, errors)
        if lead_text or cosigner_names:
            errors.append(_("A collective proposal names no lead proposer or co-signers."))
    else:
        kind = kind or (Kind.JOINT if cosigner_names else Kind.INDIVIDUAL)
        if sponsor_text:
            errors.append(
                _("Only a collective proposal names a sector, party or special committee (提案单位).")
            )
        if not lead_text:
            errors.append(_("The lead proposer (第一提案人) is required."))
        else:
            proposer = lookups.member(lead_text, errors)
        cosigners = [lookups.member(name, errors) for name in cosigner_names]
        if kind == Kind.JOINT and not cosigner_names:
            errors.append(_("A joint proposal names its co-signers (联名人)."))
        if kind == Kind.INDIVIDUAL and cosigner_names:
            errors.append(_("An individual proposal has no co-signers (联名人): its type is 联名."))
        named = [m.pk for m in [proposer, *cosigners] if m is not None]
        if len(set(named)) != len(named):
            errors.append(_("A member is named twice among the proposers."))
    if kind is not None:
        summary.kind = str(Kind(kind).label)
    if errors:
        return None, summary
    return (
        PaperRow(
            number=number,
            title=title,
            content=cells["内容"],
            category=category,
            kind=kind,
            proposer=proposer,
            sponsor=sponsor,
            cosigners=cosigners,
        ),
        summary,
    )
