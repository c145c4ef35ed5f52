"""The duty-performance score (履职积分), computed from records and never stored.

Every point is a ``ScoreItem`` that names its rule and the record that earned it (an attendance,
a proposal, an opinion report); a rule's yearly cap is applied in date order, so the items still
add up to the total. One code path serves a member's own score and a committee's ranking: the
evidence of any number of members is gathered in a fixed number of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from cppcc.org.models import Member
from opinions.models import Adoption, OpinionReport, ReportAuthor
from opinions.selectors import with_level
from platforms.models import Activity, Attendance, AttendanceTimelineEntry
from proposals.models import Cosignature, Proposal, QualityGrade, QualityRating, RejectionReason, State
from speeches.models import SELECTED_STATES, Speech

from .models import DEFAULT_RULES, LEAVE_NOTICE_DAYS, Dimension, Item, ScoreRule, grade_for

PLENARY_KINDS = {Activity.Kind.PLENARY}
STANDING_KINDS = {Activity.Kind.STANDING_COMMITTEE, Activity.Kind.THEMATIC_STANDING_COMMITTEE}
PARTY_LEARNING_KINDS = {Activity.Kind.PARTY_LEARNING}
LEARNING_KINDS = {Activity.Kind.LEARNING}

ATTENDANCE_ITEMS = {
    # (bucket, status) -> item
    ("plenary", Attendance.Status.PRESENT): Item.PLENARY_PRESENT,
    ("plenary", Attendance.Status.LEAVE_APPROVED): Item.PLENARY_LEAVE,
    ("plenary", Attendance.Status.ABSENT): Item.PLENARY_ABSENT,
    ("standing", Attendance.Status.PRESENT): Item.STANDING_PRESENT,
    ("standing", Attendance.Status.LEAVE_APPROVED): Item.STANDING_LEAVE,
    ("standing", Attendance.Status.ABSENT): Item.STANDING_ABSENT,
    ("party_learning", Attendance.Status.PRESENT): Item.PARTY_LEARNING_PRESENT,
    ("learning", Attendance.Status.PRESENT): Item.LEARNING_PRESENT,
    ("other", Attendance.Status.PRESENT): Item.ACTIVITY_PRESENT,
    ("other", Attendance.Status.ABSENT): Item.ACTIVITY_ABSENT,
}
API_COLLECTIONS = {
    "activity": "activities",
    "proposal": "proposals",
    "opinion": "opinions",
    "speech": "speeches",
}
LEVEL_ITEMS = {
    "city": Item.OPINION_ADOPTED_CITY,
    "province": Item.OPINION_ADOPTED_PROVINCE,
    "national": Item.OPINION_ADOPTED_NATIONAL,
}


@dataclass(frozen=True)
class Source:
    """The record that earned an item."""

    kind: str  # activity | proposal | opinion | speech
    id: int
    label: str
    on: datetime.date

    @property
    def api_url(self) -> str:
        return f"/api/{API_COLLECTIONS[self.kind]}/{self.id}/"


@dataclass(frozen=True)
class Rule:
    item: str
    dimension: str
    points: Decimal
    cap: Decimal | None

    @property
    def item_display(self) -> str:
        return str(Item(self.item).label)

    @property
    def dimension_display(self) -> str:
        return str(Dimension(self.dimension).label)


@dataclass(frozen=True)
class ScoreItem:
    rule: Rule
    points: Decimal
    source: Source


@dataclass(frozen=True)
class ItemLine:
    """One item's contribution to a dimension: how many records earned it and the points."""

    item: str
    item_display: str
    count: int
    points: Decimal


@dataclass(frozen=True)
class DimensionPart:
    """A dimension (党建, 履职, 信用) of a score: its sub-total and the items under it."""

    dimension: str
    dimension_display: str
    total: Decimal
    lines: list[ItemLine]


