"""A provider's HTTP API: one signed JSON request per message.

``POST SMS_GATEWAY_URL`` with the body ``{"phone", "sign", "template", "params"}`` (the sender's
sign name, the template approved for the message's kind, its parameters) and the headers
``X-Sms-Account``, ``X-Sms-Timestamp``, ``X-Sms-Nonce`` and ``X-Sms-Signature``: the hex HMAC-SHA256,
under ``SMS_GATEWAY_SECRET``, of ``account\\ntimestamp\\nnonce\\nbody``. A 2xx answer is sent (its
JSON ``message_id`` or ``id`` is the provider's id); a 4xx is refused and not tried again; a 5xx, a
timeout or a broken connection is tried again after ``SMS_RETRY_BACKOFF`` seconds, doubled each
time, up to ``SMS_MAX_ATTEMPTS`` attempts. Messages leave at most ``SMS_RATE_PER_SECOND`` a second
from each process."""

import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import Sms, SmsResult, scrub
from .base import BaseSmsBackend, logger


class RateLimiter:
    """At most ``per_second`` calls of ``wait`` return each second, across the process's threads."""

    def __init__(self, per_second: float, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self.sleep(start - now)


_limiters: dict[tuple[str, float], RateLimiter] = {}
_limiters_lock = threading.Lock()


def _shared_limiter(url: str, per_second: float) -> RateLimiter:
    with _limiters_lock:
        return _limiters.setdefault((url, per_second), RateLimiter(per_second))


class _Retry(Exception):
    pass


class SmsBackend(BaseSmsBackend):
    """Options default to the settings of the same name (``url`` ← ``SMS_GATEWAY_URL``…); ``sleep``
    (the back-off's) and ``limiter`` may be given, so that tests need not wait."""

    def __init__(
        self,
        *,
        url: str | None = None,
        account: str | None = None,
        secret: str | None = None,
        sign_name: str | None = None,
        templates: dict[str, str] | None = None,
        timeout: float | None = None,
        max_attempts: int | None = None,
        backoff: float | None = None,
        rate_per_second: float | None = None,
        sleep=time.sleep,
        limiter: RateLimiter | None = None,
        **options,
    ):
        super().__init__(**options)
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.account = account if account is not None else settings.SMS_GATEWAY_ACCOUNT
        self.secret = secret if secret is not None else settings.SMS_GATEWAY_SECRET
        self.sign_name = sign_name if sign_name is not None else settings.SMS_SIGN_NAME
        self.templates = templates if templates is not None else settings.SMS_TEMPLATES
        self.timeout = timeout if timeout is not None else settings.SMS_TIMEOUT
        self.max_attempts = max(1, max_attempts if max_attempts is not None else settings.SMS_MAX_ATTEMPTS)
        self.backoff = backoff if backoff is not None else settings.SMS_RETRY_BACKOFF
        rate = rate_per_second if rate_per_second is not None else settings.SMS_RATE_PER_SECOND
        if not self.url or not self.account or not self.secret:
            raise ImproperlyConfigured("The SMS gateway needs SMS_GATEWAY_URL, _ACCOUNT and _SECRET.")
        self.sleep = sleep
        self.limiter = limiter or _shared_limiter(self.url, rate)

    def signed_request(self, body: bytes) -> urllib.request.Request:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        payload = b"\n".join([self.account.encode(), timestamp.encode(), nonce.encode(), body])
        signature = hmac.new(self.secret.encode(), payload, hashlib.sha256).hexdigest()
        return urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Sms-Account": self.account,
                "X-Sms-Timestamp": timestamp,
                "X-Sms-Nonce": nonce,
                "X-Sms-Signature": signature,
            },
        )

    def send(self, message: Sms) -> SmsResult:
        template = self.templates.get(message.kind)
        if not template:
            return SmsResult(sent=False, attempts=0, error=f"no template for the kind {message.kind!r}")
        body = json.dumps(
            {"phone": message.phone, "sign": self.sign_name, "template": template, "params": message.params},
            ensure_ascii=False,
        ).encode()
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            if attempt > 1:
                self.sleep(self.backoff * 2 ** (attempt - 2))
            self.limiter.wait()
            try:
                message_id = self._post(body)
            except _Retry as failure:
                error = scrub(str(failure), message.phone)
                logger.warning("SMS %s: attempt %d failed: %s", self.describe(message), attempt, error)
                continue
            except urllib.error.HTTPError as refusal:
                error = scrub(f"HTTP {refusal.code}: {_text(refusal)}", message.phone)
                logger.warning("SMS %s refused: %s", self.describe(message), error)
                return SmsResult(sent=False, attempts=attempt, error=error)
            logger.info("SMS %s sent (%s)", self.describe(message), message_id)
            return SmsResult(sent=True, attempts=attempt, message_id=message_id)
        return SmsResult(sent=False, attempts=self.max_attempts, error=error)

    def _post(self, body: bytes) -> str:
        """The provider's id for the message; ``_Retry`` where trying again may help, ``HTTPError``
        (a 4xx) where it cannot."""
        try:
            with urllib.request.urlopen(self.signed_request(body), timeout=self.timeout) as response:
                answer = response.read()
        except urllib.error.HTTPError as failure:
            if failure.code >= 500:
                raise _Retry(f"HTTP {failure.code}: {_text(failure)}") from failure
            raise
        except (TimeoutError, urllib.error.URLError, ConnectionError) as failure:
            raise _Retry(f"{type(failure).__name__}: {failure}") from failure
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            data = {}
        return str(data.get("message_id") or data.get("id") or "") if isinstance(data, dict) else ""


def _text(failure: urllib.error.HTTPError) -> str:
    try:
        return failure.read(300).decode("utf-8", "replace")
    except OSError:
        return ""
