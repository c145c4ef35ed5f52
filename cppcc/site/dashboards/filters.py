"""The dashboard lists' filters: the apps' own filtersets, plus what the charts and the report card's
figures drill down by, and a search box."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.rest import StrictBooleanFilter
from cppcc.core.years import checked_year
from opinions.filters import OpinionReportFilter
from opinions.models import Adoption, Body, Level, OpinionReport
from platforms.filters import ActivityFilter
from platforms.models import Activity
from proposals.filters import ProposalFilter
from proposals.selectors import number_search

LEVELS_FROM = {
    Level.CITY: [Level.CITY, Level.PROVINCE, Level.NATIONAL],
    Level.PROVINCE: [Level.PROVINCE, Level.NATIONAL],
    Level.NATIONAL: [Level.NATIONAL],
}


def search_label():
    return pgettext_lazy("dashboard list", "search")


class DashboardProposalFilter(ProposalFilter):
    registered_year = django_filters.NumberFilter(method="filter_registered_year", label=_("registered in"))
    submitted_year = django_filters.NumberFilter(method="filter_submitted_year", label=_("submitted in"))
    q = django_filters.CharFilter(method="filter_search", label=search_label())

    def filter_registered_year(self, queryset, name, value):
        return queryset.filter(registered_at__year=checked_year(value))

    def filter_submitted_year(self, queryset, name, value):
        return queryset.filter(submitted_at__year=checked_year(value))

    def filter_search(self, queryset, name, value):
        """A number (0012, 第0012号, 十四届三次会议第0012号) or words of the title."""
        return queryset.filter(number_search(value) or Q(title__icontains=value.strip()))


class DashboardOpinionFilter(OpinionReportFilter):
    min_level = django_filters.ChoiceFilter(
        choices=Level.choices, method="filter_min_level", label=_("adopted at least at")
    )
    accepted = StrictBooleanFilter(
        method="filter_accepted", label=pgettext_lazy("opinion report", "accepted")
    )
    adopted_by = django_filters.ChoiceFilter(
        choices=Body.choices, method="filter_adopted_by", label=_("adopted by")
    )
    forwarded_to = django_filters.ChoiceFilter(
        choices=Body.choices, method="filter_forwarded_to", label=_("forwarded to")
    )
    q = django_filters.CharFilter(method="filter_search", label=search_label())

    def filter_min_level(self, queryset, name, value):
        return queryset.filter(level__in=LEVELS_FROM[value])

    def filter_accepted(self, queryset, name, value):
        states = [OpinionReport.State.ACCEPTED, OpinionReport.State.PUBLISHED]
        return queryset.filter(state__in=states) if value else queryset.exclude(state__in=states)

    def filter_adopted_by(self, queryset, name, value):
        return queryset.filter(pk__in=reports_with(value, Adoption.Action.ADOPTED))

    def filter_forwarded_to(self, queryset, name, value):
        return queryset.filter(pk__in=reports_with(value, Adoption.Action.FORWARDED))

    def filter_search(self, queryset, name, value):
        return queryset.filter(title__icontains=value.strip())


def reports_with(body: str, action: str):
    return Adoption.objects.filter(body=body, action=action).values("report_id")


class DashboardActivityFilter(ActivityFilter):
    duty = StrictBooleanFilter(method="filter_duty", label=_("duty activities"))
    q = django_filters.CharFilter(method="filter_search", label=search_label())

    def filter_duty(self, queryset, name, value):
        kinds = Q(kind__in=Activity.DUTY_KINDS)
        return queryset.filter(kinds) if value else queryset.exclude(kinds)

    def filter_search(self, queryset, name, value):
        term = value.strip()
        return queryset.filter(Q(title__icontains=term) | Q(topic__icontains=term))
