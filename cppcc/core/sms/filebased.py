"""Development and staging: append each message, one JSON line, to ``settings.SMS_FILE_PATH``
(the phone masked)."""

import json
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import Sms, SmsResult, mask_phone
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def __init__(self, *, file_path: str | None = None, **options):
        super().__init__(**options)
        path = file_path or getattr(settings, "SMS_FILE_PATH", "")
        if not path:
            raise ImproperlyConfigured("The file SMS backend needs SMS_FILE_PATH.")
        self.path = Path(path)

    def send(self, message: Sms) -> SmsResult:
        line = json.dumps(
            {"phone": mask_phone(message.phone), "kind": message.kind, "params": message.params},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
        return SmsResult(sent=True)
