"""The dashboard's charts, one module each (as Baby Buddy keeps one module per graph). A chart is a
function of a ``Scope`` (a committee, every committee below it, a year) and its translated title
that returns plain data in the shape ``static/js/charts.js`` draws (``base.chart``), in a fixed,
small number of queries whatever the number of records. ``register`` puts it in ``CHARTS`` under
the name of /api/dashboard/charts/<name>/; the module is named after the chart.

To add a chart: a module here with one registered function, its import below, and its name in a
section of the dashboard page (``views.SECTIONS``)."""

from . import (  # noqa: F401 (each module registers its chart)
    activities_per_month,
    attendance,
    committees,
    consultation_plan,
    handling_progress,
    leader_instructions,
    opinion_adoption,
    opinions_per_month,
    proposals_by_category,
    proposals_by_kind,
    proposals_by_state,
    publicity,
    reply_categories,
    reply_timeliness,
    rooms,
    satisfaction,
    score_distribution,
    sector_groups,
    study,
    top_authors,
    unit_assessment,
)
from .base import CHARTS

__all__ = ["CHARTS"]
