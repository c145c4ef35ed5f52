"""Reads of proposals: lists with a fixed query cost, overdue and due-soon handling, a member's yearly
counts, similar proposals (并案 candidates), and the secretariat's desk (a proposal's whole story, the
units and proposals its forms offer, numbers as a clerk types them). Which proposals a user may read
is ``Proposal.objects.restrict``."""

import datetime
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from cppcc.core.querysets import PICK, VIEW
from cppcc.core.rest import prefetched
from cppcc.org.models import Committee, HandlingUnit, Member, Role, RoleAssignment, User

from .models import (
    REGISTERED_STATES,
    Assignment,
    Attachment,
    Category,
    Contact,
    Cosignature,
    Feedback,
    Kind,
    Objection,
    Proposal,
    ProposalTimelineEntry,
    QualityGrade,
    QualityRating,
    Reply,
    ReplyLabel,
    State,
    UnitOpinion,
)

jieba.setLogLevel(logging.WARNING)

HANDLING_STATES = (State.ASSIGNED, State.REHANDLING)
MUST_REPLY = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)


# Over assignments: a lead or separate unit that has not replied (the partial index
# assignment_owed_due holds these), and one that still owes its reply while the proposal is handled.
UNREPLIED = Q(role__in=MUST_REPLY, replied_at__isnull=True)
OWED = UNREPLIED & Q(proposal__state__in=HANDLING_STATES)


DUE_SOON_DAYS = 14


def late(today: datetime.date) -> Q:
    """The one rule of "overdue" (督办), over assignments: a reply still owed after its due date."""
    return late_reply(today) & Q(proposal__state__in=HANDLING_STATES)


def late_reply(today: datetime.date) -> Q:
    """``late`` but for the proposal's state (read from the proposal's row where there is one)."""
    return UNREPLIED & Q(due_on__lt=today)


def due_soon(today: datetime.date) -> Q:
    """Over assignments: a reply still owed, not yet late, due within the next fourteen days."""
    return OWED & Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def late_assignments(today: datetime.date | None = None) -> QuerySet[Assignment]:
    """Assignments of a lead or separate unit that has not replied by its due date."""
    return Assignment.objects.filter(late(today or timezone.localdate()))


