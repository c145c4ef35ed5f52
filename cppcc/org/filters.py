import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cppcc.core.rest import FilterSet

from .models import Committee, HandlingUnit, Member, Party, Sector, Session, SpecialCommittee
from .roles import access_for


class CommitteeFilterSet(FilterSet):
    """``committee`` (that committee only) and ``within`` (that committee and all below it): every
    list of things that belong to a committee takes both (API.md, "Conventions")."""

    committee_field = "committee"

    committee = django_filters.NumberFilter(method="filter_committee", label=_("committee"))
    within = django_filters.NumberFilter(method="filter_within", label=_("within committee"))

    def filter_committee(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(**{f"{self.committee_field}_id": value})

    def filter_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The committee tree was read with the user's access: no second read for the subtree. A
        # plain IN here: the id is the client's, and Django answers an out-of-range one with nothing.
        subtree = access_for(self.request.user).subtree(int(value))
        return queryset.filter(**{f"{self.committee_field}_id__in": list(subtree)})


class CommitteeListFilter(FilterSet):
    parent = django_filters.NumberFilter(label=_("parent committee"))

    class Meta:
        model = Committee
        fields = ["level", "parent"]


class SessionFilter(CommitteeFilterSet):
    class Meta:
        model = Session
        fields = ["term"]


class SectorFilter(CommitteeFilterSet):
    class Meta:
        model = Sector
        fields = []


class SpecialCommitteeFilter(CommitteeFilterSet):
    class Meta:
        model = SpecialCommittee
        fields = []


class PartyFilter(CommitteeFilterSet):
    class Meta:
        model = Party
        fields = []


class MemberFilter(CommitteeFilterSet):
    sector = django_filters.NumberFilter(label=_("sector"))
    party = django_filters.NumberFilter(label=_("party"))
    special_committee = django_filters.NumberFilter(
        field_name="special_committees", label=_("special committee")
    )

    class Meta:
        model = Member
        fields = ["term", "position", "gender", "is_standing_committee", "is_active"]


class HandlingUnitFilter(CommitteeFilterSet):
    class Meta:
        model = HandlingUnit
        fields = ["kind", "is_active"]
