"""The requests with which the fuzzers found an answer its schema did not describe, replayed with the
fuzzers' checks (``fuzzing.CHECKS``) against a live server, so that each finding stays fixed:

- a member's leave request, and the secretariat's entry of one member's attendance, answer the
  entry, where the schema said a list (only a list of entries answers a list);
- a new speech's ``mode`` is blank until it is selected, where the schema allowed oral or written
  only;
- a search term with a null character answered a bare list of messages (tests/core/test_search_terms.py)."""

import pytest
import schemathesis

from .fuzzing import CHECKS, Persona

pytestmark = pytest.mark.django_db(transaction=True)

FOUND = [
    pytest.param(
        "member",
        "POST",
        "/api/activities/{id}/attendance/",
        lambda w: {
            "path_parameters": {"id": w.activity.pk},
            "body": {"status": "leave_requested", "reason": "出差"},
        },
        200,
        id="a member asks leave",
    ),
    pytest.param(
        "city_clerk",
        "POST",
        "/api/activities/{id}/attendance/",
        lambda w: {
            "path_parameters": {"id": w.activity.pk},
            "body": {"member": w.members["member"].pk, "status": "present"},
        },
        200,
        id="the secretariat records one entry",
    ),
    pytest.param(
        "city_clerk",
        "POST",
        "/api/activities/{id}/attendance/",
        lambda w: {
            "path_parameters": {"id": w.activity.pk},
            "body": [{"member": w.members["member"].pk, "status": "present", "spoke": True}],
        },
        200,
        id="the secretariat records a list",
    ),
    pytest.param(
        "member",
        "POST",
        "/api/speeches/",
        lambda w: {"body": {"activity": w.plenary.pk, "title": "推进运河文化保护", "content": "正文"}},
        201,
        id="a member writes a speech",
    ),
    pytest.param(
        "member",
        "GET",
        "/api/proposals/",
        lambda w: {"query": {"search": "电梯\x00"}},
        400,
        id="a search with a null character",
    ),
]


@pytest.fixture
def schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")


@pytest.mark.parametrize("persona, method, path, request_of, status", FOUND)
def test_the_answer_is_the_documented_one(
    live_server, schema, fuzz_world, persona, method, path, request_of, status
):
    who = Persona(persona, fuzz_world.users[persona])
    case = schema[path][method].Case(media_type="application/json", **request_of(fuzz_world))
    response = case.call_and_validate(base_url=live_server.url, headers=who.headers, checks=CHECKS)
    assert response.status_code == status