def with_overdue(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate ``overdue``: a reply to the proposal is late (``late``). The proposal's state is
    read from its own row: joined again into the subquery, it made the planner build the set of
    every overdue proposal of the province (a scan of all proposals and assignments) for each list."""
    replies = Assignment.objects.filter(late_reply(timezone.localdate()), proposal=OuterRef("pk"))
    overdue = Q(state__in=HANDLING_STATES) & Q(Exists(replies))
    return queryset.annotate(overdue=ExpressionWrapper(overdue, output_field=BooleanField()))


def final_replies(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """Each unit's last released reply to each proposal: the answer that stands, after any
    rehandling, and never one still under review or returned."""
    later = Reply.objects.filter(
        proposal=OuterRef("proposal"),
        unit=OuterRef("unit"),
        status=Reply.Status.RELEASED,
        replied_at__gt=OuterRef("replied_at"),
    )
    return replies.filter(status=Reply.Status.RELEASED).filter(~Exists(later))


def final_ratings(feedback: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """The proposer's last rating of each proposal: after a rehandling, the one that stands."""
    later = Feedback.objects.filter(proposal=OuterRef("proposal"), at__gt=OuterRef("at"))
    return feedback.filter(~Exists(later))


def reply_waiting() -> Q:
    """Proposals with a reply waiting for the secretariat's review."""
    return Q(Exists(Reply.objects.filter(proposal=OuterRef("pk"), status=Reply.Status.PENDING_REVIEW)))


def proposal_list(proposals: QuerySet[Proposal], user, *, prefetch=Prefetch) -> QuerySet[Proposal]:
    """Proposals with everything the API shows of them to ``user`` (the replies they may read), in a
    fixed number of queries; with ``prefetch=listed`` (``cppcc.core.rest``) the related rows are
    plain lists, for a page that only serializes them (``prefetched()`` reads both)."""
    merged = Proposal.objects.only("id", "proposer_id", "merged_into_id").prefetch_related(
        prefetch("cosignatures", queryset=Cosignature.objects.only("proposal_id", "member_id", "status"))
    )
    return (
        with_overdue(proposals)
        .select_related(
            "session", "category", "proposer", "sponsor_sector", "sponsor_party", "sponsor_special_committee"
        )
        .prefetch_related(
            prefetch("cosignatures", queryset=Cosignature.objects.select_related("member")),
            prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
            prefetch(
                "replies",
                queryset=Reply.objects.restrict(user, VIEW).annotate(
                    proposal_committee=F("proposal__committee_id")
                ),
            ),
            prefetch("feedback"),
            prefetch("supervisors"),
            prefetch("suggested_units"),
            prefetch("attachments"),
            prefetch("merged_from", queryset=merged),
        )
    )


def desk_list(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The secretariat's list: each proposal with its units, whether a reply is overdue and the
    earliest due date of a reply still owed, in a fixed number of queries."""
    owed = Assignment.objects.filter(OWED, proposal=OuterRef("pk")).order_by("due_on").values("due_on")
    return (
        with_overdue(proposals)
        .annotate(next_due=Subquery(owed[:1]))
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("id"))
        )
    )


def category_names(user) -> list[str]:
    """The names of the proposal categories of the committees the user reads, each name once, in
    the committees' order."""
    return list(
        Category.objects.restrict(user, VIEW)
        .order_by()
        .values("name")
        .annotate(first=Min("order"))
        .order_by("first", "name")
        .values_list("name", flat=True)
    )


def assignable_units(proposal: Proposal, user, *, ranked: Sequence[int] = ()) -> QuerySet[HandlingUnit]:
    """The active handling units of the proposal's committee the user may pick: the ``ranked`` ones
    first in that order (the units ``suggested_units`` proposes), then those the proposers
    suggested (``suggested``), then the rest by name."""
    suggested = Proposal.suggested_units.through.objects.filter(
        proposal_id=proposal.pk, handlingunit_id=OuterRef("pk")
    )
    rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)), default=Value(len(ranked)))
    return (
        HandlingUnit.objects.restrict(user, PICK)
        .filter(committee_id=proposal.committee_id, is_active=True)
        .annotate(suggested=Exists(suggested), rank=rank)
        .order_by("rank", "-suggested", "name", "id")
    )


def merge_targets(proposal: Proposal, user) -> QuerySet[Proposal]:
    """The registered proposals of the same committee the user may pick to merge ``proposal``
    into, the latest session's first."""
    return (
        Proposal.objects.restrict(user, PICK)
        .filter(committee_id=proposal.committee_id, state__in=REGISTERED_STATES)
        .exclude(pk=proposal.pk)
        .select_related("session")
        .order_by("-session__opened_on", "-number", "-id")
    )


# A proposal's number as a clerk types it: "0142", "142", "第0142号" or "十四届四次会议第0142号".
NUMBER_TERM = re.compile(r"^(?:(?P<session>\S*?)第)?(?P<number>\d{1,9})号?$")


def number_search(term: str) -> Q | None:
    """The proposals a search term names by their number (案号: the session's name, 第, the number
    in four digits, 号), or None where the term is not a number."""
    match = NUMBER_TERM.match(term.strip())
    if match is None:
        return None
    found = Q(number=int(match["number"]))
    if match["session"]:
        found &= Q(session__name=match["session"])
    return found


@dataclass(frozen=True)
class Story:
    """Everything a proposal's page tells of it, each kind of record read through the gate."""

    cosignatures: list[Cosignature]
    suggested_units: list[HandlingUnit]
    assignments: list[Assignment]  # with ``overdue`` and ``due_soon``
    replies: list[tuple[Reply, str, list[Attachment]]]  # the reply, its category's label, its files
    attachments: list[Attachment]  # the proposal's own files
    feedback: list[Feedback]
    unit_opinions: list[UnitOpinion]
    contacts: list[Contact]
    quality_ratings: list[QualityRating]
    objections: list[Objection]
    timeline: list[ProposalTimelineEntry]
    merged_from: list[Proposal]
    similar: list[dict]  # as ``similar_proposals``, with each one's ``code``


