"""The SMS backends (``cppcc.core.sms``): console, file and locmem for development and the tests,
and the HTTP gateway against a real local server started here: a signed request, retries with
back-off on 5xx and timeouts, none on 4xx, the rate limit; phones never logged in clear."""

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from cppcc.core import sms
from cppcc.core.sms import Sms, console, filebased, gateway, locmem

PHONE = "13812341234"
MASKED = "138****1234"
MESSAGE = Sms(
    phone=PHONE, kind="meeting_notice", params={"title": "市政协十四届常委会第五次会议", "date": "2024-06-20"}
)


def test_phones_are_masked():
    assert sms.mask_phone(PHONE) == MASKED
    assert sms.mask_phone("+86 138-1234-1234") == MASKED
    assert sms.mask_phone("12345") == "*****"
    assert sms.scrub(f"invalid number {PHONE}", PHONE) == f"invalid number {MASKED}"


def test_params_are_only_the_kinds_and_cut():
    cleaned = sms.clean_params(
        {"title": "议" * 50, "secret": "x", "date": "", "count": 3}, ("title", "date", "count")
    )
    assert cleaned == {"title": "议" * sms.PARAM_MAX_LENGTH, "count": "3"}


def test_console_prints_the_phone_masked():
    out = io.StringIO()
    result = console.SmsBackend(stream=out).send(MESSAGE)
    assert result.sent
    assert MASKED in out.getvalue() and PHONE not in out.getvalue()
    assert "市政协十四届常委会第五次会议" in out.getvalue()


def test_the_file_backend_appends_json_lines(tmp_path):
    path = tmp_path / "sms" / "outbox.jsonl"
    backend = filebased.SmsBackend(file_path=str(path))
    backend.send(MESSAGE)
    backend.send(MESSAGE)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == [{"phone": MASKED, "kind": "meeting_notice", "params": MESSAGE.params}] * 2


def test_the_file_backend_needs_a_path(settings):
    settings.SMS_FILE_PATH = ""
    with pytest.raises(ImproperlyConfigured):
        filebased.SmsBackend()


def test_locmem_keeps_an_outbox_and_is_the_tests_backend():
    sms.outbox.clear()
    result = sms.send_sms(MESSAGE)
    assert isinstance(sms.get_backend(), locmem.SmsBackend)
    assert sms.outbox == [MESSAGE] and result.sent and result.message_id


