import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


def test_token_for_good_credentials_and_400_for_bad(api, member_login):
    ok = api.post("/api/auth/token/", {"username": "member", "password": "pass-word-123"}, format="json")
    assert ok.status_code == 200
    token = ok.json()["token"]
    bad = api.post("/api/auth/token/", {"username": "member", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/me/").json()["username"] == "member"


def test_repeated_failures_are_throttled(api, member_login):
    statuses = [
        api.post("/api/auth/token/", {"username": "member", "password": "wrong"}, format="json").status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_malformed_json_answers_400(api):
    response = api.post("/api/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_schema_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/proposals/" in schema.content and b"/api/members/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "//unpkg" not in html
