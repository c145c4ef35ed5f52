"""Turning the second factor on from a phone (390 px), then signing in with it: the QR code and its
key fit the screen, the recovery codes are shown, the code step follows the password; axe-core finds
no violation of any impact on each page, and nothing scrolls sideways."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.otp import totp_code
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in, open_tab

WIDTH = 390


def check(tab, where: str) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH, where
    assert axe_violations(tab, impacts=None) == [], where


def test_a_member_turns_it_on_from_a_phone_and_signs_in_with_it(chromium, live_server, member_login):
    tab = open_tab(chromium, live_server.url, viewport=(WIDTH, 844), is_mobile=True, has_touch=True)
    try:
        log_in(tab, "member")
        tab.goto("/accounts/otp/")
        check(tab, "the offer")
        tab.click("button[value=start]")
        tab.wait_for_selector(".otp-qr svg")
        assert tab.locator(".otp-qr svg").bounding_box()["width"] <= WIDTH
        tab.click("details summary")
        assert "otpauth://totp/" in tab.inner_text(".otp-uri")
        check(tab, "the QR code")

        device = TOTPDevice.objects.get(user=member_login, confirmed=False)
        secret = tab.inner_text(".otp-secret").replace(" ", "")
        assert device.config_url.count(secret) == 1  # the key shown is the one in the QR code
        tab.fill("#id_code", totp_code(device, steps=0))
        tab.click("button[value=confirm]")
        tab.wait_for_selector(".recovery-codes")
        codes = [code.strip() for code in tab.locator(".recovery-codes code").all_inner_texts()]
        assert len(codes) == 10
        check(tab, "the recovery codes")

        tab.click("text=我已保存")
        tab.click(".who button[type=submit]")
        log_in(tab, "member")
        assert "/accounts/login/code/" in tab.url
        check(tab, "the code step")
        tab.fill("#id_code", codes[0])
        tab.click("#main button.primary")
        tab.wait_for_load_state("networkidle")
        assert tab.url.endswith("/portal/")
        assert "李明远" in tab.inner_text("header")
        assert tab.console_errors == [] and tab.external_requests == []
    finally:
        tab.context.close()
