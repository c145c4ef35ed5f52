"""The second factor as a test drives it: the code an authenticator app would show, and enrolment."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc.accounts import services


def totp_code(device, steps: int = 1) -> str:
    """A code the user's authenticator app shows, ``steps`` periods on from the device's time (one
    on by default: a code is taken once, and the one of this period may have been)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Turn the user's second factor on, as the enrolment page does: the device and the recovery codes."""
    device = services.second_factor_start(user=user)
    codes = services.second_factor_confirm(user=user, code=totp_code(device, steps=0))
    return TOTPDevice.objects.get(pk=device.pk), codes
