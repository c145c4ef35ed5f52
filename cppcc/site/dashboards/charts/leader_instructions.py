from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.org.roles import in_committees
from opinions.models import Adoption, Body

from ..scope import Scope
from .base import chart, register


@register("leader-instructions", gettext_lazy("Leader instructions by body"))
def leader_instructions(scope: Scope, title: str) -> dict:
    """Leader instructions (批示) on the scope's reports, dated in the year, by receiving body.
    One query."""
    counts = dict(
        Adoption.objects.filter(
            in_committees(scope.committee_ids, "report__committee"),
            action=Adoption.Action.INSTRUCTED,
            date__year=scope.year,
        )
        .values_list("body")
        .annotate(n=Count("id"))
    )
    bodies = [body for body in Body if counts.get(body.value)]
    return chart(
        title,
        "bar",
        [body.label for body in bodies],
        [(_("instructions"), [counts[body.value] for body in bodies])],
    )