def proposal_story(proposal: Proposal, user, *, today: datetime.date | None = None) -> Story:
    """A proposal's whole story as ``user`` may read it: who filed and co-signed it, the units
    suggested and assigned, the replies with their files, the ratings, the co-units' opinions, the
    timeline, the proposals merged into it and the most similar ones."""
    today = today or timezone.localdate()

    def rows(model) -> QuerySet:
        return model.objects.restrict(user, VIEW).filter(proposal=proposal)

    def flag(rule: Q) -> Case:
        return Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())

    labels = reply_labels(ReplyLabel.objects.restrict(user, VIEW).filter(committee_id=proposal.committee_id))
    files = list(rows(Attachment).select_related("uploaded_by").order_by("uploaded_at", "id"))
    visible = Proposal.objects.restrict(user, VIEW)
    similar = similar_proposals(proposal, visible=visible)
    codes = {
        p.pk: p.code
        for p in Proposal.objects.filter(pk__in=[s["id"] for s in similar]).select_related("session")
    }
    return Story(
        cosignatures=list(rows(Cosignature).select_related("member")),
        suggested_units=list(proposal.suggested_units.restrict(user, VIEW).order_by("name")),
        assignments=list(
            rows(Assignment)
            .select_related("unit")
            .annotate(overdue=flag(late(today)), due_soon=flag(due_soon(today)))
            .order_by("id")
        ),
        replies=[
            (
                reply,
                labels.get((proposal.committee_id, reply.category)) or reply.get_category_display(),
                [f for f in files if f.reply_id == reply.pk],
            )
            for reply in rows(Reply).select_related("unit", "author")
        ],
        attachments=[f for f in files if f.reply_id is None],
        feedback=list(rows(Feedback).select_related("member")),
        unit_opinions=list(rows(UnitOpinion).select_related("unit", "author")),
        contacts=list(rows(Contact).select_related("unit", "recorded_by")),
        quality_ratings=list(rows(QualityRating).select_related("unit", "rated_by")),
        objections=list(rows(Objection).select_related("unit", "suggested_unit", "raised_by", "resolved_by")),
        timeline=list(rows(ProposalTimelineEntry).select_related("actor").order_by("at", "id")),
        merged_from=list(visible.filter(merged_into=proposal).select_related("session", "proposer")),
        similar=[{**item, "code": codes.get(item["id"], "")} for item in similar],
    )


def credited_members(proposal: Proposal) -> list[int]:
    """Member ids credited with a proposal: its lead proposer and accepted co-signers, and those of
    the proposals merged into it (uses the prefetches of ``proposal_list``)."""
    ids: list[int] = []
    accepted = Cosignature.Status.ACCEPTED
    for item in [proposal, *prefetched(proposal, "merged_from")]:
        if item.proposer_id:
            ids.append(item.proposer_id)
        ids += [c.member_id for c in prefetched(item, "cosignatures") if c.status == accepted]
    return list(dict.fromkeys(ids))


def cosigners_ready(proposal: Proposal) -> bool:
    """Whether the co-signatures let the draft be submitted: a joint proposal needs at least one
    co-signer who accepted (read from the prefetched co-signatures where a page has them)."""
    return proposal.kind != Kind.JOINT or any(
        c.status == Cosignature.Status.ACCEPTED for c in proposal.cosignatures.all()
    )


def proposer_users(proposal: Proposal) -> list[User]:
    """The lead proposer and the co-signers who accepted, where they have logins."""
    members = [proposal.proposer] if proposal.proposer_id else []
    members += [
        c.member
        for c in proposal.cosignatures.select_related("member__user").filter(
            status=Cosignature.Status.ACCEPTED
        )
    ]
    return [m.user for m in members if m is not None and m.user_id]


def unit_contacts(units) -> list[User]:
    """The contacts of these handling units (ids)."""
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.HANDLING_UNIT, handling_unit__in=list(units)
        ).select_related("user")
    ]


def secretariat_users(committee_id: int) -> list[User]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, committee_id=committee_id
        ).select_related("user")
    ]


def reply_labels(labels: QuerySet[ReplyLabel]) -> dict[tuple[int, str], str]:
    """The committees' own wording of reply categories A/B/C, of the given labels."""
    return {(label.committee_id, label.category): label.label for label in labels}


