from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.selectors import late

from ..scope import Scope
from .base import chart, register


@register("reply-timeliness", gettext_lazy("On-time reply rate"))
def reply_timeliness(scope: Scope, title: str) -> dict:
    """Replies of lead and separate units: on time, late, still open within the deadline, and
    overdue; the title and the first label give the on-time rate of the replies given. One query."""
    today = timezone.localdate()
    totals = scope.assignments.aggregate(
        on_time=Count("id", filter=Q(replied_at__date__lte=F("due_on"))),
        late=Count("id", filter=Q(replied_at__date__gt=F("due_on"))),
        open=Count("id", filter=Q(replied_at__isnull=True) & ~late(today)),
        overdue=Count("id", filter=late(today)),
    )
    replied = totals["on_time"] + totals["late"]
    rate = round(100 * totals["on_time"] / replied, 1) if replied else 0
    return chart(
        f"{title} {rate}%",
        "pie",
        [
            _("replied on time (%(rate)s%% of replies)") % {"rate": rate},
            _("replied late"),
            _("within the deadline"),
            _("overdue"),
        ],
        [(_("assignments"), [totals["on_time"], totals["late"], totals["open"], totals["overdue"]])],
        [
            None,
            None,
            None,
            scope.link("proposals", registered_year=scope.year, overdue="true"),
        ],
    )
