"""The report card as people read it: each figure with its label, a short text in the style of the
annual article ("立案提案503件，反映社情民意信息1978篇……"), and the Excel and Word exports."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Font

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
from cppcc.core.resources import neutralise_formula
from cppcc.org.models import Committee
from opinions.models import Body, Level
from platforms.models import Activity

from .scope import Scope


@dataclass(frozen=True)
class Figure:
    path: tuple[str, ...]  # where the figure sits in the card (API.md's keys)
    label: str
    records: str = ""  # the dashboard list of the records it counts, if there is one
    params: tuple[tuple[str, str], ...] = ()  # that list's filters besides the scope's
    year_key: str = "year"  # the list's filter of the year

    def value(self, card: dict) -> int:
        value = card
        for key in self.path:
            value = value[key]
        return value

    def link(self, scope: Scope) -> str:
        if not self.records:
            return ""
        return scope.link(self.records, **{self.year_key: scope.year}, **dict(self.params))


def _figure(path: str, label, records: str = "", year_key: str = "year", **params) -> Figure:
    return Figure(tuple(path.split(".")), label, records, tuple(params.items()), year_key)


FIGURES = [
    _figure(
        "consultation_tasks_completed",
        pgettext_lazy("report card", "Consultation plan tasks completed"),
        "activities",
        plan_task="true",
        completed="true",
    ),
    _figure(
        "proposals_registered",
        pgettext_lazy("report card", "Proposals registered"),
        "proposals",
        year_key="registered_year",
    ),
    _figure("opinions_submitted", pgettext_lazy("report card", "Opinion reports received"), "opinions"),
    _figure(
        "duty_activities",
        pgettext_lazy("report card", "Duty activities organised"),
        "activities",
        duty="true",
    ),
    _figure(
        "party_learning_sessions",
        pgettext_lazy("report card", "Party learning sessions"),
        "activities",
        kind=Activity.Kind.PARTY_LEARNING.value,
    ),
    _figure(
        "opinions_adopted.province_cppcc",
        pgettext_lazy("report card", "Reports adopted by the provincial CPPCC"),
        "opinions",
        adopted_by=Body.PROVINCE_CPPCC.value,
    ),
    _figure(
        "opinions_adopted.forwarded_national_cppcc",
        pgettext_lazy("report card", "… of which forwarded to the national CPPCC"),
        "opinions",
        adopted_by=Body.PROVINCE_CPPCC.value,
        forwarded_to=Body.NATIONAL_CPPCC.value,
    ),
    _figure(
        "opinions_adopted.forwarded_province_party_office",
        pgettext_lazy("report card", "… of which forwarded to the provincial party office"),
        "opinions",
        adopted_by=Body.PROVINCE_CPPCC.value,
        forwarded_to=Body.PROVINCE_PARTY_OFFICE.value,
    ),
    _figure(
        "opinions_adopted.city_party_committee",
        pgettext_lazy("report card", "Reports adopted by the city party committee"),
        "opinions",
        adopted_by=Body.CITY_PARTY_COMMITTEE.value,
    ),
    _figure("visits.chambers_of_commerce", pgettext_lazy("report card", "Chambers of commerce visited")),
    _figure("visits.member_enterprises", pgettext_lazy("report card", "Member enterprises visited")),
    _figure("deliberation.rooms", pgettext_lazy("report card", "Deliberation rooms")),
    _figure(
        "deliberation.activities",
        pgettext_lazy("report card", "Room deliberation activities"),
        "activities",
        kind=Activity.Kind.ROOM_DELIBERATION.value,
    ),
    _figure("deliberation.problems_solved", pgettext_lazy("report card", "Livelihood problems solved")),
    _figure("sector_groups.total", pgettext_lazy("report card", "Sector groups")),
    _figure("sector_groups.new", pgettext_lazy("report card", "Sector groups founded this year")),
    _figure("sector_groups.sectors", pgettext_lazy("report card", "Sectors they span")),
    _figure("sector_groups.lead_members", pgettext_lazy("report card", "Lead members")),
    _figure("sector_groups.team_members", pgettext_lazy("report card", "Team members")),
    _figure(
        "sector_groups.activities",
        pgettext_lazy("report card", "“4+X” gatherings"),
        "activities",
        kind=Activity.Kind.SECTOR_GATHERING.value,
    ),
    _figure("sector_groups.people_reached", pgettext_lazy("report card", "People reached")),
    _figure(
        "study.learning_activities",
        pgettext_lazy("report card", "Learning activities"),
        "activities",
        kind=Activity.Kind.LEARNING.value,
    ),
    _figure("study.study_rooms", pgettext_lazy("report card", "Study rooms")),
    _figure(
        "study.reading_activities",
        pgettext_lazy("report card", "Reading activities"),
        "activities",
        kind=Activity.Kind.READING.value,
    ),
    _figure(
        "study.lectures",
        pgettext_lazy("report card", "CPPCC lectures"),
        "activities",
        kind=Activity.Kind.LECTURE.value,
    ),
    _figure(
        "publicity.provincial_media_articles",
        pgettext_lazy("report card", "Articles in provincial or national media"),
    ),
    _figure("publicity.wechat_posts", pgettext_lazy("report card", "WeChat posts")),
]


# The figures that lead the card on the dashboard, large; the others follow in groups, each figure
# linked to its list where it counts the records of one, and each group to the records behind it.
LEADS = [
    "proposals_registered",
    "opinions_submitted",
    "duty_activities",
    "consultation_tasks_completed",
    "opinions_adopted.province_cppcc",
    "opinions_adopted.city_party_committee",
]
GROUPS = [
    (
        pgettext_lazy("report card", "Opinion reports adopted and forwarded"),
        "opinions_adopted",
        ("opinions", {"min_level": Level.CITY.value}),
    ),
    (pgettext_lazy("report card", "Party learning"), "party_learning_sessions", None),
    (
        pgettext_lazy("report card", "Visits"),
        "visits",
        ("activities", {"kind": Activity.Kind.VISIT.value}),
    ),
    (
        pgettext_lazy("report card", "Deliberation rooms"),
        "deliberation",
        ("activities", {"kind": Activity.Kind.ROOM_DELIBERATION.value}),
    ),
    (
        pgettext_lazy("report card", "Sector groups"),
        "sector_groups",
        ("activities", {"kind": Activity.Kind.SECTOR_GATHERING.value}),
    ),
    (pgettext_lazy("report card", "Study"), "study", ("activities", {"kind": Activity.Kind.LEARNING.value})),
    (pgettext_lazy("report card", "Publicity"), "publicity", "#chart-publicity"),
]


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    link: str


def rows(card: dict) -> list[tuple[str, int]]:
    """(label, value) for every figure of the card, in the article's order."""
    return [(str(figure.label), figure.value(card)) for figure in FIGURES]


