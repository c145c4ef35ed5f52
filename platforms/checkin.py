"""The check-in code of a meeting: a signed token naming the activity and a time slot of
``CHECKIN_SLOT_SECONDS``, shown as a QR code on the secretariat's screen. A code is accepted in its
own slot and the one after (a phone's clock and a slow scan), and only within the activity's
check-in window (settings ``CHECKIN_OPENS_MINUTES`` / ``CHECKIN_CLOSES_MINUTES``)."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.qr import qr_svg

from .models import Activity

SALT = "platforms.checkin"


class CheckInRefused(Exception):
    """A code that does not sign this member in now; the message says why, in Chinese."""


@dataclass(frozen=True)
class CheckInCode:
    code: str
    expires_at: datetime.datetime


def slot_seconds() -> int:
    return max(1, settings.CHECKIN_SLOT_SECONDS)


def slot_of(now: datetime.datetime) -> int:
    return int(now.timestamp()) // slot_seconds()


def window(activity: Activity) -> tuple[datetime.datetime, datetime.datetime]:
    """When the activity's codes are accepted, as aware datetimes."""
    zone = timezone.get_current_timezone()
    day_start = datetime.datetime.combine(activity.date, datetime.time.min, tzinfo=zone)
    opens = day_start
    if activity.starts_at is not None:
        opens = datetime.datetime.combine(
            activity.date, activity.starts_at, tzinfo=zone
        ) - datetime.timedelta(minutes=settings.CHECKIN_OPENS_MINUTES)
    closes = day_start + datetime.timedelta(days=1)
    if activity.ends_at is not None:
        closes = datetime.datetime.combine(activity.date, activity.ends_at, tzinfo=zone) + datetime.timedelta(
            minutes=settings.CHECKIN_CLOSES_MINUTES
        )
    return opens, closes


def is_open(activity: Activity, now: datetime.datetime) -> bool:
    opens, closes = window(activity)
    return opens <= now <= closes


def current_code(activity: Activity, now: datetime.datetime | None = None) -> CheckInCode:
    """The code of the slot ``now`` falls in, and when that slot ends."""
    now = now or timezone.now()
    slot = slot_of(now)
    code = signing.dumps({"a": activity.pk, "s": slot}, salt=SALT, compress=True)
    expires_at = datetime.datetime.fromtimestamp((slot + 1) * slot_seconds(), tz=datetime.UTC)
    return CheckInCode(code=code, expires_at=expires_at)


def verify(code: str, *, activity: Activity, now: datetime.datetime | None = None) -> None:
    """Raise ``CheckInRefused`` unless ``code`` signs in to ``activity`` at ``now``."""
    now = now or timezone.now()
    try:
        payload = signing.loads(code or "", salt=SALT)
    except signing.BadSignature as error:
        raise CheckInRefused(
            _("This check-in code is not valid; scan the code on the screen again.")
        ) from error
    if not isinstance(payload, dict) or payload.get("a") != activity.pk:
        raise CheckInRefused(_("This check-in code is for another activity."))
    opens, closes = window(activity)
    if now < opens:
        raise CheckInRefused(
            _("Check-in opens at %(time)s.") % {"time": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")}
        )
    if now > closes:
        raise CheckInRefused(_("Check-in for this activity has closed."))
    slot = payload.get("s")
    if not isinstance(slot, int) or not 0 <= slot_of(now) - slot <= 1:
        raise CheckInRefused(_("This check-in code has expired; scan the code on the screen again."))


def code_for_screen(request, activity: Activity, now: datetime.datetime | None = None) -> dict:
    """What the check-in screen shows: the current code, the portal URL it opens (absolute, for
    the phone), when it expires, whether check-in is open, and the QR code of the URL."""
    now = now or timezone.now()
    current = current_code(activity, now)
    path = reverse("portal:activity-checkin", args=[activity.pk]) + "?" + urlencode({"code": current.code})
    url = request.build_absolute_uri(path)
    return {
        "code": current.code,
        "url": url,
        "expires_at": current.expires_at,
        "open": is_open(activity, now),
        "svg": qr_svg(url),
    }
