from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.scoring import selectors as scoring

from ..scope import Scope, short
from .base import chart, register


@register("score-distribution", gettext_lazy("Score distribution of members"))
def score_distribution(scope: Scope, title: str) -> dict:
    """How the committee's members' scores spread, in bands of the grade thresholds (< 60 talk,
    60–84 competent, ≥ 85 excellent, the excellent split further). Eleven queries (the score
    ranking)."""
    rows = scoring.ranking(committee_id=scope.committee.pk, year=scope.year)
    bands = [
        (None, Decimal(60), "< 60"),
        (Decimal(60), Decimal(85), "60–84"),
        (Decimal(85), Decimal(100), "85–99"),
        (Decimal(100), Decimal(150), "100–149"),
        (Decimal(150), Decimal(200), "150–199"),
        (Decimal(200), None, "≥ 200"),
    ]
    counts = [0] * len(bands)
    for row in rows:
        for index, (low, high, _label) in enumerate(bands):
            if (low is None or row.score.total >= low) and (high is None or row.score.total < high):
                counts[index] += 1
                break
    return chart(
        f"{title}（{short(scope.committee)}）",
        "bar",
        [label for _low, _high, label in bands],
        [(_("members"), counts)],
    )