def proposal_history(proposal: Proposal, user) -> QuerySet[ProposalTimelineEntry]:
    """The proposal's timeline as ``user`` may read it (the proposers without the reply review)."""
    return (
        ProposalTimelineEntry.objects.restrict(user, VIEW)
        .filter(proposal=proposal)
        .select_related("actor")
        .order_by("at", "id")
    )


def quality_statistics(committees, year: int) -> dict[str, int]:
    """How the handling units graded the quality of the committees' proposals registered in
    ``year``: the number of grades of each kind (双向评议), every grade present, zero where none."""
    counts = dict(
        QualityRating.objects.filter(proposal__committee__in=committees, proposal__registered_at__year=year)
        .order_by()
        .values_list("grade")
        .annotate(n=Count("id"))
    )
    return {grade: counts.get(grade, 0) for grade in QualityGrade.values}


def member_record_proposals(*, member: Member, year: int) -> dict[str, int]:
    """A member's proposal counts for the duty record: proposals led that were submitted in the
    year, accepted co-signatures on proposals submitted in the year, and, of the proposals they led
    or co-signed (directly or merged into another), those registered in the year."""
    accepted = Cosignature.objects.filter(member=member, status=Cosignature.Status.ACCEPTED)
    own = Q(proposer=member) | Q(pk__in=accepted.values("proposal_id"))
    mine = Proposal.objects.filter(own)
    return {
        "lead": Proposal.objects.filter(proposer=member, submitted_at__year=year).count(),
        "cosigned": accepted.filter(proposal__submitted_at__year=year).count(),
        "registered": Proposal.objects.filter(registered_at__year=year)
        .filter(own | Q(pk__in=mine.filter(merged_into__isnull=False).values("merged_into_id")))
        .count(),
    }


# Similar proposals -----------------------------------------------------------------------------

SIMILAR_YEARS = 3
TITLE_WEIGHT = 0.7
MAX_TITLE_WORDS = 10
STOP_WORDS = frozenset(
    {"关于", "建议", "的", "和", "与", "及", "对", "在", "进一步", "加快", "推进", "加强", "工作"}
    | {"有关", "问题", "提案", "我市", "全市", "以及", "是", "了", "等", "为", "把", "将", "中"}
)
TOKEN = re.compile(r"\w")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.lcut(text) if TOKEN.match(w) and w not in STOP_WORDS)


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def similarity(a: Proposal, b: Proposal) -> float:
    """Cosine similarity of the jieba-segmented title (weighted) and content, between 0 and 1."""
    title = _cosine(Counter(_tokens(a.title)), Counter(_tokens(b.title)))
    content = _cosine(Counter(_tokens(a.content[:3000])), Counter(_tokens(b.content[:3000])))
    return TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * content


class TitleCore(Func):
    """A title without the words every title has (关于…的建议, 关于进一步加强…工作的对策建议, …提案):
    their trigrams made a fifth of a committee's titles pass the test of similar titles. The
    trigram index proposal_title_core_trgm (migration proposals 0014) is on this expression."""

    function = "regexp_replace"
    template = (
        "%(function)s(%(expressions)s, '^关于(进一步|切实|着力|大力)?(加快|加强|推进)?"
        "|(工作)?的?(几点|对策)?(建议|提案)$', '', 'g')"
    )
    output_field = CharField()


def similar_candidates(proposal: Proposal) -> QuerySet[Proposal]:
    """The committee's other proposals of the last three years that could be merged with it; on
    PostgreSQL narrowed by the pg_trgm indexes (``trigram_neighbours``)."""
    since = proposal.session.opened_on.year - SIMILAR_YEARS + 1
    candidates = (
        Proposal.objects.filter(committee_id=proposal.committee_id, session__opened_on__year__gte=since)
        .exclude(pk=proposal.pk)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    )
    if connection.vendor == "postgresql":
        candidates = candidates.filter(pk__in=trigram_neighbours(proposal))
    return candidates.only("id", "title", "content", "state")


