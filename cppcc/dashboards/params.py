"""The parameters every dashboard page and endpoint takes: ``year`` and ``committee``.

Secretariat and leaders only: a user who oversees no committee has no dashboard (403); a
committee the user does not oversee is not there for them (404, as for every object they may not
read); a year or committee that is not a number, or a year out of range, is a 400."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from cppcc.org.models import Committee
from cppcc.org.roles import access_for

from .selectors import Scope, scope_committees, scope_for

FIRST_YEAR, LAST_YEAR = 1949, 2100


class DashboardInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    committee = serializers.IntegerField(required=False)


@dataclass(frozen=True)
class Choice:
    scope: Scope
    committees: list[Committee]  # every committee the user oversees, the top ones first

    @property
    def committee(self) -> Committee:
        return self.scope.committee

    @property
    def year(self) -> int:
        return self.scope.year


def dashboard_choice(user, query) -> Choice:
    """The scope asked for (by default the user's topmost committee and the current year).
    Raises PermissionDenied (403), DRF's ValidationError (400) or NotFound (404). Two queries
    after the user's access."""
    access = access_for(user)
    if not access.oversees:
        raise PermissionDenied(_("Only the secretariat and leaders have dashboards."))
    data = DashboardInput(data=query)
    data.is_valid(raise_exception=True)
    committees = scope_committees(access.oversees)
    by_id = {committee.pk: committee for committee in committees}
    committee_id = data.validated_data.get("committee", committees[0].pk)
    if committee_id not in by_id:
        raise exceptions.NotFound(_("No such committee."))
    year = data.validated_data.get("year", timezone.localdate().year)
    return Choice(scope=scope_for(committee=by_id[committee_id], year=year), committees=committees)
