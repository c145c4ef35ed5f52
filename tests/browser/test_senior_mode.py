"""The 长辈模式 switch: tapped on the login page it enlarges the text at once, it follows the
member once they log in (kept on their account), and it holds on every page they open until they
turn it off."""

from tests.browser.conftest import log_in


def font_size(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"))


def test_the_switch_enlarges_the_text_and_is_remembered_across_pages(page, member_login):
    page.goto("/accounts/login/")
    normal = font_size(page)
    page.click(".senior-switch button")
    page.wait_for_load_state("networkidle")
    large = font_size(page)
    assert large >= normal * 1.2
    log_in(page, "member")
    for url in ("/portal/", "/portal/proposals/", "/portal/notifications/"):
        page.goto(url)
        assert font_size(page) == large
        assert page.get_attribute(".senior-switch button", "aria-pressed") == "true"
    member_login.refresh_from_db()
    assert member_login.senior_mode
    page.click(".senior-switch button")
    page.wait_for_load_state("networkidle")
    assert font_size(page) == normal
    assert page.console_errors == []
