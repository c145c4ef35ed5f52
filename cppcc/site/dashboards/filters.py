"""The dashboard lists' filters: the apps' own filtersets, plus what the charts drill down by."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.rest import StrictBooleanFilter
from cppcc.core.years import checked_year
from opinions.filters import OpinionReportFilter
from opinions.models import Level, OpinionReport
from proposals.filters import ProposalFilter

LEVELS_FROM = {
    Level.CITY: [Level.CITY, Level.PROVINCE, Level.NATIONAL],
    Level.PROVINCE: [Level.PROVINCE, Level.NATIONAL],
    Level.NATIONAL: [Level.NATIONAL],
}


class DashboardProposalFilter(ProposalFilter):
    registered_year = django_filters.NumberFilter(method="filter_registered_year", label=_("registered in"))
    submitted_year = django_filters.NumberFilter(method="filter_submitted_year", label=_("submitted in"))

    def filter_registered_year(self, queryset, name, value):
        return queryset.filter(registered_at__year=checked_year(value))

    def filter_submitted_year(self, queryset, name, value):
        return queryset.filter(submitted_at__year=checked_year(value))


class DashboardOpinionFilter(OpinionReportFilter):
    min_level = django_filters.ChoiceFilter(
        choices=Level.choices, method="filter_min_level", label=_("adopted at least at")
    )
    accepted = StrictBooleanFilter(
        method="filter_accepted", label=pgettext_lazy("opinion report", "accepted")
    )

    def filter_min_level(self, queryset, name, value):
        return queryset.filter(level__in=LEVELS_FROM[value])

    def filter_accepted(self, queryset, name, value):
        states = [OpinionReport.State.ACCEPTED, OpinionReport.State.PUBLISHED]
        return queryset.filter(state__in=states) if value else queryset.exclude(state__in=states)
