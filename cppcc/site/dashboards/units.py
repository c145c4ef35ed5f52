"""The handling-unit assessment (承办单位办理情况): one row per handling unit of a scope, over the
proposals registered in its year, in the committees' assessment order; as JSON or an Excel sheet.

The figures, per unit (README, "Proposal handling"):

- ``assigned``: its assignments, in any role (lead, co-unit, separate);
- ``replied``: its lead or separate assignments it has replied to (in the current round);
- ``on_time``: of those, replied on or before the due date; ``overdue``: replied after it, or
  still owed after it today;
- ``objections``: objections it raised, whatever their outcome;
- ``rehandled``: its lead or separate assignments on proposals the proposer rated unsatisfied;
- ``category_a/b/c``: the category of its last released reply to each proposal;
- ``satisfied``, ``basically_satisfied``, ``unsatisfied``: the proposer's latest rating of each
  proposal it replied to as lead or separate unit;
- ``on_time_rate``: on_time / replied, and ``satisfaction_rate``: (satisfied + basically
  satisfied) / rated, as percentages with one decimal (0.0 where there is nothing to divide).

Five queries, whatever the number of units."""

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cppcc.core.downloads import download_response, file_bytes
from cppcc.core.resources import neutralise_formula
from cppcc.org.models import HandlingUnit
from cppcc.org.roles import in_committees
from proposals.models import Assignment, Feedback, Objection, Reply, Satisfaction
from proposals.selectors import MUST_REPLY, final_replies, late

from .scope import Scope

COLUMNS = [
    "unit",
    "unit_name",
    "assigned",
    "replied",
    "on_time",
    "overdue",
    "objections",
    "rehandled",
    "category_a",
    "category_b",
    "category_c",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "on_time_rate",
    "satisfaction_rate",
]


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def unit_table(scope: Scope) -> list[dict]:
    """The rows of the assessment table, in the committees' assessment order."""
    today = timezone.localdate()
    units = list(
        HandlingUnit.objects.filter(in_committees(scope.committee_ids))
        .order_by(F("committee__parent").asc(nulls_first=True), "committee_id", "assessment_order", "id")
        .values("id", "name", "is_active")
    )
    must_reply = Q(role__in=MUST_REPLY)
    unsatisfied = Feedback.objects.filter(
        proposal=OuterRef("proposal"), satisfaction=Satisfaction.UNSATISFIED
    )
    handled = {
        row["unit"]: row
        for row in scope.on_registered(Assignment)
        .values("unit")
        .annotate(
            assigned=Count("id"),
            replied=Count("id", filter=must_reply & Q(replied_at__isnull=False)),
            on_time=Count("id", filter=must_reply & Q(replied_at__date__lte=F("due_on"))),
            overdue=Count("id", filter=must_reply & (Q(replied_at__date__gt=F("due_on")) | late(today))),
            rehandled=Count("id", filter=must_reply & Q(Exists(unsatisfied))),
        )
    }
    objections = dict(
        scope.on_registered(Objection).values_list("unit").annotate(n=Count("id")).values_list("unit", "n")
    )
    categories = Counter(
        {
            (unit, category): n
            for unit, category, n in final_replies(scope.on_registered(Reply))
            .values_list("unit", "category")
            .annotate(n=Count("id"))
            .values_list("unit", "category", "n")
        }
    )
    latest_rating = Feedback.objects.filter(proposal=OuterRef("proposal")).order_by("-at", "-id")
    ratings = Counter(
        {
            (unit, rating): n
            for unit, rating, n in scope.on_registered(Assignment)
            .filter(must_reply, replied_at__isnull=False)
            .annotate(rating=Subquery(latest_rating.values("satisfaction")[:1]))
            .filter(rating__isnull=False)
            .values_list("unit", "rating")
            .annotate(n=Count("id"))
            .values_list("unit", "rating", "n")
        }
    )
    rows = []
    for unit in units:
        counts = handled.get(unit["id"], {})
        if not counts and not unit["is_active"]:
            continue
        row = {
            "unit": unit["id"],
            "unit_name": unit["name"],
            **{key: counts.get(key, 0) for key in ("assigned", "replied", "on_time", "overdue")},
            "objections": objections.get(unit["id"], 0),
            "rehandled": counts.get("rehandled", 0),
            **{f"category_{c.lower()}": categories[(unit["id"], c)] for c in "ABC"},
            **{choice.value: ratings[(unit["id"], choice.value)] for choice in Satisfaction},
        }
        rated = sum(row[choice.value] for choice in Satisfaction)
        row["on_time_rate"] = percent(row["on_time"], row["replied"])
        row["satisfaction_rate"] = percent(row["satisfied"] + row["basically_satisfied"], rated)
        rows.append(row)
    return rows


def headers() -> list[str]:
    return [
        _("handling unit"),
        _("assigned"),
        _("replied"),
        _("replied on time"),
        _("overdue"),
        _("objections"),
        _("rehandled"),
        _("category A"),
        _("category B"),
        _("category C"),
        _("satisfied"),
        _("basically satisfied"),
        _("unsatisfied"),
        _("on-time rate (%)"),
        _("satisfaction rate (%)"),
    ]


def title(scope: Scope) -> str:
    return _("%(committee)s handling units' work on the proposals of %(year)s") % {
        "committee": scope.committee.name,
        "year": scope.year,
    }


def workbook_response(scope: Scope, rows: list[dict]):
    """The table as an Excel sheet: a title row, the headers, one row per unit."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(scope.year)
    sheet.append([neutralise_formula(title(scope))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise_formula(row["unit_name"]), *(row[key] for key in COLUMNS[2:])])
    sheet.column_dimensions["A"].width = 30
    return download_response(file_bytes(book), f"{title(scope)}.xlsx")
