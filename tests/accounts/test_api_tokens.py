"""API tokens: one per sign-in, kept as a hash, expiring TOKEN_MAX_AGE_DAYS after they are issued
and sooner when unused for TOKEN_IDLE_TIMEOUT; listed and revoked by their owner and by the
secretariat of the owner's committee (``/api/auth/tokens/``)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from cppcc.accounts.models import ApiToken
from cppcc.accounts.services import api_token_issue, token_hash
from cppcc.org.models import Role
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
TOKENS = "/api/auth/tokens/"


def obtain(api, username="member", headers=None, **fields) -> str:
    response = api.post(
        "/api/auth/token/",
        {"username": username, "password": PASSWORD, **fields},
        format="json",
        headers=headers,
    )
    assert response.status_code == 200 and set(response.json()) == {"token"}
    return response.json()["token"]


def with_token(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_the_defaults():
    assert settings.TOKEN_MAX_AGE_DAYS == 30
    assert settings.TOKEN_IDLE_TIMEOUT == settings.SESSION_IDLE_TIMEOUT == 30 * 60


def test_each_sign_in_gets_a_token_of_its_own_kept_as_a_hash(api, member_login):
    first = obtain(api, headers={"User-Agent": "CPPCC-App/2.1"})
    second = obtain(api, name="报表脚本")
    assert first != second and len(first) == 40
    tokens = {token.prefix: token for token in ApiToken.objects.filter(user=member_login)}
    assert set(tokens) == {first[:8], second[:8]}
    token = tokens[first[:8]]
    assert token.key_hash == token_hash(first) and first not in token.key_hash
    assert token.expires - token.created == timedelta(days=30)
    assert (token.name, tokens[second[:8]].name) == ("CPPCC-App/2.1", "报表脚本")
    for key in (first, second):
        assert with_token(api, key).get("/api/me/").json()["username"] == "member"


def test_a_token_past_its_expiry_answers_401_in_chinese(api, member_login):
    token, key = api_token_issue(user=member_login)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    response = with_token(api, key).get("/api/me/")
    assert response.status_code == 401 and response.json() == {
        "detail": "令牌已过期，请重新登录以获取新令牌。"
    }
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_unused_too_long_answers_401_in_chinese(api, member_login):
    token, key = api_token_issue(user=member_login)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now() - timedelta(minutes=31))
    response = with_token(api, key).get("/api/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "令牌长时间未使用，已失效，请重新登录以获取新令牌。"}
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now() - timedelta(minutes=29))
    assert with_token(api, key).get("/api/me/").status_code == 200


def test_the_last_use_is_written_at_most_once_a_minute(api, member_login, django_assert_num_queries):
    token, key = api_token_issue(user=member_login)
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used=recent)
    with_token(api, key).get("/api/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used == recent
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now() - timedelta(minutes=2))
    before = timezone.now()
    with_token(api, key).get("/api/me/")
    assert ApiToken.objects.get(pk=token.pk).last_used >= before


def test_no_idle_timeout_when_it_is_zero(api, member_login, settings):
    settings.TOKEN_IDLE_TIMEOUT = 0
    token, key = api_token_issue(user=member_login)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now() - timedelta(days=3))
    assert with_token(api, key).get("/api/me/").status_code == 200


def test_wrong_keys_and_inactive_users_are_refused(api, member_login):
    assert with_token(api, "0" * 40).get("/api/me/").status_code == 401
    _token, key = api_token_issue(user=member_login)
    member_login.is_active = False
    member_login.save()
    assert with_token(api, key).get("/api/me/").status_code == 401


def test_signing_in_again_clears_the_tokens_that_no_longer_work(api, member_login):
    expired, _key = api_token_issue(user=member_login)
    idle, _key = api_token_issue(user=member_login)
    live, _key = api_token_issue(user=member_login)
    ApiToken.objects.filter(pk=expired.pk).update(expires=timezone.now())
    ApiToken.objects.filter(pk=idle.pk).update(last_used=timezone.now() - timedelta(hours=1))
    obtain(api)
    kept = set(ApiToken.objects.filter(user=member_login).values_list("pk", flat=True))
    assert live.pk in kept and expired.pk not in kept and idle.pk not in kept and len(kept) == 2


def test_the_owner_lists_their_tokens_without_their_keys(api, member_login, member2_login):
    key = obtain(api, name="手机")
    _laptop, laptop_key = api_token_issue(user=member_login, name="电脑")
    api_token_issue(user=member2_login)
    response = with_token(api, key).get(TOKENS)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["name"], row["prefix"], row["current"], row["state"]) for row in rows] == [
        ("电脑", laptop_key[:8], False, "active"),
        ("手机", key[:8], True, "active"),
    ]
    assert {row["username"] for row in rows} == {"member"}
    assert key not in response.content.decode() and laptop_key not in response.content.decode()
    assert set(rows[0]) == {
        "id", "user", "username", "display_name", "name", "prefix", "created", "last_used", "expires",
        "state", "current",
    }  # fmt: skip


def test_the_list_tells_which_tokens_no_longer_work(api, member_login):
    expired, _key = api_token_issue(user=member_login)
    idle, _key = api_token_issue(user=member_login)
    ApiToken.objects.filter(pk=expired.pk).update(expires=timezone.now())
    ApiToken.objects.filter(pk=idle.pk).update(last_used=timezone.now() - timedelta(hours=1))
    states = {row["id"]: row["state"] for row in api.as_user(member_login).get(TOKENS).json()["results"]}
    assert states == {expired.pk: "expired", idle.pk: "idle"}


def test_the_owner_revokes_a_token(api, member_login):
    lost, lost_key = api_token_issue(user=member_login, name="丢失的手机")
    _token, key = api_token_issue(user=member_login)
    assert with_token(api, key).delete(f"{TOKENS}{lost.pk}/").status_code == 204
    assert not ApiToken.objects.filter(pk=lost.pk).exists()
    assert with_token(api, lost_key).get("/api/me/").status_code == 401


@pytest.fixture
def tokens(member_login, member2_login, county, city_clerk, county_clerk, leader, unit_contact):
    """A token of each persona, and one of a member of the county."""
    county_member = grant(UserFactory(username="county_member"), county, Role.MEMBER)
    people = {
        "member": member_login,
        "member2": member2_login,
        "county_member": county_member,
        "city_clerk": city_clerk,
        "county_clerk": county_clerk,
        "leader": leader,
        "unit": unit_contact,
    }
    return {name: api_token_issue(user=user)[0] for name, user in people.items()}


def listed(api, user, tokens) -> set[str]:
    names = {token.pk: name for name, token in tokens.items()}
    return {names[row["id"]] for row in api.as_user(user).get(TOKENS).json()["results"]}


def test_the_secretariat_reads_the_tokens_of_its_committee_and_below(
    api, tokens, city_clerk, county_clerk, leader, member_login, unit_contact
):
    city = {"member", "member2", "city_clerk", "leader", "unit"}
    assert listed(api, city_clerk, tokens) == city | {"county_member", "county_clerk"}
    assert listed(api, county_clerk, tokens) == {"county_member", "county_clerk"}
    assert listed(api, leader, tokens) == {"leader"}
    assert listed(api, member_login, tokens) == {"member"}
    assert listed(api, unit_contact, tokens) == {"unit"}


@pytest.mark.parametrize(
    "actor, owner, status",
    [
        ("city_clerk", "member", 204),
        ("city_clerk", "leader", 204),
        ("county_clerk", "county_member", 204),
        ("city_clerk", "county_member", 403),  # read from above, revoked by the county's clerk
        ("county_clerk", "member", 404),
        ("leader", "member", 404),
        ("member2", "member", 404),
        ("unit", "member", 404),
    ],
)
def test_who_revokes_whose_token(api, tokens, request, actor, owner, status):
    users = {
        "city_clerk": "city_clerk",
        "county_clerk": "county_clerk",
        "leader": "leader",
        "member2": "member2_login",
        "unit": "unit_contact",
    }
    user = request.getfixturevalue(users[actor])
    response = api.as_user(user).delete(f"{TOKENS}{tokens[owner].pk}/")
    assert response.status_code == status, response.content
    assert ApiToken.objects.filter(pk=tokens[owner].pk).exists() is (status != 204)
    if status != 204:
        assert "detail" in response.json()


def test_anonymous_visitors_get_401(api, tokens):
    assert api.get(TOKENS).status_code == 401
    assert api.delete(f"{TOKENS}{tokens['member'].pk}/").status_code == 401


def test_the_tokens_of_the_former_table_keep_working(api, member_login):
    """The migration that brings ApiToken hashes the keys of rest_framework.authtoken's table and
    empties it."""
    migration = importlib.import_module("cppcc.accounts.migrations.0003_api_tokens")
    created = timezone.now() - timedelta(days=2)
    when = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created {when}, user_id integer)"
        )
        stored = created if connection.vendor == "postgresql" else created.replace(tzinfo=None).isoformat(" ")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", ["a" * 40, stored, member_login.pk])
    migration.adopt_authtoken_keys(apps, SimpleNamespace(connection=connection))
    token = ApiToken.objects.get(user=member_login)
    assert (token.key_hash, token.prefix, token.created) == (token_hash("a" * 40), "aaaaaaaa", created)
    assert token.expires == created + timedelta(days=30)
    assert with_token(api, "a" * 40).get("/api/me/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
