"""Reads of the organisation that need care: which of a member's fields a user may read, and the
year pages open on. Which rows a user may read is the models' ``restrict()`` (querysets.py)."""

from django.conf import settings
from django.utils import timezone

from .models import Member
from .roles import access_for


def may_see_private_data(user, member: Member) -> bool:
    """Phone numbers and other contact details are for the secretariat only."""
    return member.committee_id in access_for(user).private_data


def default_year() -> int:
    """The year pages and records open on when none is asked for (settings.CPPCC_DEFAULT_YEAR, or
    the current year in Asia/Shanghai)."""
    return settings.CPPCC_DEFAULT_YEAR or timezone.localdate().year