class Gateway:
    """A provider on 127.0.0.1:<free port>. ``answers`` is what it replies to each request in turn
    (a status, or "hang" to answer after the client's timeout); every request is kept."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        self.times = []
        gateway_ = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway_.requests.append((dict(self.headers), body))
                gateway_.times.append(time.monotonic())
                answer = gateway_.answers.pop(0) if gateway_.answers else 200
                if answer == "hang":
                    time.sleep(0.5)
                    answer = 200
                payload = (
                    {"message_id": f"m{len(gateway_.requests)}"}
                    if answer < 400
                    else {"error": f"bad number {PHONE}"}
                )
                data = json.dumps(payload).encode()
                try:
                    self.send_response(answer)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def backend(url, *, sleeps=None, **options):
    defaults = {
        "url": url,
        "account": "cppcc-liaocheng",
        "secret": "s3cret",
        "sign_name": "聊城政协",
        "templates": {"meeting_notice": "SMS_0001"},
        "timeout": 0.2,
        "max_attempts": 3,
        "backoff": 0.01,
        "rate_per_second": 1000,
        "limiter": gateway.RateLimiter(1000),
    }
    return gateway.SmsBackend(
        **{**defaults, **options}, sleep=(sleeps.append if sleeps is not None else time.sleep)
    )


def test_a_message_is_one_signed_json_request():
    with Gateway([200]) as provider:
        result = backend(provider.url).send(MESSAGE)
    assert result == sms.SmsResult(sent=True, attempts=1, message_id="m1")
    headers, body = provider.requests[0]
    assert json.loads(body) == {
        "phone": PHONE,
        "sign": "聊城政协",
        "template": "SMS_0001",
        "params": MESSAGE.params,
    }
    signed = b"\n".join(
        [b"cppcc-liaocheng", headers["X-Sms-Timestamp"].encode(), headers["X-Sms-Nonce"].encode(), body]
    )
    assert headers["X-Sms-Account"] == "cppcc-liaocheng"
    assert headers["X-Sms-Signature"] == hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()


def test_a_server_error_is_tried_again_after_a_growing_back_off():
    sleeps = []
    with Gateway([503, 502, 200]) as provider:
        result = backend(provider.url, sleeps=sleeps, backoff=2.0).send(MESSAGE)
    assert result.sent and result.attempts == 3 and result.message_id == "m3"
    assert sleeps == [2.0, 4.0]


def test_attempts_are_bounded():
    sleeps = []
    with Gateway([500, 500, 500, 200]) as provider:
        result = backend(provider.url, sleeps=sleeps).send(MESSAGE)
    assert not result.sent and result.attempts == 3 and len(provider.requests) == 3
    assert result.error.startswith("HTTP 500")


def test_a_refusal_is_not_tried_again_and_its_text_hides_the_phone():
    sleeps = []
    with Gateway([400, 200]) as provider:
        result = backend(provider.url, sleeps=sleeps).send(MESSAGE)
    assert not result.sent and result.attempts == 1 and len(provider.requests) == 1 and sleeps == []
    assert result.error.startswith("HTTP 400") and MASKED in result.error and PHONE not in result.error


def test_a_timeout_is_tried_again():
    with Gateway(["hang", 200]) as provider:
        result = backend(provider.url, sleeps=[]).send(MESSAGE)
    assert result.sent and result.attempts == 2


def test_an_unreachable_gateway_fails_after_the_attempts():
    with Gateway([]) as provider:
        url = provider.url
    result = backend(url, sleeps=[], max_attempts=2).send(MESSAGE)
    assert not result.sent and result.attempts == 2 and "URLError" in result.error


def test_a_kind_without_a_template_is_not_sent():
    with Gateway([]) as provider:
        result = backend(provider.url).send(Sms(phone=PHONE, kind="general", params={}))
    assert not result.sent and result.attempts == 0 and provider.requests == []


def test_the_gateway_needs_its_settings(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(ImproperlyConfigured):
        gateway.SmsBackend()


def test_the_gateway_reads_its_settings(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
    settings.SMS_GATEWAY_ACCOUNT = "a"
    settings.SMS_GATEWAY_SECRET = "s"
    settings.SMS_TEMPLATES = {"meeting_reminder": "SMS_2"}
    settings.SMS_MAX_ATTEMPTS = 5
    configured = sms.get_backend("cppcc.core.sms.gateway.SmsBackend")
    assert (configured.templates, configured.max_attempts) == ({"meeting_reminder": "SMS_2"}, 5)


def test_messages_leave_no_faster_than_the_rate_limit():
    # The limiter's clock stands still but for its own waits: each message after the first waits
    # its 1/20 s (read from the provider's arrival times, a busy machine's scheduling made it flaky).
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    with Gateway([]) as provider:
        limited = backend(provider.url, limiter=gateway.RateLimiter(20, clock=lambda: now[0], sleep=sleep))
        for _ in range(5):
            assert limited.send(MESSAGE).sent
    assert len(provider.times) == 5
    assert slept == [0.05] * 4


def test_the_rate_limiter_spaces_calls():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    limiter = gateway.RateLimiter(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.25]


def test_no_log_record_holds_the_phone(caplog):
    caplog.set_level(logging.DEBUG, logger="cppcc.sms")
    with Gateway([500, 400]) as provider:
        backend(provider.url, sleeps=[]).send(MESSAGE)
    with Gateway([200]) as provider:
        backend(provider.url).send(MESSAGE)
    assert len(caplog.records) == 3
    assert all(PHONE not in record.getMessage() for record in caplog.records)
    assert all(MASKED in record.getMessage() for record in caplog.records)
