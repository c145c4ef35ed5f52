"""Real headless Chromium (Debian's, driven by Playwright) against a live test server.

Every page fixture records console errors and aborts, and records, any request that would leave
the machine, so tests can assert that pages work offline with no CDN."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make there
# (building data, checking results) are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (install Debian's chromium and fonts-noto-cjk)")
        pytest.skip("needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_tab(chromium, base_url: str, viewport=(1280, 900), **options):
    """A browser tab on ``base_url`` in a context of its own, in Chinese, on a screen of ``viewport``
    (other context ``options``, such as ``has_touch``, as Playwright takes them). It records console
    errors and aborts, and records, any request that would leave the machine. Confirmation dialogs
    (static/js/confirm.js) are accepted, and their questions kept in ``tab.dialogs``."""
    width, height = viewport
    context = chromium.new_context(
        locale="zh-CN", base_url=base_url, viewport={"width": width, "height": height}, **options
    )
    tab = context.new_page()
    tab.console_errors = []
    tab.external_requests = []
    tab.dialogs = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))

    def confirm(dialog):
        tab.dialogs.append(dialog.message)
        dialog.accept()

    tab.on("dialog", confirm)

    def keep_local(route):
        url = route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            tab.external_requests.append(url)
            route.abort()

    context.route("**/*", keep_local)
    return tab


@pytest.fixture
def page(chromium, live_server, transactional_db):
    """A fresh browser tab on the live server, in Chinese, on a desktop screen."""
    tab = open_tab(chromium, live_server.url)
    yield tab
    tab.context.close()


def log_in(page, username: str, password: str = "pass-word-123") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
