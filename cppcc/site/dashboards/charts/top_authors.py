from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opinions.models import ReportAuthor

from ..scope import Scope
from .base import chart, register


@register("top-authors", gettext_lazy("Top authors of opinion reports"))
def top_authors(scope: Scope, title: str, limit: int = 10) -> dict:
    """The members who authored most of the year's reports. One query."""
    rows = list(
        ReportAuthor.objects.filter(report__in=scope.reports.values("pk"))
        .values("member_id", "member__name")
        .annotate(n=Count("report_id", distinct=True))
        .order_by("-n", "member__name", "member_id")[:limit]
    )
    rows.reverse()  # a horizontal bar chart draws its first category at the bottom
    return chart(
        title,
        "bar",
        [row["member__name"] for row in rows],
        [(_("reports"), [row["n"] for row in rows])],
        [scope.link("opinions", year=scope.year, author=row["member_id"]) for row in rows],
        horizontal=True,
    )
