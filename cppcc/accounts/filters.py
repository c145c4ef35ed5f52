import django_filters
from django.utils.translation import gettext_lazy as _

from cppcc.org.filters import CommitteeFilterSet

from .models import AuditEntry


class AuditEntryFilter(CommitteeFilterSet):
    """The audit log by action, actor (a user's id), day (local dates, both ends included) and
    committee (``committee``, ``within``)."""

    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("to"))

    class Meta:
        model = AuditEntry
        fields = ["action", "actor"]
