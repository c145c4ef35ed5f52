"""The parameters every dashboard page and endpoint takes: ``year`` and ``committee``.

Secretariat and leaders only: a user who oversees no committee has no dashboard (403); a
committee the user does not oversee is not there for them (404, as for every object they may not
read); a year or committee that is not a number, or a year out of range, is a 400."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from cppcc.core.years import YearField
from cppcc.org.models import Committee
from cppcc.org.roles import subtree
from cppcc.org.selectors import default_year

from .scope import Scope


class DashboardInput(serializers.Serializer):
    year = YearField(required=False)
    committee = serializers.IntegerField(required=False)


@dataclass(frozen=True)
class Choice:
    scope: Scope
    committees: list[Committee]  # every committee the user oversees, the top ones first (the page's picker)

    @property
    def committee(self) -> Committee:
        return self.scope.committee

    @property
    def year(self) -> int:
        return self.scope.year


def overseen_committees(user) -> QuerySet[Committee]:
    """The committees whose dashboards the user reads (the visibility gate's ``"oversee"``).
    Raises PermissionDenied (403) for a user who oversees none, without a query."""
    if not Committee.objects.allows(user, "oversee"):
        raise PermissionDenied(_("Only the secretariat and leaders have dashboards."))
    return Committee.objects.restrict(user, "oversee")


def dashboard_choice(user, query) -> Choice:
    """The scope asked for (by default the user's topmost committee and the current year).
    Raises PermissionDenied (403), DRF's ValidationError (400) or NotFound (404). One query after
    the user's access: the committees the user oversees, which hold the chosen one's subtree."""
    overseen = overseen_committees(user)
    data = DashboardInput(data=query)
    data.is_valid(raise_exception=True)
    committees = list(overseen.order_by(F("parent").asc(nulls_first=True), "id"))
    committee_id = data.validated_data.get("committee", committees[0].pk if committees else None)
    committee = next((c for c in committees if c.pk == committee_id), None)
    if committee is None:
        raise exceptions.NotFound(_("No such committee."))
    children = defaultdict(list)
    for item in committees:
        children[item.parent_id].append(item.pk)
    scope = Scope(
        committee=committee,
        committee_ids=subtree([committee.pk], children),
        year=data.validated_data.get("year", default_year()),
    )
    return Choice(scope=scope, committees=committees)
