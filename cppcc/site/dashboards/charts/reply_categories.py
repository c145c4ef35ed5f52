from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.models import Reply, ReplyCategory

from ..scope import Scope
from .base import chart, register


@register("reply-categories", gettext_lazy("Replies by category"))
def reply_categories(scope: Scope, title: str) -> dict:
    """Replies to the year's proposals released to the proposers, by category A/B/C. One query."""
    released = scope.on_registered(Reply).filter(status=Reply.Status.RELEASED)
    counts = dict(released.values_list("category").annotate(n=Count("id")))
    return chart(
        title,
        "pie",
        [f"{category.value} {category.label}" for category in ReplyCategory],
        [(_("replies"), [counts.get(category.value, 0) for category in ReplyCategory])],
    )
