"""Reads of the public pages and of the public API (提案公开): only published proposals
(``Proposal.objects.published()``: published by the secretariat, consented to by their proposers,
their reply released), and of each only what may be public: the title, number and content, the
proposers' names and sectors (never a phone, an address or an identity number), the category, the
handling units, the released replies with their categories and the proposer's rating. Nothing here
reads through a user's visibility gate: what it shows is the same for everyone, signed in or not.

A page of proposals costs the same few queries whatever its size; a committee's figures are the
public part of the annual proposal report and of the handling units' assessment (the dashboards'
own selectors, over the committee and every committee below it)."""

import re
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from cppcc.org.models import Committee, HandlingUnit
from cppcc.org.roles import committee_subtree_ids
from cppcc.site.dashboards.proposal_report import figures
from cppcc.site.dashboards.scope import Scope
from cppcc.site.dashboards.units import unit_table
from proposals.models import Assignment, Category, Cosignature, Feedback, Proposal, Reply, ReplyLabel
from proposals.selectors import final_ratings, final_replies, text_search

# Contact data a unit may have typed into a reply's text: mobile and landline numbers, identity
# card numbers. Published text shows none of them.
CONTACT_DATA = re.compile(
    r"(?<![0-9])(?:1[3-9][0-9]{9}|[0-9]{17}[0-9Xx]|[0-9]{15}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])"
)
WITHHELD = "＊＊＊"


def withheld(text: str) -> str:
    """``text`` with every phone and identity number in it replaced by asterisks."""
    return CONTACT_DATA.sub(WITHHELD, text)


def published() -> QuerySet[Proposal]:
    """The published proposals, newest session first, then by number."""
    return Proposal.objects.published().order_by("-session__opened_on", "committee_id", "number", "id")


