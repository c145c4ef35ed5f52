from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.models import Kind

from ..scope import Scope
from .base import chart, register


@register("proposals-by-kind", gettext_lazy("Registered proposals by kind"))
def proposals_by_kind(scope: Scope, title: str) -> dict:
    """Proposals registered in the year by kind (individual, joint, collective). One query."""
    counts = dict(scope.registered.values_list("kind").annotate(n=Count("id")))
    kinds = [kind for kind in Kind if counts.get(kind.value)]
    return chart(
        title,
        "pie",
        [kind.label for kind in kinds],
        [(_("proposals"), [counts[kind.value] for kind in kinds])],
        [scope.link("proposals", registered_year=scope.year, kind=kind.value) for kind in kinds],
    )
