import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.org.roles import in_committees
from platforms.models import Activity, DeliberationRoom

from ..scope import Scope, list_link, scope_committees, short
from .base import chart, register


@register("rooms", gettext_lazy("Deliberation rooms and problems solved per committee"))
def rooms(scope: Scope, title: str) -> dict:
    """Deliberation rooms, their activities and the problems they solved, per committee. Three
    queries."""
    committees = scope_committees(scope.committee_ids)
    counts = dict(
        DeliberationRoom.objects.filter(in_committees(scope.committee_ids), is_active=True)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(scope.year, 12, 31)))
        .values_list("committee_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    activity = {
        row["committee_id"]: row
        for row in scope.activities.filter(kind=Activity.Kind.ROOM_DELIBERATION)
        .values("committee_id")
        .annotate(n=Count("id"), solved=Coalesce(Sum("problems_solved"), 0))
        .order_by()
    }
    empty = {"n": 0, "solved": 0}
    return chart(
        title,
        "bar",
        [short(c) for c in committees],
        [
            (_("deliberation rooms"), [counts.get(c.pk, 0) for c in committees]),
            (_("room deliberation activities"), [activity.get(c.pk, empty)["n"] for c in committees]),
            (_("livelihood problems solved"), [activity.get(c.pk, empty)["solved"] for c in committees]),
        ],
        [
            list_link(
                "activities", committee=c.pk, year=scope.year, kind=Activity.Kind.ROOM_DELIBERATION.value
            )
            for c in committees
        ],
    )
