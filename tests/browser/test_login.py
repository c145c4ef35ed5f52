"""Logging in through the real login page, per role, in headless Chromium."""

from tests.browser.conftest import log_in


def test_a_member_logs_in_and_lands_on_the_portal(page, member_login):
    log_in(page, "member")
    assert page.url.endswith("/portal/")
    assert "李明远" in page.inner_text("header")
    assert page.console_errors == [] and page.external_requests == []


def test_a_clerk_logs_in_and_lands_on_the_admin(page, city_clerk):
    log_in(page, "clerk")
    assert page.url.endswith("/admin/")


def test_a_wrong_password_shows_an_error(page, member_login):
    log_in(page, "member", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator("[role=alert]").is_visible()
