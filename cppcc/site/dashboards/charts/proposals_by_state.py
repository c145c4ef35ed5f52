from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.org.roles import in_committees
from proposals.models import Proposal, State

from ..scope import Scope
from .base import chart, register


@register("proposals-by-state", gettext_lazy("Proposals submitted in the year by state"))
def proposals_by_state(scope: Scope, title: str) -> dict:
    """Proposals submitted in the year by their current state. One query."""
    counts = dict(
        Proposal.objects.filter(in_committees(scope.committee_ids), submitted_at__year=scope.year)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    states = [state for state in State if state != State.DRAFT]
    return chart(
        title,
        "bar",
        [state.label for state in states],
        [(_("proposals"), [counts.get(state.value, 0) for state in states])],
        [scope.link("proposals", submitted_year=scope.year, state=state.value) for state in states],
    )
