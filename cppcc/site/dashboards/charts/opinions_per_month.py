from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scope import Scope
from .base import MONTHS, chart, month_labels, register


@register("opinions-per-month", gettext_lazy("Opinion reports submitted per month"))
def opinions_per_month(scope: Scope, title: str) -> dict:
    """Opinion reports submitted per month. One query."""
    counts = dict(
        scope.reports.annotate(month=ExtractMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return chart(
        title,
        "line",
        month_labels(),
        [(_("reports"), [counts.get(month, 0) for month in MONTHS])],
    )
