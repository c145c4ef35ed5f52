"""Schemathesis over the generated OpenAPI schema, against a live server: every operation as every
persona of API.md's table (city and county secretariat, leader, member, handling-unit contact, by
token; and anonymous). No input may yield a 5xx, and every answer must be a documented status code
with a body matching the schema.

Each operation gets a fixed, derandomized set of valid and invalid inputs (``FUZZ_EXAMPLES`` of them
per persona: 2 in the suite, 100 in ``make fuzz``), half of them naming records of ``world``
(``fuzzing.aim_at``); operations added later are covered as soon as they are in the schema.
tests/api/test_stateful_fuzz.py fuzzes sequences of linked requests."""

import os
import traceback

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from .fuzzing import CHECKS, Persona, aim_at

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
PERSONAS = ("city_clerk", "county_clerk", "leader", "member", "unit", "anonymous")


def run_operation(operation, base_url: str, who: Persona, failures: list) -> None:
    @given(case=st.one_of([operation.as_strategy(mode) for mode in GenerationMode]))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        who.keep_signed_in()
        case.call_and_validate(base_url=base_url, headers=who.headers, checks=CHECKS)

    try:
        fuzz()
    except (Exception, BaseExceptionGroup) as error:  # every operation's failures, reported together
        where = "" if isinstance(error, AssertionError) else "".join(traceback.format_exception(error)[-6:])
        failures.append(f"{operation.label} as {who.name}:\n{error}\n{where}")


@pytest.mark.timeout(max(900, 60 * EXAMPLES))
def test_every_operation_survives_fuzzing(live_server, fuzz_world):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    aim_at(schema, fuzz_world)
    personas = [Persona(name, fuzz_world.users[name]) for name in PERSONAS]
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        for who in personas:
            run_operation(operation, live_server.url, who, failures)
    print(
        f"fuzzed {len(operations)} operations × {len(personas)} personas ({', '.join(PERSONAS)}), "
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
