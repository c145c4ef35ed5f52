import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.rest import YearFilterMixin
from cppcc.org.filters import CommitteeFilterSet

from .models import Issue, Level, OpinionReport


class OpinionReportFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "submitted_at"

    author = django_filters.NumberFilter(method="filter_author", label=_("author"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=pgettext_lazy("opinion report", "level"))

    class Meta:
        model = OpinionReport
        fields = ["state", "category", "issue"]

    def filter_author(self, queryset, name, value):
        if not 0 < value < 2**63:  # no member has such an id
            return queryset.none()
        return queryset.authored_by(int(value))


class IssueFilter(CommitteeFilterSet):
    class Meta:
        model = Issue
        fields = ["year"]
