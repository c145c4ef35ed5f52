from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.org.roles import in_committees
from platforms.models import Activity, Attendance

from ..scope import Scope
from .base import chart, register


@register("attendance", gettext_lazy("Attendance rate by kind of activity (%)"))
def attendance(scope: Scope, title: str) -> dict:
    """Attendance rate (present among those invited) by kind of activity, in percent. One query."""
    rows = list(
        Attendance.objects.filter(
            in_committees(scope.committee_ids, "activity__committee"), activity__date__year=scope.year
        )
        .values_list("activity__kind")
        .annotate(
            total=Count("id"),
            present=Count("id", filter=Q(status=Attendance.Status.PRESENT)),
        )
        .order_by()
    )
    rates = {kind: round(100 * present / total, 1) for kind, total, present in rows if total}
    kinds = [kind for kind in Activity.Kind if kind.value in rates]
    return chart(
        title,
        "bar",
        [kind.label for kind in kinds],
        [(_("attendance rate"), [rates[kind.value] for kind in kinds])],
        [scope.link("activities", year=scope.year, kind=kind.value) for kind in kinds],
    )
