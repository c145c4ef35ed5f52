"""Schemathesis over the generated OpenAPI schema, against a live server: every operation as every
persona of API.md's table (city and county secretariat, leader, member, handling-unit contact, by
token; and anonymous). No input may yield a 5xx, and every answer must be a documented status code
with a body matching the schema.

Each operation gets a fixed, derandomized set of valid and invalid inputs (``FUZZ_EXAMPLES`` of them
per persona: a few in the suite, 100 in ``make fuzz``), some aimed at the dataset's real records;
operations added later are covered as soon as they are in the schema."""

import os
import traceback
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from cppcc.accounts.models import ApiToken
from cppcc.accounts.services import api_token_issue, token_hash

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.response_schema_conformance,
]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
PERSONAS = ("city_clerk", "county_clerk", "leader", "member", "unit", "anonymous")


@pytest.fixture
def world(transactional_db, world):
    yield world
    cache.clear()  # the token endpoint's throttle counts in the cache


def real_ids(world) -> dict[str, int]:
    """Ids of the dataset's records by path prefix, so that cases also reach existing objects."""
    return {
        "/api/proposals/": world.proposal.pk,
        "/api/opinions/": world.report.pk,
        "/api/activities/": world.activity.pk,
        "/api/members/": world.members["member"].pk,
        "/api/committees/": world.city.pk,
        "/api/handling-units/": world.unit.pk,
    }


def strategy(operation, ids: dict[str, int]):
    """Valid and invalid inputs; for an operation on one object, also that object's real id."""
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    pk = next((pk for prefix, pk in ids.items() if operation.path.startswith(prefix)), None)
    if pk is not None and "{id}" in operation.path:
        strategies += [operation.as_strategy(mode, path_parameters={"id": pk}) for mode in GenerationMode]
    return st.one_of(strategies)


def run_operation(operation, base_url: str, token: tuple | None, ids: dict[str, int], failures: list) -> None:
    """``token``: a user and their token's key; None for anonymous requests."""
    user, key = token or (None, None)
    headers = {"Authorization": f"Token {key}"} if key else {}

    @given(case=strategy(operation, ids))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        # The fuzzer may revoke the token (DELETE /api/auth/token/ or /api/auth/tokens/{id}/): keep
        # it valid for every case.
        if key and not ApiToken.objects.filter(key_hash=token_hash(key)).exists():
            ApiToken.objects.create(
                key_hash=token_hash(key),
                prefix=key[:8],
                user=user,
                expires=timezone.now() + timedelta(days=1),
            )
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    try:
        fuzz()
    except (Exception, BaseExceptionGroup) as error:  # every operation's failures, reported together
        who = user.username if user else "anonymous"
        where = "" if isinstance(error, AssertionError) else "".join(traceback.format_exception(error)[-6:])
        failures.append(f"{operation.label} as {who}:\n{error}\n{where}")


@pytest.mark.timeout(max(900, 60 * EXAMPLES))  # a few minutes on an idle machine at 4 examples
def test_every_operation_survives_fuzzing(live_server, world):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    tokens = {
        persona: (world.users[persona], api_token_issue(user=world.users[persona])[1])
        if world.users[persona]
        else None
        for persona in PERSONAS
    }
    base_url = f"{live_server.url}"
    failures: list[str] = []
    ids = real_ids(world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        for token in tokens.values():
            run_operation(operation, base_url, token, ids, failures)
    print(
        f"fuzzed {len(operations)} operations × {len(tokens)} personas ({', '.join(tokens)}), "
        f"up to {EXAMPLES} examples each"
    )
    assert not failures, "\n\n".join(failures)


FILTERED = {"sqlite": 400, "postgresql": 200}  # PostgreSQL compares them and finds nothing


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/members/?sector=-955201877098014442823558562316288", FILTERED),
        ("/api/proposals/?committee=-23331378465274531840&unit=-5.48e16", FILTERED),
        ("/api/opinion-issues/?committee=-75815450955682075036180545536", FILTERED),
        ("/api/proposals/99999999999999999999999/", {"sqlite": 404, "postgresql": 404}),
    ],
)
def test_numbers_beyond_64_bits_are_refused_not_a_crash(api, world, url, status):
    """Found by the fuzzer on SQLite, which cannot bind such integers."""
    response = api.as_user(world.users["city_clerk"]).get(url)
    assert response.status_code == status[connection.vendor]
