"""The Excel ledger of opinion reports (社情民意信息台账) that committees kept before this system.

One row per report, headings in the first row, in any order (unknown headings are ignored):

标题 (required) · 内容 · 作者 (member names, 、-separated, lead author first) · 报送单位 (a party,
sector, special committee or county committee, instead of or beside the authors) · 类别 (经济、政治、
文化、社会、生态文明、其他) · 报送日期 (required) · 状态 (已报送、已录用、已编发、不予采用; blank:
已编发 with an issue, else 已报送) · 期号 (2024年第35期 or 2024-35) · 刊发日期 (of a new issue) ·
不予采用理由 · 采用情况 (events separated by ；or new lines, each 机构+动作 日期 [领导（职务）], e.g.
``省政协采用 2024-05-10；全国政协报送 2024-05-20；市委批示 2024-06-01 张三（市委书记）``).

Every row is checked against lookups loaded once (members, organisations, issues, reports already
in the ledger), so a file of thousands of rows costs a handful of queries; any error in any row
rejects the whole file.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cppcc.core.downloads import file_bytes
from cppcc.core.xlsx import NotAWorkbook, read_table
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee

from .models import Adoption, Body, Issue, OpinionReport
from .services import LedgerAdoption, LedgerRow

State = OpinionReport.State

HEADINGS = [
    "标题",
    "内容",
    "作者",
    "报送单位",
    "类别",
    "报送日期",
    "状态",
    "期号",
    "刊发日期",
    "不予采用理由",
    "采用情况",
]
EXAMPLE = [
    "冲剂类医药产品含糖量高亟待重视",
    "部分冲剂类中成药蔗糖含量偏高……",
    "李明远、王晓梅",
    "",
    "社会",
    "2024-03-05",
    "已编发",
    "2024年第12期",
    "2024-03-20",
    "",
    "省政协采用 2024-04-02；全国政协报送 2024-04-15；市委批示 2024-04-20 张三（市委副书记）",
]
ACTION_WORDS = {
    "采用": Adoption.Action.ADOPTED,
    "采纳": Adoption.Action.ADOPTED,
    "报送": Adoption.Action.FORWARDED,
    "转报": Adoption.Action.FORWARDED,
    "批示": Adoption.Action.INSTRUCTED,
}
LEDGER_STATES = (State.SUBMITTED, State.ACCEPTED, State.PUBLISHED, State.DECLINED)
ISSUE_RE = re.compile(r"^\s*(\d{4})\s*(?:年\s*第?|[-/.])\s*(\d{1,3})\s*期?\s*$")
DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
LEADER_RE = re.compile(r"^(?P<name>[^（(]+?)\s*(?:[（(](?P<title>[^）)]+)[）)])?$")
SPLIT_RE = re.compile(r"[；;\n]+")
NAME_SPLIT_RE = re.compile(r"[、,，;；\s]+")


def _labels(choices) -> dict[str, str]:
    lookup = {}
    for code in choices.values:
        lookup[code] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(choices(code).label)] = code
    return lookup


def template_workbook() -> bytes:
    """An empty ledger with the headings and one example row, for the secretariat to download."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社情民意信息台账"
    sheet.append(HEADINGS)
    sheet.append(EXAMPLE)
    for column, width in zip("ABCDEFGHIJK", (40, 40, 20, 16, 8, 12, 8, 14, 12, 20, 60), strict=True):
        sheet.column_dimensions[column].width = width
    return file_bytes(workbook)


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_RE.match(_text(value))
    if not match:
        raise ValueError
    return datetime.date(*(int(part) for part in match.groups()))


@dataclass
class RowReport:
    """What the preview shows of one row: its number in the sheet, a summary and its errors."""

    number: int
    title: str
    authors: str
    state: str
    issue: str
    adoptions: int
    errors: list[str] = field(default_factory=list)


@dataclass
class Ledger:
    rows: list[LedgerRow] = field(default_factory=list)
    report: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.report)


