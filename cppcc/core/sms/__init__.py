"""Text messages through a backend chosen by settings, as Django sends e-mail: ``SMS_BACKEND`` names
a class (``cppcc.core.sms.console.SmsBackend``, ``filebased``, ``locmem`` for the tests, ``gateway``
for a real provider's HTTP API). A message is a template and its parameters, never free text: the
provider keeps the approved wording, and the platform sends only the few values a kind needs.

Phone numbers are written masked (``mask_phone``) wherever a message is logged or recorded."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["Sms"] = []
"""The messages the locmem backend sent (the tests' ``django.core.mail.outbox``)."""

# Many providers cap each template variable; longer values are cut, never sent whole.
PARAM_MAX_LENGTH = 35


@dataclass(frozen=True)
class Sms:
    """One text message: to ``phone``, of ``kind`` (which picks the template), with ``params``."""

    phone: str
    kind: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SmsResult:
    """What became of a message: sent or not, after how many attempts, the provider's id for it,
    and an error text (with no phone number in it)."""

    sent: bool
    attempts: int = 1
    message_id: str = ""
    error: str = ""


def mask_phone(phone: str) -> str:
    """138****1234: the first three and last four digits (of the number without China's +86), the
    rest hidden."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) > 11 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def scrub(text: str, phone: str) -> str:
    """``text`` with every occurrence of ``phone`` masked (a provider's error may echo it)."""
    digits = re.sub(r"\D", "", phone or "")
    return text.replace(digits, mask_phone(digits)) if digits else text


def clean_params(params: dict, names: tuple[str, ...]) -> dict[str, str]:
    """The parameters a kind's template names, as text, each cut to ``PARAM_MAX_LENGTH``."""
    given = {name: params.get(name) for name in names}
    return {name: str(value)[:PARAM_MAX_LENGTH] for name, value in given.items() if value not in (None, "")}


def get_backend(path: str | None = None, **options):
    """An instance of the backend ``path`` (default: ``settings.SMS_BACKEND``)."""
    return import_string(path or settings.SMS_BACKEND)(**options)


def send_sms(message: Sms, *, backend=None) -> SmsResult:
    """Send one message through ``backend`` (default: the configured one)."""
    return (backend or get_backend()).send(message)
