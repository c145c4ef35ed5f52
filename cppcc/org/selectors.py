"""Reads of the organisation, each restricted to what the user may see (roles.py)."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Committee, HandlingUnit, Member, Party, Sector, Session, SpecialCommittee
from .roles import access_for, in_committees


def committees_visible_to(user) -> QuerySet[Committee]:
    return Committee.objects.filter(id__in=access_for(user).organisation)


def sessions_visible_to(user) -> QuerySet[Session]:
    return Session.objects.filter(in_committees(access_for(user).organisation)).select_related("term")


def sectors_visible_to(user) -> QuerySet[Sector]:
    return Sector.objects.filter(in_committees(access_for(user).organisation))


def special_committees_visible_to(user) -> QuerySet[SpecialCommittee]:
    return SpecialCommittee.objects.filter(in_committees(access_for(user).organisation))


def parties_visible_to(user) -> QuerySet[Party]:
    committees = access_for(user).organisation
    if not committees:
        return Party.objects.none()
    return Party.objects.filter(Q(committee__isnull=True) | Q(in_committees(committees)))


def members_visible_to(user) -> QuerySet[Member]:
    return (
        Member.objects.filter(in_committees(access_for(user).organisation))
        .select_related("sector", "party")
        .prefetch_related("special_committees")
    )


def handling_units_visible_to(user) -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(in_committees(access_for(user).organisation))


def may_see_private_data(user, member: Member) -> bool:
    """Phone numbers and other contact details are for the secretariat only."""
    return member.committee_id in access_for(user).private_data


def default_year() -> int:
    """The year pages and records open on when none is asked for (settings.CPPCC_DEFAULT_YEAR, or
    the current year in Asia/Shanghai)."""
    return settings.CPPCC_DEFAULT_YEAR or timezone.localdate().year
