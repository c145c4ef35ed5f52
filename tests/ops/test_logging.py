"""DJANGO_LOG_FORMAT=json writes one JSON object per line."""

import json
import logging
import sys

from cppcc.ops.logging import JsonFormatter
from tests.org.test_settings import run_django


def test_a_record_becomes_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "cppcc.x", logging.ERROR, __file__, 1, "登录 %s", ("失败",), sys.exc_info()
        )
    record.username = "member"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "ERROR" and entry["logger"] == "cppcc.x" and entry["message"] == "登录 失败"
    assert entry["username"] == "member" and "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_the_format_is_checked_at_start_up():
    result = run_django({"DJANGO_DEBUG": "1", "DJANGO_LOG_FORMAT": "xml"}, "check")
    assert result.returncode != 0 and "DJANGO_LOG_FORMAT must be plain or json" in result.stderr


def test_json_logs_from_a_management_command():
    code = "import logging; logging.getLogger('cppcc').warning('hello')"
    result = run_django({"DJANGO_DEBUG": "1", "DJANGO_LOG_FORMAT": "json"}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "hello"
