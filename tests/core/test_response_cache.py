"""The response cache (cppcc/core/response_cache.py) against a real Redis: what it serves, to whom,
and every kind of write that must bump the versions it was read at. Transactional tests: versions
are bumped when a write commits, and the ordinary tests never commit."""

import datetime
import os
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings

from cppcc.core import response_cache
from cppcc.org.models import Member, RoleAssignment

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = "/api/members/"
PASSWORD = "pass-word-123"


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


def every_version() -> dict[str, str]:
    """The version of every table (and of everything), as a reader would find them now."""
    tables = [model._meta.db_table for model in apps.get_models()]
    return response_cache.versions([response_cache.EVERYTHING, *(response_cache.VERSION + t for t in tables)])


def names(response) -> list[str]:
    return sorted(row["name"] for row in response.json()["results"])


def test_a_second_read_is_served_from_the_cache_without_a_query(
    api, city_clerk, member, django_assert_num_queries
):
    # The committees: the secretariat's list of members, even from the cache, writes the audit
    # log's entry of the private fields it shows (tests/accounts/test_audit_hooks.py).
    first = api.as_user(city_clerk).get("/api/committees/")
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = api.get("/api/committees/")
    assert second.status_code == 200 and second["X-Cache"] == "hit"
    assert second.json() == first.json() and second["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda m: MemberFactory(committee=m.committee, name="新委员"), id="save"),
        pytest.param(lambda m: Member.objects.filter(pk=m.pk).update(name="新委员"), id="queryset-update"),
        pytest.param(
            lambda m: connection.cursor().execute(
                "UPDATE org_member SET name = %s WHERE id = %s", ["新委员", m.pk]
            ),
            id="raw-sql",
        ),
        pytest.param(
            lambda m: Member.objects.bulk_create([Member(committee=m.committee, term=m.term, name="新委员")]),
            id="bulk-create",
        ),
    ],
)
def test_every_kind_of_write_empties_the_cache(api, city_clerk, member, write):
    api.as_user(city_clerk).get(MEMBERS)
    write(member)
    fresh = api.get(MEMBERS)
    assert fresh["X-Cache"] == "miss" and "新委员" in names(fresh)


def test_a_deletion_empties_the_cache(api, city_clerk, member, member2):
    api.as_user(city_clerk).get(MEMBERS)
    member2.delete()
    fresh = api.get(MEMBERS)
    assert fresh["X-Cache"] == "miss" and names(fresh) == [member.name]


def test_a_transaction_bumps_versions_when_it_commits_and_not_when_it_rolls_back(city_clerk, member):
    before = every_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="新委员")
        raise RuntimeError
    assert every_version() == before
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="新委员")
        Member.objects.filter(pk=member.pk).update(workplace="聊城大学")
        assert every_version() == before
    after = every_version()
    assert [key for key in before if after[key] != before[key]] == [response_cache.VERSION + "org_member"]


def test_each_user_has_their_own_entries(api, city_clerk, member, member_login):
    """The secretariat reads members' private contact data; a member reading the same URL next
    must not be served the secretariat's entry."""
    staff = api.as_user(city_clerk).get(MEMBERS).json()["results"][0]
    assert "phone" in staff
    public = api.as_user(member_login).get(MEMBERS)
    assert public["X-Cache"] == "miss" and "phone" not in public.json()["results"][0]


def test_a_revoked_role_takes_effect_at_once(api, leader, member):
    assert names(api.as_user(leader).get(MEMBERS)) == [member.name]
    RoleAssignment.objects.filter(user=leader).delete()
    assert api.get(MEMBERS).json()["results"] == []


