"""``?search=`` refuses a term with a null character as every query parameter refuses a bad value:
400 with the message under the parameter's name, in Chinese (found by the stateful fuzzer: the
answer was a bare list, which no error body of API.md is, saying the term was empty)."""

import pytest

pytestmark = pytest.mark.django_db

NULL_CHARACTER = "不能包含空字符（\\0）。"


@pytest.mark.parametrize("url", ["/api/proposals/", "/api/members/", "/api/opinions/"])
def test_a_null_character_in_a_search_is_refused_under_its_name(api, world, url):
    response = api.as_user(world.users["member"]).get(url, {"search": "电梯\x00加装"})
    assert response.status_code == 400
    assert response.json() == {"search": [NULL_CHARACTER]}


def test_a_null_character_in_a_field_is_refused_in_chinese(api, world):
    response = api.as_user(world.users["member"]).patch(
        f"/api/proposals/{world.draft.pk}/", {"title": "关于\x00养老"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"title": [NULL_CHARACTER]}


def test_a_search_without_one_still_searches(api, world):
    response = api.as_user(world.users["member"]).get("/api/proposals/", {"search": "电梯"})
    assert [item["id"] for item in response.json()["results"]] == [world.proposal.pk]
