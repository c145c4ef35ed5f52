"""A real headless Chromium loads the admin login page and the API docs under our CSP: no violation
is reported and Swagger UI renders the API."""

import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium binary"),
    pytest.mark.django_db(transaction=True),
]


def load(url: str) -> tuple[str, str]:
    """The rendered DOM and Chromium's console log (where CSP violations are reported)."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=8000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    return result.stdout, result.stderr


def violations(console: str) -> list[str]:
    return [line for line in console.splitlines() if "Content Security Policy" in line]


def test_the_api_docs_render_under_the_policy(live_server):
    dom, console = load(f"{live_server.url}/api/docs/")
    assert violations(console) == []
    assert "政协履职管理平台 API" in dom and "opblock-tag" in dom  # Swagger UI ran and drew the API


def test_the_admin_login_page_runs_under_the_policy(live_server):
    dom, console = load(f"{live_server.url}/admin/login/")
    assert violations(console) == []
    assert 'name="username"' in dom and 'name="password"' in dom
