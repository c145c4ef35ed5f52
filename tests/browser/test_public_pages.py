"""The public pages on a phone (390 px) for a visitor: every page of the crawl's world opens with no
sideways scrolling, no console error, no request leaving the machine and no critical or serious
axe-core finding (none at all on the list); the search is typed and sent from the phone; the
长辈模式 switch enlarges the text and holds from page to page."""

from tests.browser.axe import axe_violations
from tests.browser.conftest import open_tab
from tests.site.public.conftest import public_world  # noqa: F401 (the public pages' world)


def font_size(tab) -> float:
    return float(tab.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"))


def test_the_public_pages_on_a_phone(chromium, live_server, transactional_db, public_world, city):  # noqa: F811
    tab = open_tab(chromium, live_server.url, viewport=(390, 844), has_touch=True, is_mobile=True)
    first = public_world.published[0]
    pages = [
        "/public/",
        f"/public/proposals/{first.pk}/",
        "/public/committees/",
        f"/public/committees/{city.pk}/",
    ]
    for url in pages:
        response = tab.goto(url)
        assert response.status == 200, url
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, url
        assert axe_violations(tab) == [], url
    tab.goto("/public/")
    assert axe_violations(tab, impacts=None) == []
    tab.fill("#q", "老旧小区")
    tab.click("form[role=search] button[type=submit]")
    tab.wait_for_load_state("networkidle")
    assert tab.locator(".public-list li").count() == 1
    assert first.title in tab.inner_text(".public-list")

    normal = font_size(tab)
    tab.click(".senior-switch button")
    tab.wait_for_load_state("networkidle")
    assert font_size(tab) >= normal * 1.2
    assert "q=" in tab.url  # back on the same search
    tab.goto(f"/public/proposals/{first.pk}/")
    assert tab.get_attribute(".senior-switch button", "aria-pressed") == "true"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert tab.console_errors == [] and tab.external_requests == []
    tab.context.close()