def _tile(figure: Figure, card: dict, scope: Scope) -> Tile:
    return Tile(str(figure.label), figure.value(card), figure.link(scope))


def leads(card: dict, scope: Scope) -> list[Tile]:
    """The card's most important figures, each with the list of the records it counts."""
    by_path = {".".join(figure.path): figure for figure in FIGURES}
    return [_tile(by_path[path], card, scope) for path in LEADS]


def groups(card: dict, scope: Scope) -> list[dict]:
    """The card's other figures by theme: ``{"title", "tiles", "link"}``, the link to the records
    behind the theme (or to the theme's chart where the dashboard has no list of them)."""
    found = []
    for group_title, key, records in GROUPS:
        figures = [
            figure for figure in FIGURES if figure.path[0] == key and ".".join(figure.path) not in LEADS
        ]
        if isinstance(records, tuple):
            link = scope.link(records[0], year=scope.year, **records[1])
        else:  # the chart of the theme, whose table lists its records, or nothing
            link = records or ""
        found.append(
            {"title": str(group_title), "tiles": [_tile(f, card, scope) for f in figures], "link": link}
        )
    return found


def title(committee: Committee, year: int) -> str:
    return _("%(committee)s: duty report card %(year)s") % {"committee": committee.name, "year": year}


def summary(card: dict) -> str:
    """The card told as the article tells it."""
    adopted, groups, study = card["opinions_adopted"], card["sector_groups"], card["study"]
    sentences = [
        _(
            "%(tasks)s consultation tasks completed, %(proposals)s proposals registered, %(reports)s opinion "
            "reports received, %(duty)s duty activities organised, %(party)s party learning sessions."
        ),
        _(
            "%(province)s opinion reports adopted by the provincial CPPCC, of which %(national)s "
            "forwarded to the national CPPCC and %(office)s to the provincial party office; %(city)s "
            "adopted by the city party committee."
        ),
        _("%(chambers)s chambers of commerce and %(enterprises)s member enterprises visited."),
        _(
            "%(rooms)s deliberation rooms held %(room_activities)s deliberation activities and solved "
            "%(solved)s livelihood problems."
        ),
        _(
            "%(new_groups)s sector groups founded, %(groups)s in total, spanning %(sectors)s sectors with "
            "%(leads)s lead members and %(team)s team members; %(gatherings)s “4+X” gatherings reached "
            "%(reached)s people."
        ),
        _(
            "%(learning)s learning activities, %(study_rooms)s study rooms, %(reading)s reading activities "
            "and %(lectures)s CPPCC lectures."
        ),
        _("%(articles)s articles in provincial or national media and %(wechat)s WeChat posts."),
    ]
    values = {
        "tasks": card["consultation_tasks_completed"],
        "proposals": card["proposals_registered"],
        "reports": card["opinions_submitted"],
        "duty": card["duty_activities"],
        "party": card["party_learning_sessions"],
        "province": adopted["province_cppcc"],
        "national": adopted["forwarded_national_cppcc"],
        "office": adopted["forwarded_province_party_office"],
        "city": adopted["city_party_committee"],
        "chambers": card["visits"]["chambers_of_commerce"],
        "enterprises": card["visits"]["member_enterprises"],
        "rooms": card["deliberation"]["rooms"],
        "room_activities": card["deliberation"]["activities"],
        "solved": card["deliberation"]["problems_solved"],
        "new_groups": groups["new"],
        "groups": groups["total"],
        "sectors": groups["sectors"],
        "leads": groups["lead_members"],
        "team": groups["team_members"],
        "gatherings": groups["activities"],
        "reached": groups["people_reached"],
        "learning": study["learning_activities"],
        "study_rooms": study["study_rooms"],
        "reading": study["reading_activities"],
        "lectures": study["lectures"],
        "articles": card["publicity"]["provincial_media_articles"],
        "wechat": card["publicity"]["wechat_posts"],
    }
    separator = "" if get_language().startswith("zh") else " "  # Chinese sentences end with 。
    return separator.join(sentence % values for sentence in sentences)