def trigram_neighbours(proposal: Proposal) -> list[int]:
    """The proposals of the proposal's committee whose title is like its title without the
    boilerplate (``TitleCore``), or whose content holds the words of its title (pg_trgm's word
    similarity), as the trigram indexes answer, each index's matches intersected with the
    committee's rows. The planner takes the trigram operators for cheap and would rather compute
    them on every proposal of the committee (the title cores of the province's 6,000: 160 ms,
    against 12 ms from the indexes; word similarity: 1.7 ms a content) or of a small table:
    sequential and plain index scans are off for this one query."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
        )
        ids = list(
            Proposal.objects.filter(
                Q(TrigramSimilar(TitleCore("title"), TitleCore(Value(proposal.title))))
                | Q(TrigramWordSimilar(F("content"), Value(proposal.title))),
                committee_id=proposal.committee_id,
            )
            .order_by()  # not by session: no join
            .values_list("pk", flat=True)
        )
        cursor.execute(
            "SELECT set_config(name, reset_val, false) FROM pg_settings "
            "WHERE name IN ('enable_seqscan', 'enable_indexscan')"
        )
    return ids


def similar_to_title(*, title: str, committee_id: int, visible: QuerySet, limit: int = 5) -> list[dict]:
    """Existing proposals of the committee (last three years, among ``visible``) whose titles share
    words with a title being typed, most similar first: for the proposer to see before filing."""
    words = Counter(_tokens(title))
    if not words:
        return []
    shares_a_word = Q()
    for word in list(words)[:MAX_TITLE_WORDS]:
        shares_a_word |= Q(title__contains=word)
    candidates = (
        visible.filter(shares_a_word, committee_id=committee_id)
        .filter(session__opened_on__year__gte=timezone.localdate().year - SIMILAR_YEARS + 1)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .only("id", "title", "state")
    )
    scored = [(_cosine(words, Counter(_tokens(other.title))), other) for other in candidates]
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [
        {"id": other.pk, "title": other.title, "state": other.state, "score": round(score, 3)}
        for score, other in scored[:limit]
    ]


def similar_proposals(proposal: Proposal, *, limit: int = 5, visible: QuerySet | None = None) -> list[dict]:
    """The most similar proposals first, with their scores (0–1, three decimals)."""
    candidates = similar_candidates(proposal)
    if visible is not None:
        candidates = candidates.filter(pk__in=visible.values("pk"))
    return [
        {"id": other.pk, "title": other.title, "state": other.state, "score": round(score, 3)}
        for score, other in most_similar(proposal, candidates, limit)
    ]


def most_similar(
    proposal: Proposal, candidates: Iterable[Proposal], limit: int
) -> list[tuple[float, Proposal]]:
    """The ``limit`` candidates of the highest ``similarity`` to ``proposal`` (ties by id), with their
    scores; the same as scoring them all, but a candidate's content is segmented only while its
    title's share plus the most its content could add (1 − TITLE_WEIGHT) can still reach the
    ``limit``-th score so far: segmenting a content is what a similarity costs."""

    def order(pair: tuple[float, Proposal]) -> tuple[float, int]:
        return -pair[0], pair[1].pk

    title = Counter(_tokens(proposal.title))
    by_title = sorted(
        ((TITLE_WEIGHT * _cosine(title, Counter(_tokens(other.title))), other) for other in candidates),
        key=order,
    )
    content = Counter(_tokens(proposal.content[:3000])) if by_title else Counter()
    best: list[tuple[float, Proposal]] = []
    for title_share, other in by_title:
        if len(best) >= limit and (not best or title_share + (1 - TITLE_WEIGHT) + 1e-9 < best[-1][0]):
            break
        score = title_share + (1 - TITLE_WEIGHT) * _cosine(content, Counter(_tokens(other.content[:3000])))
        best = sorted([*best, (score, other)], key=order)[:limit]
    return best


# Suggested handling units (智能交办) ------------------------------------------------------------

# A unit's score weighs what three sources say, each between 0 and 1: the units that handled the
# most similar proposals, the units the proposal's category went to, and the unit's own duties.
# The weights are those that ranked best on the benchmark's province decade (README, `suggest`).
SIMILAR_WEIGHT = 0.4
CATEGORY_WEIGHT = 0.2
DUTIES_WEIGHT = 0.4
SIMILAR_POOL = 20  # the similar proposals whose assignments vote
MIN_SIMILARITY = 0.05  # below it a proposal is not similar enough to vote
ROLE_WEIGHT = {Assignment.Role.LEAD: 1.0, Assignment.Role.SEPARATE: 1.0, Assignment.Role.CO: 0.5}
DUTY_TERMS = 5  # the matched words shown as a reason
TITLE_TERM_WEIGHT = 3  # a word of the title counts as this many of the content's


@dataclass(frozen=True)
class UnitSuggestion:
    unit: HandlingUnit
    score: float
    similar_proposals: list[int]  # the similar proposals it handled, most similar first
    category_share: float  # of the category's assigned proposals, the share it handled
    duty_terms: list[str]  # words of the proposal found in its duties, weightiest first


def suggested_units(
    proposal: Proposal, *, limit: int = 5, before: datetime.date | None = None
) -> list[UnitSuggestion]:
    """The active units of the proposal's committee most likely to handle it, best first, from the
    assignments of the committee's last three years (of sessions opened before ``before`` if
    given: the benchmark trains on earlier years and tests on a later one). A fixed number of
    queries whatever the history's size."""
    units = list(
        HandlingUnit.objects.filter(committee_id=proposal.committee_id, is_active=True).only(
            "id", "name", "duties"
        )
    )
    assigned = Q(Exists(Assignment.objects.filter(proposal_id=OuterRef("pk"))))
    if before is not None:
        assigned &= Q(session__opened_on__lt=before)
    similar = _similar_votes(proposal, assigned)
    shares = _category_shares(proposal, before)
    duties = _duty_matches(proposal, units)
    suggestions = []
    for unit in units:
        votes = similar.get(unit.pk, (0.0, []))
        share = shares.get(unit.pk, 0.0)
        weight, terms = duties.get(unit.pk, (0.0, []))
        score = SIMILAR_WEIGHT * votes[0] + CATEGORY_WEIGHT * share + DUTIES_WEIGHT * weight
        if score > 0:
            suggestions.append(UnitSuggestion(unit, round(score, 3), votes[1], round(share, 3), terms))
    suggestions.sort(key=lambda s: (-s.score, s.unit.name, s.unit.pk))
    return suggestions[:limit]


