from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from opinions.models import Level, OpinionReport
from opinions.selectors import with_level

from ..scope import Scope
from .base import chart, register


@register("opinion-adoption", gettext_lazy("Opinion reports: adoption by level"))
def opinion_adoption(scope: Scope, title: str) -> dict:
    """From submission to adoption: reports submitted, accepted, and adopted at city level or
    higher, at provincial level or higher, and nationally. One query."""
    reports = with_level(scope.reports)
    city_up = [Level.CITY, Level.PROVINCE, Level.NATIONAL]
    totals = reports.aggregate(
        submitted=Count("id"),
        accepted=Count(
            "id", filter=Q(state__in=[OpinionReport.State.ACCEPTED, OpinionReport.State.PUBLISHED])
        ),
        city=Count("id", filter=Q(level__in=city_up)),
        province=Count("id", filter=Q(level__in=city_up[1:])),
        national=Count("id", filter=Q(level=Level.NATIONAL)),
    )
    stages = [
        ("submitted", pgettext("opinion report", "submitted"), {}),
        ("accepted", pgettext("opinion report", "accepted"), {"accepted": "true"}),
        ("city", _("adopted at city level or higher"), {"min_level": Level.CITY.value}),
        ("province", _("adopted at provincial level or higher"), {"min_level": Level.PROVINCE.value}),
        ("national", _("adopted at national level"), {"min_level": Level.NATIONAL.value}),
    ]
    return chart(
        title,
        "funnel",
        [label for _key, label, _params in stages],
        [(_("reports"), [totals[key] for key, _label, _params in stages])],
        [scope.link("opinions", year=scope.year, **params) for _key, _label, params in stages],
    )