def workbook(card: dict, committee: Committee) -> bytes:
    """The card as an Excel sheet: a title row, then one row per figure."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(card["year"])
    sheet.append([neutralise_formula(title(committee, card["year"]))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("committee"), neutralise_formula(committee.name)])
    sheet.append([_("year"), card["year"]])
    sheet.append([])
    sheet.append([_("figure"), _("value")])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for row in rows(card):
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 40
    return file_bytes(book)


def workbook_response(card: dict, committee: Committee) -> HttpResponse:
    return download_response(workbook(card, committee), f"{title(committee, card['year'])}.xlsx")


def document(card: dict, committee: Committee) -> bytes:
    """The card as a Word report: the title, the committee and year, the text, then the figures."""
    doc = official_document()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(
        heading,
        title(committee, card["year"]),
        size=22,
        font=TITLE_FONT,
        color=RGBColor(0xB3, 0x18, 0x1F),
    )
    add_paragraph(
        doc,
        f"{_('committee')}: {committee.name}    {_('year')}: {card['year']}",
        size=14,
        font=TEXT_FONT,
        center=True,
    )
    text = doc.add_paragraph()
    text.paragraph_format.first_line_indent = Pt(32)
    add_run(text, summary(card), size=16, font=TEXT_FONT)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, label in zip(header, (_("figure"), _("value")), strict=True):
        add_run(cell.paragraphs[0], label, size=14, font=HEADING_FONT)
    for label, value in rows(card):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value)
    return file_bytes(doc)


def document_response(card: dict, committee: Committee) -> HttpResponse:
    return download_response(document(card, committee), f"{title(committee, card['year'])}.docx")
