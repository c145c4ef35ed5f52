"""Reads of the organisation that need care: which of a member's fields a user may read, and the
year pages open on. Which rows a user may read is the models' ``restrict()`` (querysets.py)."""

from django.conf import settings
from django.utils import timezone

from .models import ALWAYS_SMS, Committee, Member, NotificationKind, NotificationPreference, User
from .roles import access_for


def may_see_private_data(user, member: Member) -> bool:
    """Phone numbers and other contact details are for the secretariat only."""
    return member.committee_id in access_for(user).private_data


def default_year() -> int:
    """The year pages and records open on when none is asked for (settings.CPPCC_DEFAULT_YEAR, or
    the current year in Asia/Shanghai)."""
    return settings.CPPCC_DEFAULT_YEAR or timezone.localdate().year


def platform_committee_name() -> str:
    """The name of the committee whose platform this is (the top of the committee tree), which the
    login page shows to everyone: public by nature, so read without a user's visibility gate."""
    return (
        Committee.objects.filter(parent__isnull=True).order_by("id").values_list("name", flat=True).first()
        or ""
    )


def notification_channels(user: User) -> list[dict]:
    """Each kind of notification with the channels ``user`` gets it by (their choice, or the
    defaults) and whether SMS is fixed on (``ALWAYS_SMS``), in the order of the kinds."""
    chosen = {p.kind: p for p in NotificationPreference.objects.restrict(user, "view").filter(user=user)}
    rows = []
    for kind, label in NotificationKind.choices:
        preference = chosen.get(kind)
        values = (
            {"in_app": preference.in_app, "email": preference.email, "sms": preference.sms}
            if preference is not None
            else dict(NotificationPreference.DEFAULTS)
        )
        fixed = kind in ALWAYS_SMS
        values["sms"] = values["sms"] or fixed
        rows.append({"kind": kind, "label": label, **values, "sms_fixed": fixed})
    return rows


def phone_on_record(user: User) -> bool:
    """Whether text messages can reach ``user``: their member record has a phone."""
    return Member.objects.filter(user=user).exclude(phone="").exists()