@dataclass
class Score:
    member_id: int
    year: int
    items: list[ScoreItem] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))

    @property
    def grade(self) -> str:
        return grade_for(self.total)

    @property
    def by_dimension(self) -> dict[str, Decimal]:
        totals = {dimension: Decimal(0) for dimension in Dimension.values}
        for item in self.items:
            totals[item.rule.dimension] += item.points
        return totals

    @property
    def dimensions(self) -> list[DimensionPart]:
        """The three dimensions in order, each with its sub-total and its items (in the order of
        the rule table's items), so the sub-totals add up to the total."""
        lines: dict[str, dict[str, list]] = {dimension: {} for dimension in Dimension.values}
        for item in self.items:
            line = lines[item.rule.dimension].setdefault(item.rule.item, [0, Decimal(0)])
            line[0] += 1
            line[1] += item.points
        order = {code: index for index, code in enumerate(Item.values)}
        return [
            DimensionPart(
                dimension=dimension,
                dimension_display=str(Dimension(dimension).label),
                total=sum((points for _count, points in by_item.values()), Decimal(0)),
                lines=[
                    ItemLine(code, str(Item(code).label), count, points)
                    for code, (count, points) in sorted(by_item.items(), key=lambda pair: order[pair[0]])
                ],
            )
            for dimension, by_item in lines.items()
        ]


