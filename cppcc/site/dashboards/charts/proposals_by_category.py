from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scope import Scope
from .base import chart, register


@register("proposals-by-category", gettext_lazy("Registered proposals by category"))
def proposals_by_category(scope: Scope, title: str) -> dict:
    """Proposals registered in the year by category. One query."""
    rows = list(
        scope.registered.values("category_id", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    )
    return chart(
        title,
        "pie",
        [row["category__name"] or _("uncategorised") for row in rows],
        [(_("proposals"), [row["n"] for row in rows])],
        [scope.link("proposals", registered_year=scope.year, category=row["category_id"]) for row in rows],
    )
