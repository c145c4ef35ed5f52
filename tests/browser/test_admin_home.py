"""The secretariat's admin home and picker in headless Chromium: the queues lead to their lists,
on a desktop and a phone, and the many-to-many picker speaks Chinese (its texts come from the
admin's JavaScript catalogue)."""

import pytest

from tests.browser.conftest import log_in


@pytest.mark.parametrize("width", [1366, 390])
def test_the_clerk_follows_a_queue_to_its_list(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "clerk")
    queues = page.locator("#workbench")
    assert "待审查" in queues.inner_text() and "已超期" in queues.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    queues.get_by_role("link", name="待审查").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/proposals/proposal/?state__exact=submitted")
    assert world.submitted.title in page.inner_text("#result_list")
    assert page.console_errors == [] and page.external_requests == []


def test_the_many_to_many_picker_is_chinese(page, world):
    log_in(page, "clerk")
    page.goto(f"/admin/org/member/{world.members['member'].pk}/change/")
    page.wait_for_selector(".selector-chooseall")
    picker = page.locator(".selector").first.inner_text()
    assert "全选" in picker and "Choose" not in picker and "Remove" not in picker
    assert page.console_errors == []
