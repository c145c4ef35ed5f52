"""Security headers on every page, and a CSP that the admin and the API docs work under: every
inline script, style, event handler and style attribute they contain is allowed by nonce or hash."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

DATA_BLOCK_TYPES = {"application/json", "text/template"}


class InlineCode(HTMLParser):
    """Collects what a CSP restricts: inline scripts and styles, event handlers, style attributes."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.handlers, self.style_attributes = [], [], [], []
        self.external = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append(value)
            if name == "style":
                self.style_attributes.append(value)
            loads = name == "src" or (tag == "link" and name == "href")
            if loads and value and re.match(r"^(https?:)?//", value):
                self.external.append(value)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in DATA_BLOCK_TYPES:
            self._open = ("script", attrs.get("nonce"), [])
        elif tag == "style":
            self._open = ("style", attrs.get("nonce"), [])

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            kind, nonce, parts = self._open
            (self.scripts if kind == "script" else self.styles).append((nonce, "".join(parts)))
            self._open = None


def directive(policy: str, name: str) -> str:
    return next(part for part in policy.split("; ") if part.startswith(name + " "))


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def assert_allowed_by_policy(response, *, style_elements=True):
    policy = response["Content-Security-Policy"]
    script_src, style_src = directive(policy, "script-src"), directive(policy, "style-src")
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    page = InlineCode()
    page.feed(response.content.decode())
    for nonce, source in page.scripts:
        assert f"'nonce-{nonce}'" in script_src or sha256(source) in script_src, source
    for nonce, source in page.styles if style_elements else []:
        assert f"'nonce-{nonce}'" in style_src or sha256(source) in style_src, source
    for handler in page.handlers:
        assert sha256(handler) in script_src, handler
    for style in page.style_attributes:
        assert sha256(style) in style_src, style
    assert page.external == []  # nothing loaded from another origin


def test_headers_on_every_response(client):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_each_response_has_its_own_nonce(client):
    first, second = (client.get("/admin/login/")["Content-Security-Policy"] for _ in range(2))
    assert re.search(r"'nonce-[\w-]{16,}'", first) and first != second


def test_the_admin_works_under_the_policy(client, city_clerk, city):
    member = MemberFactory(committee=city)
    member.phone = "13900000001"
    member.save()
    client.force_login(city_clerk)
    pages = [
        "/admin/",
        "/admin/org/member/",
        "/admin/org/member/add/",
        f"/admin/org/member/{member.pk}/change/",
        f"/admin/org/member/{member.pk}/history/",
        "/admin/org/member/import/",
        "/admin/org/member/export/",
        "/admin/org/committee/",
        "/admin/accounts/loginattempt/",
        "/admin/accounts/lockout/",
        "/admin/jsi18n/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_allowed_by_policy(response)


def test_the_browsable_api_runs_no_inline_code(client, city_clerk):
    client.force_login(city_clerk)
    response = client.get("/api/committees/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert_allowed_by_policy(response, style_elements=False)  # code highlighting is cosmetic


def test_the_login_page_works_under_the_policy(client, db):
    assert_allowed_by_policy(client.get("/admin/login/"))


def test_the_api_docs_load_their_script_from_our_origin(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_allowed_by_policy(page)
    parser = InlineCode()
    parser.feed(page.content.decode())
    assert parser.scripts == [] and parser.styles == []
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page.content.decode()).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.content.decode()):
        assert asset.startswith("/static/")
