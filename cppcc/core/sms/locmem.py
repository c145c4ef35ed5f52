"""The tests: keep each message in ``cppcc.core.sms.outbox``."""

from itertools import count

from .. import sms
from . import Sms, SmsResult
from .base import BaseSmsBackend

_ids = count(1)


class SmsBackend(BaseSmsBackend):
    def send(self, message: Sms) -> SmsResult:
        sms.outbox.append(message)
        return SmsResult(sent=True, message_id=f"locmem-{next(_ids)}")