def _similar_votes(proposal: Proposal, assigned: Q) -> dict[int, tuple[float, list[int]]]:
    """Each unit's share of the votes of the most similar assigned proposals, each voting with its
    similarity times the unit's role weight, and which of them it handled."""
    candidates = similar_candidates(proposal).filter(assigned)
    pool = [
        (score, other.pk)
        for score, other in most_similar(proposal, candidates, SIMILAR_POOL)
        if score >= MIN_SIMILARITY
    ]
    if not pool:
        return {}
    scores = {pk: score for score, pk in pool}
    votes: dict[int, float] = Counter()
    handled: dict[int, list[int]] = {}
    for proposal_id, unit_id, role in Assignment.objects.filter(proposal_id__in=scores).values_list(
        "proposal_id", "unit_id", "role"
    ):
        votes[unit_id] += scores[proposal_id] * ROLE_WEIGHT[role]
        handled.setdefault(unit_id, []).append(proposal_id)
    total = sum(scores.values())
    rank = {pk: i for i, (_, pk) in enumerate(pool)}
    return {
        unit_id: (min(1.0, vote / total), sorted(set(handled[unit_id]), key=rank.__getitem__))
        for unit_id, vote in votes.items()
    }


def _category_shares(proposal: Proposal, before: datetime.date | None) -> dict[int, float]:
    """Of the assigned proposals of the proposal's category in the committee's last three years, the
    share each unit handled (a co-unit's counting half)."""
    if proposal.category_id is None:
        return {}
    since = proposal.session.opened_on.year - SIMILAR_YEARS + 1
    assignments = Assignment.objects.filter(
        proposal__committee_id=proposal.committee_id,
        proposal__category_id=proposal.category_id,
        proposal__session__opened_on__year__gte=since,
    ).exclude(proposal_id=proposal.pk)
    if before is not None:
        assignments = assignments.filter(proposal__session__opened_on__lt=before)
    rows = list(
        assignments.values("unit_id", "role").annotate(n=Count("proposal_id", distinct=True)).order_by()
    )
    if not rows:
        return {}
    total = assignments.aggregate(n=Count("proposal_id", distinct=True))["n"]
    shares: dict[int, float] = Counter()
    for row in rows:
        shares[row["unit_id"]] += row["n"] * ROLE_WEIGHT[row["role"]] / total
    return {unit_id: min(1.0, share) for unit_id, share in shares.items()}


