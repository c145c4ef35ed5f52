"""Reads of proposals: lists with a fixed query cost, overdue handling, a member's yearly counts, and
similar proposals (并案 candidates). Which proposals a user may read is ``Proposal.objects.restrict``."""

import datetime
import logging
import math
import re
from collections import Counter
from datetime import timedelta
from functools import lru_cache

import jieba
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from cppcc.org.models import Member, Role, RoleAssignment, User

from .models import (
    Assignment,
    Cosignature,
    Proposal,
    ProposalTimelineEntry,
    Reply,
    ReplyLabel,
    State,
)

jieba.setLogLevel(logging.WARNING)

HANDLING_STATES = (State.ASSIGNED, State.REHANDLING)
MUST_REPLY = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)


# Over assignments: a lead or separate unit that still owes its reply while the proposal is handled.
OWED = Q(role__in=MUST_REPLY, replied_at__isnull=True, proposal__state__in=HANDLING_STATES)


def late(today: datetime.date) -> Q:
    """The one rule of "overdue" (督办), over assignments: a reply still owed after its due date."""
    return OWED & Q(due_on__lt=today)


def due_soon(today):
    return OWED & Q(due_on__gte=today, due_on__lte=today + timedelta(days=14))


def late_assignments(today: datetime.date | None = None) -> QuerySet[Assignment]:
    """Assignments of a lead or separate unit that has not replied by its due date."""
    return Assignment.objects.filter(late(today or timezone.localdate()))


def with_overdue(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.annotate(overdue=Exists(late_assignments().filter(proposal=OuterRef("pk"))))


def proposal_list(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Proposals with everything the API shows of them, in a fixed number of queries."""
    merged = Proposal.objects.only("id", "proposer_id", "merged_into_id").prefetch_related(
        Prefetch("cosignatures", queryset=Cosignature.objects.only("proposal_id", "member_id", "status"))
    )
    return (
        with_overdue(proposals)
        .select_related(
            "session", "category", "proposer", "sponsor_sector", "sponsor_party", "sponsor_special_committee"
        )
        .prefetch_related(
            Prefetch("cosignatures", queryset=Cosignature.objects.select_related("member")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
            Prefetch(
                "replies", queryset=Reply.objects.annotate(proposal_committee=F("proposal__committee_id"))
            ),
            "feedback",
            "supervisors",
            "suggested_units",
            "attachments",
            Prefetch("merged_from", queryset=merged),
        )
    )


def credited_members(proposal: Proposal) -> list[int]:
    """Member ids credited with a proposal: its lead proposer and accepted co-signers, and those of
    the proposals merged into it (uses the prefetches of ``proposal_list``)."""
    ids: list[int] = []
    for item in [proposal, *proposal.merged_from.all()]:
        if item.proposer_id:
            ids.append(item.proposer_id)
        ids += [c.member_id for c in item.cosignatures.all() if c.status == Cosignature.Status.ACCEPTED]
    return list(dict.fromkeys(ids))


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


def proposal_history(proposal: Proposal) -> QuerySet[ProposalTimelineEntry]:
    return proposal.timeline.select_related("actor").order_by("at", "id")


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


def similar_candidates(proposal: Proposal) -> QuerySet[Proposal]:
    """The committee's other proposals of the last three years that could be merged with it; on
    PostgreSQL narrowed by the pg_trgm indexes on title and content."""
    since = proposal.session.opened_on.year - SIMILAR_YEARS + 1
    candidates = (
        Proposal.objects.filter(committee_id=proposal.committee_id, session__opened_on__year__gte=since)
        .exclude(pk=proposal.pk)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    )
    if connection.vendor == "postgresql":
        title = Value(proposal.title)
        candidates = candidates.filter(
            Q(TrigramSimilar(F("title"), title)) | Q(TrigramWordSimilar(F("content"), title))
        )
    return candidates.only("id", "title", "content", "state")


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
    scored = [(similarity(proposal, other), other) for other in candidates]
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [
        {"id": other.pk, "title": other.title, "state": other.state, "score": round(score, 3)}
        for score, other in scored[:limit]
    ]


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