def test_languages_and_days_have_their_own_entries(api, city_clerk, member, monkeypatch):
    chinese = api.as_user(city_clerk).get(MEMBERS)
    english = api.get(MEMBERS, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Cache"] == "miss"
    assert english.json()["results"][0]["gender_display"] != chinese.json()["results"][0]["gender_display"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    monkeypatch.setattr(response_cache.timezone, "localdate", lambda: tomorrow)
    assert api.get(MEMBERS)["X-Cache"] == "miss"


def test_signing_in_empties_nothing(client, api, city_clerk, member):
    """Sessions, the sign-in audit, tokens and the last sign-in stamp are not what responses show."""
    before = every_version()
    assert client.post("/accounts/login/", {"username": "member", "password": "wrong"}).status_code == 200
    assert client.login(username=city_clerk.username, password=PASSWORD)
    token = api.post("/api/auth/token/", {"username": city_clerk.username, "password": PASSWORD})
    assert token.status_code == 200
    assert every_version() == before


def test_no_cache_asks_for_a_fresh_response(api, city_clerk, member):
    api.as_user(city_clerk).get(MEMBERS)
    fresh = api.get(MEMBERS, HTTP_CACHE_CONTROL="no-cache")
    assert fresh.status_code == 200 and not fresh.has_header("X-Cache")


def test_the_browsable_api_is_never_cached(api, city_clerk, member):
    api.as_user(city_clerk).get(MEMBERS, HTTP_ACCEPT="text/html")
    assert not api.get(MEMBERS, HTTP_ACCEPT="text/html").has_header("X-Cache")


def test_errors_are_not_cached(api, city_clerk, member):
    assert api.as_user(city_clerk).get(f"{MEMBERS}?committee=x").status_code == 400
    assert not api.get(f"{MEMBERS}?committee=x").has_header("X-Cache")


def test_without_redis_requests_are_served_uncached(api, city_clerk, member):
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": unreachable}):
        response = api.as_user(city_clerk).get(MEMBERS)
        assert response.status_code == 200 and not response.has_header("X-Cache")
        Member.objects.filter(pk=member.pk).update(name="新委员")
        assert names(api.get(MEMBERS)) == ["新委员"]


@pytest.mark.parametrize(
    "sql, writes",
    [
        ('SELECT "org_member"."id" FROM "org_member"', False),
        ("  select 1", False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('UPDATE "org_member" SET "name" = %s', True),
        ('INSERT INTO "proposals_proposal" ("title") VALUES (%s)', True),
        ('DELETE FROM "org_roleassignment" WHERE "id" = %s', True),
        ("TRUNCATE org_member", True),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('INSERT INTO "accounts_loginattempt" ("username") VALUES (%s)', False),
        ('UPDATE "org_user" SET "last_login" = %s WHERE "org_user"."id" = %s', False),
        ('UPDATE "org_user" SET "last_login" = %s, "is_active" = %s WHERE "org_user"."id" = %s', True),
        ('UPDATE "org_user" SET "last_login" = NULL WHERE "org_user"."id" = %s', True),
        ('DELETE FROM "accounts_apitoken" WHERE "accounts_apitoken"."user_id" IN (%s)', False),
        ('INSERT INTO "org_historicaluser" ("id") VALUES (%s)', False),
        ('UPDATE "accounts_lockout" SET "until" = %s WHERE "accounts_lockout"."id" = %s', False),
        ("BEGIN", False),
        ("BEGIN IMMEDIATE", False),
        ("COMMIT", False),
        ('ROLLBACK TO SAVEPOINT "s1"', False),
        ("PRAGMA foreign_keys = ON", False),
        ('WITH "gone" AS (DELETE FROM "org_member" RETURNING "id") SELECT 1', True),
    ],
)
def test_what_counts_as_a_write(sql, writes):
    assert response_cache.is_write(sql) is writes


def test_a_transaction_that_only_reads_keeps_the_versions(city_clerk, member):
    """On SQLite the backend sends ``BEGIN`` through the cursor: transaction control is no write."""
    before = every_version()
    with transaction.atomic():
        assert Member.objects.count() == 1
        with transaction.atomic():
            assert Member.objects.filter(pk=member.pk).exists()
    assert every_version() == before


@pytest.mark.parametrize(
    "sql, tables",
    [
        (
            'SELECT "org_member"."id" FROM "org_member" INNER JOIN "org_committee" ON (1)',
            ["org_member", "org_committee"],
        ),
        (
            'SELECT 1 FROM "a" LEFT OUTER JOIN "b" T3 ON (1) WHERE x IN (SELECT U0."id" FROM "c" U0)',
            ["a", "b", "c"],
        ),
        (
            "select count(*) from proposals_proposal p join org_committee c on true",
            ["proposals_proposal", "org_committee"],
        ),
    ],
)
def test_the_tables_a_statement_reads(sql, tables):
    assert response_cache.SOURCES.findall(sql) == tables


def test_each_app_declares_its_own_writes_that_change_no_response():
    """Sign-in's tables (the second factor's devices among them) and the audit log, declared in the
    ready() of accounts and org, and the jobs' (their owner's alone, read only uncached:
    cppcc.core.jobs); core names no app's table."""
    assert response_cache._ignored_tables == {
        "jobs_job",
        "accounts_loginattempt",
        "accounts_lockout",
        "accounts_historicallockout",
        "django_session",
        "accounts_apitoken",
        "accounts_auditentry",
        "org_historicaluser",
        "otp_static_staticdevice",
        "otp_static_statictoken",
        "otp_totp_totpdevice",
    }
    assert response_cache._ignored_columns == {"org_user": {"last_login"}}
    source = Path(response_cache.__file__).read_text()
    assert not [model for model in apps.get_models() if f'"{model._meta.db_table}"' in source]


def test_a_declaration_covers_its_table_or_only_its_fields(monkeypatch):
    monkeypatch.setattr(response_cache, "_ignored_tables", set())
    monkeypatch.setattr(response_cache, "_ignored_columns", {})
    phone = 'UPDATE "org_member" SET "phone" = %s WHERE "org_member"."id" = %s'
    phone_and_name = 'UPDATE "org_member" SET "phone" = %s, "name" = %s WHERE "org_member"."id" = %s'
    insert = 'INSERT INTO "org_member" ("name") VALUES (%s)'
    assert response_cache.is_write(phone)
    response_cache.ignore_writes(Member, fields=["phone"])
    assert not response_cache.is_write(phone)
    assert response_cache.is_write(phone_and_name) and response_cache.is_write(insert)
    response_cache.ignore_writes(Member)
    assert not response_cache.is_write(phone_and_name) and not response_cache.is_write(insert)