def _duty_matches(proposal: Proposal, units: list[HandlingUnit]) -> dict[int, tuple[float, list[str]]]:
    """For each unit, the weight of the proposal's words (a title's counting more) that its name
    (a proposal often says which department should act) or its duties hold, relative to the
    best-matching unit's, and those words, weightiest first. Words in most of the units' names
    (the city's name) tell them apart from nothing and are left out."""
    terms = Counter(_tokens(proposal.content[:3000]))
    for word in _tokens(proposal.title):
        terms[word] += TITLE_TERM_WEIGHT
    names = {unit.pk: set(_tokens(unit.name)) for unit in units}
    common = {
        w for w, n in Counter(w for words in names.values() for w in words).items() if n > len(units) / 2
    }
    terms = Counter({word: n for word, n in terms.items() if len(word) > 1 and word not in common})
    matches = {}
    for unit in units:
        words = names[unit.pk] | set(_tokens(unit.duties))
        found = sorted((w for w in terms if w in words), key=lambda w: (-terms[w], w))
        if found:
            matches[unit.pk] = (sum(terms[w] for w in found), found[:DUTY_TERMS])
    best = max((weight for weight, _ in matches.values()), default=0)
    return {pk: (weight / best, found) for pk, (weight, found) in matches.items()}


def search_words(text: str) -> list[str]:
    """The words a search looks for, as the similarity engine segments a text (jieba, without the
    stop words), at most ``MAX_TITLE_WORDS``; the text itself where it has none."""
    text = text.strip()
    words = list(dict.fromkeys(_tokens(text)))[:MAX_TITLE_WORDS]
    return words or ([text] if text else [])


def text_search(proposals: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """The proposals whose title or content holds every word of ``text`` (segmented by jieba, as
    similar proposals are), and on PostgreSQL also those whose title is like it (pg_trgm's word
    similarity, which forgives a character typed wrong), annotated with ``relevance``: a word in
    the title counts twice one in the content, plus the trigram similarity of the title."""
    words = search_words(text)
    if not words:
        return proposals.annotate(relevance=Value(0.0, output_field=FloatField()))
    every_word = Q()
    relevance = Value(0.0, output_field=FloatField())
    for word in words:
        every_word &= Q(title__contains=word) | Q(content__contains=word)
        relevance += Case(When(title__contains=word, then=Value(2.0)), default=Value(0.0))
        relevance += Case(When(content__contains=word, then=Value(1.0)), default=Value(0.0))
    if connection.vendor == "postgresql":
        every_word |= Q(TrigramWordSimilar(F("title"), Value(text.strip())))
        relevance += TrigramWordSimilarity(Value(text.strip()), F("title"))
    return proposals.filter(every_word).annotate(relevance=relevance)


def overdue_by_committee(today: datetime.date | None = None) -> dict[int, list[Assignment]]:
    """Late assignments grouped by committee, for the secretariat's reminder."""
    grouped: dict[int, list[Assignment]] = {}
    for assignment in (
        late_assignments(today)
        .select_related("proposal__session", "unit")
        .order_by("proposal__committee_id", "due_on", "id")
    ):
        grouped.setdefault(assignment.proposal.committee_id, []).append(assignment)
    return grouped


def assignments_due_on(day: datetime.date) -> QuerySet[Assignment]:
    """Unreplied assignments of lead or separate units falling due on ``day``."""
    return Assignment.objects.filter(OWED, due_on=day).select_related("proposal__session", "unit")


def lead_committees() -> QuerySet:
    """The committees a public lead may be sent to: those with proposal categories. Public, as the
    organisation's names are: read outside the visibility gate, for a form anyone may fill in."""
    return Committee.objects.filter(pk__in=Category.objects.values("committee_id")).order_by("id")


def lead_categories() -> QuerySet:
    """Every committee's proposal categories, for the public lead form (public, as above)."""
    return Category.objects.select_related("committee").order_by("committee_id", "order", "id")