def _date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def evidence(*, member_ids: list[int] | QuerySet, year: int) -> dict[int, list[tuple[str, Source]]]:
    """What each member did in the year that a rule may count: (item, source) pairs. Ten queries.

    A leave request is late (LEAVE_LATE) when its timeline entry is dated less than
    ``LEAVE_NOTICE_DAYS`` before the activity's date; a proposal of the member's that was not
    registered as too vague (内容空泛) counts in the year it was submitted.

    A speech counts once: a selected speech (大会发言, oral or written) for a meeting of the year; an
    activity where the member is marked as having spoken counts too, unless the member has a
    selected speech for it (the speech is then the record of what was said).

    ``member_ids`` is a list or, for a whole committee, a ``values("pk")`` queryset: a subquery
    costs less to build and send than hundreds of literal ids repeated in every query."""
    ids = member_ids
    found: dict[int, list[tuple[str, Source]]] = defaultdict(list)

    delivered = (
        Speech.objects.filter(author_id__in=ids, state__in=SELECTED_STATES, activity__date__year=year)
        .order_by()
        .values_list("author_id", "id", "title", "activity_id", "activity__date")
    )
    spoken_at = set()
    for member_id, pk, title, activity_id, date in delivered:
        found[member_id].append((Item.SPEECH, Source("speech", pk, title, date)))
        spoken_at.add((member_id, activity_id))

    attendance = (
        Attendance.objects.filter(member_id__in=ids, activity__date__year=year)
        .order_by()
        .values_list(
            "member_id",
            "status",
            "spoke",
            "activity_id",
            "activity__kind",
            "activity__title",
            "activity__date",
        )
    )
    for member_id, status, spoke, activity_id, kind, title, date in attendance:
        source = Source("activity", activity_id, title, date)
        if kind in PLENARY_KINDS:
            bucket = "plenary"
        elif kind in STANDING_KINDS:
            bucket = "standing"
        elif kind in PARTY_LEARNING_KINDS:
            bucket = "party_learning"
        elif kind in LEARNING_KINDS:
            bucket = "learning"
        else:
            bucket = "other"
        item = ATTENDANCE_ITEMS.get((bucket, status))
        if item:
            found[member_id].append((item, source))
        if spoke and status == Attendance.Status.PRESENT and (member_id, activity_id) not in spoken_at:
            found[member_id].append((Item.SPEECH, source))

    requests = (
        AttendanceTimelineEntry.objects.filter(
            action="request_leave", attendance__member_id__in=ids, attendance__activity__date__year=year
        )
        .order_by()
        .values_list(
            "attendance__member_id",
            "at",
            "attendance__activity_id",
            "attendance__activity__title",
            "attendance__activity__date",
        )
    )
    for member_id, at, activity_id, title, date in requests:
        if timezone.localdate(at) > date - datetime.timedelta(days=LEAVE_NOTICE_DAYS):
            found[member_id].append((Item.LEAVE_LATE, Source("activity", activity_id, title, date)))

    vague = (
        Proposal.objects.filter(
            proposer_id__in=ids,
            state=State.NOT_REGISTERED,
            rejection_reason=RejectionReason.EMPTY,
            submitted_at__year=year,
        )
        .order_by()
        .values_list("proposer_id", "id", "title", "submitted_at")
    )
    for member_id, pk, title, at in vague:
        found[member_id].append((Item.PROPOSAL_EMPTY, Source("proposal", pk, title, _date(at))))

    # The units' grades of a proposal's quality (双向评议): one excellent grade, or one poor, counts.
    graded = {
        grade: Exists(QualityRating.objects.filter(proposal=OuterRef("pk"), grade=grade))
        for grade in (QualityGrade.EXCELLENT, QualityGrade.POOR)
    }
    registered = Proposal.objects.filter(registered_at__year=year).order_by()
    for member_id, pk, title, at, is_key, is_excellent, graded_excellent, graded_poor in (
        registered.filter(proposer_id__in=ids)
        .annotate(graded_excellent=graded[QualityGrade.EXCELLENT], graded_poor=graded[QualityGrade.POOR])
        .values_list(
            "proposer_id",
            "id",
            "title",
            "registered_at",
            "is_key",
            "is_excellent",
            "graded_excellent",
            "graded_poor",
        )
    ):
        source = Source("proposal", pk, title, _date(at))
        found[member_id].append((Item.PROPOSAL_LEAD, source))
        if is_key:
            found[member_id].append((Item.PROPOSAL_KEY, source))
        if is_excellent:
            found[member_id].append((Item.PROPOSAL_EXCELLENT, source))
        if graded_excellent:
            found[member_id].append((Item.PROPOSAL_QUALITY_EXCELLENT, source))
        if graded_poor:
            found[member_id].append((Item.PROPOSAL_QUALITY_POOR, source))
    cosigned = (
        Cosignature.objects.filter(
            member_id__in=ids, status=Cosignature.Status.ACCEPTED, proposal__registered_at__year=year
        )
        .order_by()
        .values_list("member_id", "proposal_id", "proposal__title", "proposal__registered_at")
    )
    # Proposers of a proposal merged (并案) into one registered this year are credited on it.
    merged = (
        Proposal.objects.filter(proposer_id__in=ids, merged_into__registered_at__year=year)
        .order_by()
        .values_list("proposer_id", "merged_into_id", "merged_into__title", "merged_into__registered_at")
    )
    for member_id, pk, title, at in [*cosigned, *merged]:
        found[member_id].append((Item.PROPOSAL_COSIGNED, Source("proposal", pk, title, _date(at))))

    reports = with_level(OpinionReport.objects.filter(submitted_at__year=year).exclude(state="draft"))
    authored = ReportAuthor.objects.filter(member_id__in=ids, report__in=reports.values("pk")).order_by()
    levels = dict(reports.filter(pk__in=authored.values("report_id")).values_list("pk", "level"))
    for member_id, pk, title, at in authored.values_list(
        "member_id", "report_id", "report__title", "report__submitted_at"
    ):
        source = Source("opinion", pk, title, _date(at))
        found[member_id].append((Item.OPINION_SUBMITTED, source))
        if levels.get(pk):
            found[member_id].append((LEVEL_ITEMS[levels[pk]], source))
    instructions = (
        Adoption.objects.filter(action=Adoption.Action.INSTRUCTED, report__in=authored.values("report_id"))
        .order_by()
        .values_list("report_id", "report__title", "date")
    )
    authors_of = defaultdict(list)
    for member_id, report_id in authored.values_list("member_id", "report_id"):
        authors_of[report_id].append(member_id)
    for report_id, title, date in instructions:
        for member_id in authors_of[report_id]:
            found[member_id].append((Item.OPINION_INSTRUCTED, Source("opinion", report_id, title, date)))
    return found


