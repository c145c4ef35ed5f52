"""Development: print each message (the phone masked) to standard output."""

import sys
import threading

from . import Sms, SmsResult
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def __init__(self, *, stream=None, **options):
        super().__init__(**options)
        self.stream = stream or sys.stdout

    def send(self, message: Sms) -> SmsResult:
        with self._lock:
            self.stream.write(f"SMS {self.describe(message)}\n")
            self.stream.flush()
        return SmsResult(sent=True)
