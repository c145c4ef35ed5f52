import django_filters
from django.utils.translation import gettext_lazy as _

from cppcc.org.rest import CommitteeFilterSet, FilterSet

from .models import Committee, HandlingUnit, Member, Party, Sector, Session, SpecialCommittee


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
