"""Nothing unpublished is reachable: starting at /public/, every internal link within /public/ is
followed (as a visitor, and as a signed-in clerk, whose public pages are the same), and no page
shows an unpublished title, a draft, an opinion report, a phone, an address or an identity
number."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def crawl(client, start="/public/") -> dict[str, str]:
    """Every page under /public/ reachable by links from ``start``: address -> text."""
    seen, queue = {}, [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content.decode()
        parser = Links()
        parser.feed(seen[url])
        for href in parser.found:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if not parts.netloc and parts.path.startswith("/public/") and "senior-mode" not in parts.path:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize("persona", [None, "city_clerk"])
def test_every_public_page_shows_only_what_is_published(request, client, public_world, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    pages = crawl(client)
    for proposal in public_world.published:
        assert f"/public/proposals/{proposal.pk}/" in pages
        assert any(proposal.title in text for text in pages.values())
    assert any("/public/committees/" in url for url in pages)
    for url, text in pages.items():
        for secret in public_world.secrets:
            assert secret not in text, (url, secret)
        # No mobile number and no identity number, of anyone, anywhere.
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text), url
        assert not re.search(r"(?<!\d)\d{17}[\dXx](?!\d)", text), url
    assert len(pages) >= 8


def test_an_unpublished_proposal_has_no_public_page(client, public_world):
    for proposal in public_world.unpublished:
        assert client.get(f"/public/proposals/{proposal.pk}/").status_code == 404
    assert client.get("/public/proposals/999999/").status_code == 404