class _Lookups:
    """Everything a row may name, loaded once for the committee."""

    def __init__(self, committee: Committee):
        self.members: dict[str, list[Member]] = defaultdict(list)
        for member in Member.objects.filter(committee=committee).only("id", "name", "committee_id"):
            self.members[member.name].append(member)
        self.organisations: dict[str, tuple[str, object]] = {}
        for party in Party.objects.filter(Q(committee__isnull=True) | Q(committee=committee)):
            self.organisations[party.name] = ("author_party", party)
        for sector in Sector.objects.filter(committee=committee):
            self.organisations[sector.name] = ("author_sector", sector)
        for special in SpecialCommittee.objects.filter(committee=committee):
            self.organisations[special.name] = ("author_special_committee", special)
        for child in Committee.objects.filter(parent=committee):
            self.organisations[child.name] = ("author_committee", child)
            if child.short_name:
                self.organisations[child.short_name] = ("author_committee", child)
        self.issues = {
            (year, number): published_on
            for year, number, published_on in Issue.objects.filter(committee=committee).values_list(
                "year", "number", "published_on"
            )
        }
        self.known = {
            (title, timezone.localdate(at))
            for title, at in OpinionReport.objects.filter(
                committee=committee, submitted_at__isnull=False
            ).values_list("title", "submitted_at")
        }
        self.categories = _labels(OpinionReport.Category)
        self.states = _labels(State)
        self.state_labels = {code: str(State(code).label) for code in LEDGER_STATES}
        self.timezone = timezone.get_current_timezone()
        self.bodies = _labels(Body)


