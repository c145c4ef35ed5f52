from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scope import Scope
from ..units import unit_table
from .base import chart, register


@register("unit-assessment", gettext_lazy("Handling units' replies"))
def unit_assessment(scope: Scope, title: str) -> dict:
    """Each handling unit's replies on time and overdue, and its objections, in the committees'
    assessment order (the table of ``units.unit_table``). Five queries."""
    rows = unit_table(scope)
    return chart(
        title,
        "stacked",
        [row["unit_name"] for row in rows],
        [
            (_("replied on time"), [row["on_time"] for row in rows]),
            (_("overdue"), [row["overdue"] for row in rows]),
            (_("objections"), [row["objections"] for row in rows]),
        ],
        horizontal=True,
    )
