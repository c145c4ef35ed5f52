from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms.models import Activity

from ..scope import Scope, list_link, scope_committees, short
from .base import chart, register


@register("committees", gettext_lazy("Committees side by side"))
def committees(scope: Scope, title: str) -> dict:
    """The committees below the chosen one side by side, on their own scale (the city's own figures,
    many times a county's, are the report card's above) and the busiest first: proposals
    registered, opinion reports submitted, duty activities, room deliberation activities. A
    committee with none below it is shown alone. Four queries."""
    side_by_side = scope_committees(scope.committee_ids)
    if len(side_by_side) > 1:
        side_by_side = side_by_side[1:]
    proposals = dict(scope.registered.values_list("committee_id").annotate(n=Count("id")).order_by())
    reports = dict(scope.reports.values_list("committee_id").annotate(n=Count("id")).order_by())
    activities = {
        row["committee_id"]: row
        for row in scope.activities.values("committee_id")
        .annotate(
            duty=Count("id", filter=Q(kind__in=Activity.DUTY_KINDS)),
            rooms=Count("id", filter=Q(kind=Activity.Kind.ROOM_DELIBERATION)),
        )
        .order_by()
    }
    empty = {"duty": 0, "rooms": 0}
    side_by_side.sort(key=lambda c: (proposals.get(c.pk, 0), reports.get(c.pk, 0), -c.pk))
    # a horizontal bar chart draws its first category at the bottom: the busiest last, on top
    return chart(
        title,
        "bar",
        [short(c) for c in side_by_side],
        [
            (_("proposals registered"), [proposals.get(c.pk, 0) for c in side_by_side]),
            (_("opinion reports submitted"), [reports.get(c.pk, 0) for c in side_by_side]),
            (_("duty activities"), [activities.get(c.pk, empty)["duty"] for c in side_by_side]),
            (_("room deliberation activities"), [activities.get(c.pk, empty)["rooms"] for c in side_by_side]),
        ],
        [list_link("proposals", committee=c.pk, registered_year=scope.year) for c in side_by_side],
        horizontal=True,
    )