def parse_ledger(data: bytes, committee: Committee, progress=None) -> Ledger:
    """Read and check a ledger file; the rows are ready for ``services.reports_import`` when the
    ledger has no errors. ``progress(rows read)`` is told as the rows are read, if given."""
    ledger = Ledger()
    try:
        first, table = read_table(data)
    except NotAWorkbook:
        ledger.file_errors.append(_("The file is not an Excel workbook (.xlsx)."))
        return ledger
    headings = [_text(cell) for cell in first]
    missing = [h for h in ("标题", "报送日期") if h not in headings]
    if missing:
        ledger.file_errors.append(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
        return ledger
    lookups = _Lookups(committee)
    new_issue_dates: dict[tuple[int, int], datetime.date] = {}
    for number, values in table:
        cells = dict(zip(headings, values, strict=False))
        if not any(_text(value) for value in cells.values()):
            continue
        row, summary = _parse_row(cells, number, lookups, new_issue_dates)
        ledger.report.append(summary)
        if row is not None:
            ledger.rows.append(row)
        if progress is not None:
            progress(number - 1)
    if not ledger.report:
        ledger.file_errors.append(_("The file holds no reports."))
    return ledger


def _parse_row(cells, number, lookups: _Lookups, new_issue_dates) -> tuple[LedgerRow | None, RowReport]:
    errors: list[str] = []
    title = _text(cells.get("标题"))
    summary = RowReport(number, title, _text(cells.get("作者")), "", _text(cells.get("期号")), 0, errors)
    if not title:
        errors.append(_("The title (标题) is required."))
    elif len(title) > 200:
        errors.append(_("The title (标题) is longer than 200 characters."))

    authors = []
    for name in filter(None, NAME_SPLIT_RE.split(_text(cells.get("作者")))):
        found = lookups.members.get(name, [])
        if len(found) == 1:
            authors.append(found[0])
        elif found:
            errors.append(_("Several members are named “%(name)s”.") % {"name": name})
        else:
            errors.append(_("No member named “%(name)s” in this committee.") % {"name": name})
    if len({m.pk for m in authors}) != len(authors):
        errors.append(_("A member is named twice among the authors."))
    organisation_name = _text(cells.get("报送单位"))
    organisation_field, organisation = lookups.organisations.get(organisation_name, ("", None))
    if organisation_name and organisation is None:
        errors.append(
            _("No party, sector, special committee or county committee named “%(name)s”.")
            % {"name": organisation_name}
        )
    if not _text(cells.get("作者")) and not organisation_name:
        errors.append(_("A report names its authors or its authoring organisation."))

    category = lookups.categories.get(_text(cells.get("类别")) or OpinionReport.Category.OTHER)
    if category is None:
        errors.append(_("Unknown category “%(value)s”.") % {"value": _text(cells.get("类别"))})

    submitted_on = None
    if not _text(cells.get("报送日期")):
        errors.append(_("The submission date (报送日期) is required."))
    else:
        try:
            submitted_on = _date(cells.get("报送日期"))
        except ValueError:
            errors.append(_("The submission date (报送日期) must be a date such as 2024-03-05."))
    if submitted_on is not None and (title, submitted_on) in lookups.known:
        errors.append(_("This report is already in the ledger (same title and submission date)."))
    lookups.known.add((title, submitted_on))

    issue = None
    issue_text = _text(cells.get("期号"))
    published_on = None
    try:
        published_on = _date(cells.get("刊发日期")) if _text(cells.get("刊发日期")) else None
    except ValueError:
        errors.append(_("The publication date (刊发日期) must be a date such as 2024-03-20."))
    if issue_text:
        match = ISSUE_RE.match(issue_text)
        if not match:
            errors.append(_("The issue (期号) must read like 2024年第35期."))
        else:
            issue = (int(match[1]), int(match[2]))
            known_date = lookups.issues.get(issue) or new_issue_dates.get(issue)
            if known_date is None and published_on is None:
                errors.append(
                    _("Issue %(issue)s is new: give its publication date (刊发日期).") % {"issue": issue_text}
                )
            elif known_date is not None and published_on not in (None, known_date):
                errors.append(
                    _("Issue %(issue)s was published on %(date)s.")
                    % {"issue": issue_text, "date": known_date}
                )
            elif published_on is not None and published_on.year != issue[0]:
                errors.append(_("An issue is published in its own year."))
            elif known_date is None:
                new_issue_dates[issue] = published_on

    state_text = _text(cells.get("状态"))
    state = (
        lookups.states.get(state_text) if state_text else (State.PUBLISHED if issue_text else State.SUBMITTED)
    )
    if state not in LEDGER_STATES:
        errors.append(
            _("Unknown state “%(value)s”: use 已报送、已录用、已编发 or 不予采用.") % {"value": state_text}
        )
    elif state == State.PUBLISHED and not issue_text:
        errors.append(_("A published report names its issue (期号)."))
    elif state != State.PUBLISHED and issue_text:
        errors.append(_("Only a published report names an issue (期号)."))
    summary.state = lookups.state_labels.get(state, state_text)

    adoptions = []
    for text in filter(None, (part.strip() for part in SPLIT_RE.split(_text(cells.get("采用情况"))))):
        adoption, error = _parse_adoption(text, lookups)
        if error:
            errors.append(error)
        elif adoption is not None:
            adoptions.append(adoption)
    keys = [(a.body, a.action, a.leader) for a in adoptions]
    if len(set(keys)) != len(keys):
        errors.append(_("An event is named twice in 采用情况."))
    if adoptions and state not in (State.ACCEPTED, State.PUBLISHED):
        errors.append(_("Only accepted or published reports have adoptions."))
    summary.adoptions = len(adoptions)

    if errors:
        return None, summary
    at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9)), lookups.timezone)
    return (
        LedgerRow(
            title=title,
            content=_text(cells.get("内容")),
            category=category,
            authors=authors,
            organisation_field=organisation_field,
            organisation=organisation,
            submitted_at=at,
            state=state,
            issue=issue,
            issue_published_on=new_issue_dates.get(issue) if issue else None,
            reason=_text(cells.get("不予采用理由")) if state == State.DECLINED else "",
            adoptions=adoptions,
        ),
        summary,
    )


def _parse_adoption(text: str, lookups: _Lookups) -> tuple[LedgerAdoption | None, str]:
    head, *rest = text.split(maxsplit=1)
    body = action = None
    for word, code in ACTION_WORDS.items():
        if head.endswith(word):
            body, action = lookups.bodies.get(head[: -len(word)]), code
            break
    if body is None or action is None:
        return None, _("“%(text)s”: begin with a body and an action, such as 省政协采用.") % {"text": text}
    date_text, _space, leader_text = (rest[0] if rest else "").strip().partition(" ")
    try:
        date = _date(date_text)
    except ValueError:
        return None, _("“%(text)s”: give the date, such as 2024-05-10.") % {"text": text}
    leader, leader_title = "", ""
    if action == Adoption.Action.INSTRUCTED:
        match = LEADER_RE.match(leader_text.strip())
        if not match:
            return None, _("“%(text)s”: an instruction names the instructing leader.") % {"text": text}
        leader, leader_title = match["name"].strip(), (match["title"] or "").strip()
    elif leader_text.strip():
        return None, _("“%(text)s”: only an instruction names a leader.") % {"text": text}
    return LedgerAdoption(body=body, action=action, date=date, leader=leader, leader_title=leader_title), ""
