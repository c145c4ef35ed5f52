"""The parameters every dashboard page and endpoint takes: ``year`` and ``committee``.

Secretariat and leaders only: a user who oversees no committee has no dashboard (403); a
committee the user does not oversee is not there for them (404, as for every object they may not
read); a year or committee that is not a number, or a year out of range, is a 400."""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from cppcc.core.years import YearField
from cppcc.org.models import Committee
from cppcc.org.roles import Access, access_for
from cppcc.org.selectors import default_year

from .scope import Scope, scope_committees


class DashboardInput(serializers.Serializer):
    year = YearField(required=False)
    committee = serializers.IntegerField(required=False)


@dataclass(frozen=True)
class Choice:
    scope: Scope
    overseen: frozenset[int]  # every committee the user oversees

    @cached_property
    def committees(self) -> list[Committee]:
        """Every committee the user oversees, the top ones first (the page's selector). One query."""
        return scope_committees(self.overseen)

    @property
    def committee(self) -> Committee:
        return self.scope.committee

    @property
    def year(self) -> int:
        return self.scope.year


def topmost(access: Access) -> int:
    """The first of the committees the user oversees in the order of ``scope_committees``: those
    without a parent first, then by their parent's id and their own."""
    parents = {child: parent for parent, children in access.children.items() for child in children}
    return min(access.oversees, key=lambda pk: (parents[pk] is not None, parents[pk] or 0, pk))


def dashboard_choice(user, query) -> Choice:
    """The scope asked for (by default the user's topmost committee and the current year).
    Raises PermissionDenied (403), DRF's ValidationError (400) or NotFound (404). One query after
    the user's access, for the committee; its subtree comes from the tree read with the access."""
    access = access_for(user)
    if not access.oversees:
        raise PermissionDenied(_("Only the secretariat and leaders have dashboards."))
    data = DashboardInput(data=query)
    data.is_valid(raise_exception=True)
    committee_id = data.validated_data.get("committee")
    if committee_id is None:
        committee_id = topmost(access)
    if committee_id not in access.oversees:
        raise exceptions.NotFound(_("No such committee."))
    year = data.validated_data.get("year", default_year())
    scope = Scope(
        committee=Committee.objects.get(pk=committee_id),
        committee_ids=access.subtree(committee_id),
        year=year,
    )
    return Choice(scope=scope, overseen=access.oversees)
