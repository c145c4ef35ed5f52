"""The base every SMS backend builds on."""

import logging

from . import Sms, SmsResult, mask_phone

logger = logging.getLogger("cppcc.sms")


class BaseSmsBackend:
    """Send one message at a time; ``send`` answers with an ``SmsResult`` and raises nothing a
    provider can cause (a backend that cannot send says so in the result)."""

    def __init__(self, **options):
        self.options = options

    def send(self, message: Sms) -> SmsResult:
        raise NotImplementedError

    @staticmethod
    def describe(message: Sms) -> str:
        """The message as a log may show it: the phone masked."""
        params = " ".join(f"{name}={value}" for name, value in message.params.items())
        return f"{mask_phone(message.phone)} [{message.kind}] {params}".strip()
