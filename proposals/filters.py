import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cppcc.core.rest import StrictBooleanFilter, YearFilterMixin
from cppcc.org.filters import CommitteeFilterSet

from .models import Assignment, Kind, Lead, LeadState, Proposal, State


class ProposalFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "session__opened_on"

    session = django_filters.NumberFilter(label=_("session"))
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("state"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("kind"))
    category = django_filters.NumberFilter(label=_("category"))
    proposer = django_filters.NumberFilter(label=_("lead proposer"))
    unit = django_filters.NumberFilter(method="filter_unit", label=_("handling unit"))
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Proposal
        fields = ["is_key", "is_excellent", "during_plenary"]

    def filter_unit(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(pk__in=Assignment.objects.filter(unit_id=value).values("proposal_id"))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(overdue=value)


class LeadFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "created_at"

    state = django_filters.ChoiceFilter(choices=LeadState.choices, label=_("state"))
    category = django_filters.NumberFilter(label=_("category"))

    class Meta:
        model = Lead
        fields = []
