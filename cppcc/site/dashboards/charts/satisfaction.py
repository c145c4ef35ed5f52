from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.models import Feedback, Satisfaction

from ..scope import Scope
from .base import chart, register


@register("satisfaction", gettext_lazy("Proposers' satisfaction with the replies"))
def satisfaction(scope: Scope, title: str) -> dict:
    """Proposers' ratings of the replies to the year's proposals. One query."""
    counts = dict(scope.on_registered(Feedback).values_list("satisfaction").annotate(n=Count("id")))
    return chart(
        title,
        "pie",
        [choice.label for choice in Satisfaction],
        [(_("ratings"), [counts.get(choice.value, 0) for choice in Satisfaction])],
    )