def rules_for(*, committee_ids: Iterable[int], year: int) -> dict[int, dict[str, Rule]]:
    """Each committee's rules for the year: its own table for that year, else its latest earlier
    table, else the defaults of DOMAIN.md. One query."""
    ids = list(committee_ids)
    tables: dict[int, dict[int, dict[str, Rule]]] = defaultdict(lambda: defaultdict(dict))
    for rule in ScoreRule.objects.filter(committee_id__in=ids, year__lte=year):
        tables[rule.committee_id][rule.year][rule.item] = Rule(
            rule.item, rule.dimension, rule.points, rule.cap
        )
    defaults = {
        item: Rule(item, dimension, Decimal(points), Decimal(cap) if cap is not None else None)
        for item, (dimension, points, cap) in DEFAULT_RULES.items()
    }
    return {pk: tables[pk][max(tables[pk])] if tables.get(pk) else defaults for pk in ids}


def score_from(
    *, member_id: int, year: int, found: list[tuple[str, Source]], rules: dict[str, Rule]
) -> Score:
    """Apply the rules to what the member did, in date order, caps included."""
    score = Score(member_id=member_id, year=year)
    running: dict[str, Decimal] = defaultdict(Decimal)
    for item, source in sorted(found, key=lambda pair: (pair[1].on, pair[1].kind, pair[1].id, pair[0])):
        rule = rules.get(item)
        if rule is None:
            continue
        points = rule.points
        if rule.cap is not None:
            room = rule.cap - abs(running[item])
            points = max(Decimal(0), min(abs(points), room)).copy_sign(points) if room > 0 else Decimal(0)
        running[item] += points
        score.items.append(ScoreItem(rule=rule, points=points, source=source))
    return score


def member_score(*, member: Member, year: int) -> Score:
    found = evidence(member_ids=[member.pk], year=year)
    rules = rules_for(committee_ids=[member.committee_id], year=year)[member.committee_id]
    return score_from(member_id=member.pk, year=year, found=found.get(member.pk, []), rules=rules)


@dataclass(frozen=True)
class RankingRow:
    rank: int
    member: Member
    score: Score


def ranking(*, committee_id: int, year: int, sector: int | None = None, special_committee: int | None = None):
    """A committee's active members ranked by their score for the year (ties share a rank)."""
    members = Member.objects.filter(committee_id=committee_id, is_active=True).select_related(
        "sector", "party"
    )
    if sector:
        members = members.filter(sector_id=sector)
    if special_committee:
        members = members.filter(special_committees=special_committee)
    found = evidence(member_ids=members.values("pk"), year=year)
    # A list attribute, not the related manager: a manager and queryset per member cost more
    # than the query itself.
    members = list(members.prefetch_related(Prefetch("special_committees", to_attr="special_committee_list")))
    rules = rules_for(committee_ids=[committee_id], year=year)[committee_id]
    scored = sorted(
        ((m, score_from(member_id=m.pk, year=year, found=found.get(m.pk, []), rules=rules)) for m in members),
        key=lambda pair: (-pair[1].total, pair[0].name, pair[0].pk),
    )
    rows, rank, previous = [], 0, None
    for position, (member, score) in enumerate(scored, start=1):
        if score.total != previous:
            rank, previous = position, score.total
        rows.append(RankingRow(rank=rank, member=member, score=score))
    return rows


def breakdown(rows: list[RankingRow], key) -> list[dict]:
    """Average and count of scores grouped by ``key(member)`` (a sector or special committees)."""
    groups: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        for name in key(row.member):
            groups[name].append(row.score.total)
    return sorted(
        (
            {"name": name, "members": len(totals), "average": round(Decimal(mean(totals)), 1)}
            for name, totals in groups.items()
        ),
        key=lambda group: (-group["average"], group["name"]),
    )


def by_sector(rows: list[RankingRow]) -> list[dict]:
    return breakdown(rows, lambda member: [member.sector.name] if member.sector_id else [])


def by_special_committee(rows: list[RankingRow]) -> list[dict]:
    return breakdown(rows, lambda member: [s.name for s in member.special_committee_list])