def with_public_fields(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals with what a list shows of them: committee, session, category, the lead
    proposer or sponsor with their sectors, the co-signers who accepted and the handling units, in a
    fixed number of queries (three prefetches)."""
    return proposals.select_related(
        "committee",
        "session",
        "category",
        "proposer__sector",
        "sponsor_sector",
        "sponsor_party",
        "sponsor_special_committee",
    ).prefetch_related(
        Prefetch(
            "cosignatures",
            queryset=Cosignature.objects.filter(status=Cosignature.Status.ACCEPTED)
            .select_related("member__sector")
            .order_by("id"),
            to_attr="public_cosigners",
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("unit").order_by("id"),
            to_attr="public_assignments",
        ),
    )


@dataclass(frozen=True)
class Proposer:
    name: str
    sector: str


def proposers(proposal: Proposal) -> list[Proposer]:
    """Who filed the proposal, as the public reads it: the lead proposer and the co-signers who
    accepted, each with their sector, or the sponsoring sector, party or special committee."""
    if proposal.proposer_id is None:
        return [Proposer(proposal.sponsor.name, "")]
    members = [proposal.proposer, *(c.member for c in proposal.public_cosigners)]
    return [Proposer(m.name, m.sector.name if m.sector_id else "") for m in members]


def units(proposal: Proposal) -> list[Assignment]:
    return list(proposal.public_assignments)


@dataclass(frozen=True)
class Filters:
    """What a list of published proposals is narrowed to: a year (of the session), a committee, a
    category, a handling unit, words to search for."""

    year: int | None = None
    committee: int | None = None
    category: int | None = None
    unit: int | None = None
    search: str = ""


def filtered(filters: Filters, proposals: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """The published proposals the filters leave, most relevant first where words are searched."""
    proposals = published() if proposals is None else proposals
    if filters.year is not None:
        proposals = proposals.filter(session__opened_on__year=filters.year)
    if filters.committee is not None:
        proposals = proposals.filter(committee_id=filters.committee)
    if filters.category is not None:
        proposals = proposals.filter(category_id=filters.category)
    if filters.unit is not None:
        proposals = proposals.filter(
            pk__in=Assignment.objects.filter(unit_id=filters.unit).values("proposal_id")
        )
    if filters.search.strip():
        proposals = text_search(proposals, filters.search).order_by(
            "-relevance", "-session__opened_on", "committee_id", "number", "id"
        )
    return proposals


@dataclass(frozen=True)
class Choices:
    """What the list's filters offer: only values some published proposal has."""

    years: list[int]
    committees: list[Committee]
    categories: list[Category]  # with their committee
    units: list[HandlingUnit]  # with their committee


def choices() -> Choices:
    """The years, committees, categories and handling units of the published proposals. Four
    queries."""
    mine = published()
    return Choices(
        years=sorted(
            set(mine.annotate(y=ExtractYear("session__opened_on")).values_list("y", flat=True)),
            reverse=True,
        ),
        committees=list(Committee.objects.filter(pk__in=mine.values("committee_id")).order_by("id")),
        categories=list(
            Category.objects.filter(pk__in=mine.values("category_id"))
            .select_related("committee")
            .order_by("committee_id", "order", "id")
        ),
        units=list(
            HandlingUnit.objects.filter(
                pk__in=Assignment.objects.filter(proposal__in=mine.values("pk")).values("unit_id")
            )
            .select_related("committee")
            .order_by("committee_id", "assessment_order", "id")
        ),
    )


@dataclass(frozen=True)
class PublicReply:
    unit: str
    category: str
    category_label: str
    content: str
    replied_on: object


@dataclass(frozen=True)
class Story:
    """A published proposal's public page."""

    proposal: Proposal
    content: str
    proposers: list[Proposer]
    assignments: list[Assignment]
    replies: list[PublicReply]
    rating: Feedback | None


def with_public_answers(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals with their released replies (each unit's last, ``public_replies``) and the
    proposer's last rating (``public_ratings``): two more prefetches."""
    return proposals.prefetch_related(
        Prefetch(
            "replies",
            queryset=final_replies(Reply.objects.all()).select_related("unit").order_by("replied_at", "id"),
            to_attr="public_replies",
        ),
        Prefetch(
            "feedback",
            queryset=final_ratings(Feedback.objects.all()).order_by("-at", "-id"),
            to_attr="public_ratings",
        ),
    )


def reply_labels(committee_ids=None) -> dict[tuple[int, str], str]:
    """The committees' own wording of the reply categories (of every committee, or of those
    named). One query."""
    labels = ReplyLabel.objects.all()
    if committee_ids is not None:
        labels = labels.filter(committee_id__in=list(committee_ids))
    return {(label.committee_id, label.category): label.label for label in labels}


def public_replies(proposal: Proposal, labels: dict[tuple[int, str], str]) -> list[PublicReply]:
    return [
        PublicReply(
            unit=reply.unit.name,
            category=reply.category,
            category_label=labels.get((proposal.committee_id, reply.category))
            or str(reply.get_category_display()),
            content=withheld(reply.content),
            replied_on=reply.replied_at,
        )
        for reply in proposal.public_replies
    ]


def rating(proposal: Proposal) -> Feedback | None:
    return proposal.public_ratings[0] if proposal.public_ratings else None


def public_story(pk: int) -> Story | None:
    """The public page of a published proposal, or None where there is no such published one."""
    proposal = with_public_answers(with_public_fields(published())).filter(pk=pk).first()
    if proposal is None:
        return None
    return Story(
        proposal=proposal,
        content=withheld(proposal.content),
        proposers=proposers(proposal),
        assignments=units(proposal),
        replies=public_replies(proposal, reply_labels([proposal.committee_id])),
        rating=rating(proposal),
    )


def committees() -> list[Committee]:
    """Every committee, the top of the tree first, with the count of its published proposals
    (``published_count``). Two queries."""
    counts = dict(published().order_by().values_list("committee_id").annotate(n=Count("id")))
    found = list(Committee.objects.order_by(F("parent").asc(nulls_first=True), "id"))
    for committee in found:
        committee.published_count = counts.get(committee.pk, 0)
    return found


@dataclass(frozen=True)
class CommitteeFigures:
    """A committee's public figures for a year, over it and every committee below it."""

    registered: int
    replies_made: int
    handled: int
    published: int
    reply_categories: dict  # code -> {"count", "share"}
    on_time_rate: float
    units: list[dict]  # unit_name, replied, on_time, overdue, on_time_rate


def committee_figures(committee: Committee, year: int) -> CommitteeFigures:
    """The public part of the committee's annual proposal report (registered, replies, A/B/C
    shares) and the handling units' on-time table, for ``year``."""
    scope = Scope(committee=committee, committee_ids=committee_subtree_ids(committee.pk), year=year)
    report = figures(scope)
    return CommitteeFigures(
        registered=report["registered"],
        replies_made=report["replies_made"],
        handled=report["handled"],
        published=published().filter(committee_id__in=scope.committee_ids, registered_at__year=year).count(),
        reply_categories=report["reply_categories"],
        on_time_rate=report["on_time_rate"],
        units=[
            {key: row[key] for key in ("unit_name", "replied", "on_time", "overdue", "on_time_rate")}
            for row in unit_table(scope)
            if row["assigned"]
        ],
    )
