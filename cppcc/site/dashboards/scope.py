"""What every read of the dashboards works over: a committee, every committee below it, and a year
(``Scope``), with the records of that scope each chart and list starts from, and the links to the
dashboard's filtered lists."""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Model, QuerySet
from django.urls import reverse

from cppcc.org.models import Committee
from cppcc.org.roles import in_committees
from opinions.models import OpinionReport
from platforms.models import Activity
from proposals.models import Assignment, Proposal
from proposals.selectors import MUST_REPLY


def list_link(records: str, /, **params) -> str:
    """The dashboard's filtered list of ``records`` (proposals, opinions, activities)."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{reverse(f'dashboards:list-{records}')}?{query}"


def scope_committees(committee_ids: Iterable[int]) -> list[Committee]:
    """The committees of a scope, the top one first. One query."""
    return list(
        Committee.objects.filter(pk__in=list(committee_ids)).order_by(F("parent").asc(nulls_first=True), "id")
    )


def short(committee: Committee) -> str:
    return committee.short_name or committee.name


@dataclass(frozen=True)
class Scope:
    committee: Committee
    committee_ids: frozenset[int]
    year: int

    @property
    def registered(self) -> QuerySet[Proposal]:
        return Proposal.objects.filter(in_committees(self.committee_ids), registered_at__year=self.year)

    @property
    def activities(self) -> QuerySet[Activity]:
        return Activity.objects.filter(in_committees(self.committee_ids), date__year=self.year)

    @property
    def reports(self) -> QuerySet[OpinionReport]:
        return OpinionReport.objects.filter(
            in_committees(self.committee_ids), submitted_at__year=self.year
        ).exclude(state=OpinionReport.State.DRAFT)

    def on_registered(self, model: type[Model]) -> QuerySet:
        """The records of ``model`` (assignments, replies, feedback) on the proposals registered in
        the scope."""
        return model.objects.filter(
            in_committees(self.committee_ids, "proposal__committee"), proposal__registered_at__year=self.year
        )

    @property
    def assignments(self) -> QuerySet[Assignment]:
        """Assignments to a unit that must reply (lead or separate)."""
        return self.on_registered(Assignment).filter(role__in=MUST_REPLY)

    def link(self, records: str, /, **params) -> str:
        return list_link(records, within=self.committee.pk, **params)
