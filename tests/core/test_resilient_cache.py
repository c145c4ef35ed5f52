"""Redis unreachable (cppcc/core/cache.py): the site serves uncached, sign-in works, /healthz says
the cache is down, and nothing written before the outage is served after it when a write was missed.
A real Redis, reached through a proxy the test cuts (the machine's Redis is never stopped)."""

import os
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache import cache
from django.db import transaction

from cppcc.org.models import Member

from ..proxy import Proxy

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
MEMBERS = "/api/members/"


@pytest.fixture
def proxy():
    parts = urlsplit(REDIS_URL)
    proxy = Proxy(parts.port or 6379, parts.hostname or "127.0.0.1")
    yield proxy
    proxy.cut()


@pytest.fixture
def prefix() -> str:
    return f"cppcc-test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def redis_cache(settings, proxy, prefix):
    path = urlsplit(REDIS_URL).path or "/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "cppcc.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://{proxy.url_host}{path}",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.RESPONSE_CACHE = True
    yield
    # Redis back, so that a missed write's recovery thread ends with the test.
    proxy.restore()
    cache.get("anything")


def direct() -> redis.Redis:
    return redis.Redis.from_url(REDIS_URL)


def test_without_redis_reads_find_nothing_and_writes_keep_nothing(proxy):
    cache.set("kept", "before")
    assert cache.get("kept") == "before"
    proxy.cut()
    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.has_key("kept") is False
    assert cache.add("new", 1) is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    cache.set("kept", "during")
    assert cache.delete("kept") is False
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.incr("counter")


def test_a_missed_write_empties_this_deployments_entries_when_redis_returns(proxy, prefix):
    other = f"cppcc-other-{uuid.uuid4().hex}:1:key"
    direct().set(other, "theirs", ex=60)
    cache.set("stale", "before the outage")
    proxy.cut()
    cache.set("stale", "during the outage")  # lost
    proxy.restore()
    assert cache.get("stale") is None  # emptied, not the value from before the outage
    assert direct().get(other) == b"theirs"
    cache.set("fresh", "after")
    assert cache.get("fresh") == "after"
    direct().delete(other)


def test_another_process_finds_the_entries_emptied_within_a_second(proxy, prefix):
    cache.set("stale", "before the outage")
    proxy.cut()
    cache.delete("stale")  # lost: a recovery thread starts
    proxy.restore()
    key = f"{prefix}:1:stale"
    deadline = time.monotonic() + 5
    while direct().exists(key) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not direct().exists(key)


def test_reads_alone_during_an_outage_empty_nothing(proxy):
    cache.set("kept", "before")
    proxy.cut()
    assert cache.get("kept") is None
    proxy.restore()
    assert cache.get("kept") == "before"


@pytest.mark.django_db
def test_healthz_reports_the_cache_down_and_then_up(client, proxy):
    proxy.cut()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}
    proxy.restore()
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_sign_in_and_pages_work_without_redis(client, proxy, member_login):
    member_login.set_password("pass-word-123")
    member_login.save()
    proxy.cut()
    response = client.post("/accounts/login/", {"username": "member", "password": "pass-word-123"})
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200
    proxy.restore()
    assert client.get("/portal/").status_code == 200


@pytest.mark.django_db
def test_a_session_ended_during_the_outage_is_not_revived(client, proxy, member_login):
    client.force_login(member_login)
    assert client.get("/portal/").status_code == 200  # the session is now in Redis too
    proxy.cut()
    client.post("/accounts/logout/")
    proxy.restore()
    assert client.get("/portal/").status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_no_stale_response_after_a_write_during_the_outage(api, proxy, city_clerk, member):
    client = api.as_user(city_clerk)
    assert client.get(MEMBERS).status_code == 200
    assert client.get(MEMBERS)["X-Cache"] == "hit"
    proxy.cut()
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="停电时改名")
    response = client.get(MEMBERS)
    assert response.status_code == 200 and response.get("X-Cache") != "hit"
    proxy.restore()
    response = client.get(MEMBERS)
    assert [row["name"] for row in response.json()["results"]] == ["停电时改名"]
    assert response["X-Cache"] == "miss"
