"""The public API: GET /api/public/proposals/ and /api/public/proposals/{id}/ for anyone, read-only,
published proposals only, public fields only, paged like every list, in the OpenAPI schema."""

import pytest

from proposals import services

pytestmark = pytest.mark.django_db

LIST = "/api/public/proposals/"
FIELDS = {
    "id",
    "committee",
    "committee_name",
    "year",
    "number",
    "code",
    "title",
    "content",
    "category",
    "category_name",
    "proposers",
    "units",
    "replies",
    "rating",
    "rating_display",
}


def test_anyone_lists_the_published_proposals(api, public_world):
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert {row["id"] for row in body["results"]} == {p.pk for p in public_world.published}
    assert all(set(row) == FIELDS for row in body["results"])
    first = next(row for row in body["results"] if row["id"] == public_world.published[0].pk)
    assert first["proposers"] == [
        {"name": "李明远", "sector": "经济界"},
        {"name": "王晓梅", "sector": "教育界"},
    ]
    assert first["units"][0]["unit_name"] == "市住房城乡建设局" and first["units"][0]["role"] == "lead"
    assert first["replies"][0]["category"] == "A"
    assert first["replies"][0]["category_display"] == "所提问题已经解决或采纳"
    assert "＊＊＊" in first["replies"][0]["content"] and "13905351234" not in str(body)
    assert (first["rating"], first["rating_display"]) == ("satisfied", "满意")
    for secret in public_world.secrets:
        assert secret not in response.content.decode()


def test_a_signed_in_user_reads_the_same(api, public_world, city_clerk):
    assert api.as_user(city_clerk).get(LIST).json()["count"] == 3


def test_the_detail_answers_for_published_proposals_only(api, public_world):
    published = public_world.published[0]
    response = api.get(f"{LIST}{published.pk}/")
    assert response.status_code == 200 and response.json()["title"] == published.title
    for proposal in public_world.unpublished:
        response = api.get(f"{LIST}{proposal.pk}/")
        assert response.status_code == 404 and response.json() == {"detail": "未找到。"}


def test_nothing_is_written(api, public_world):
    published = public_world.published[0]
    assert api.post(LIST, {}, format="json").status_code == 405
    assert api.patch(f"{LIST}{published.pk}/", {"title": "改"}, format="json").status_code == 405
    assert api.delete(f"{LIST}{published.pk}/").status_code == 405


def test_filters_and_search(api, public_world, county, unit):
    first, second, in_county = public_world.published

    def ids(**query):
        response = api.get(LIST, query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(committee=county.pk) == {in_county.pk}
    assert ids(unit=unit.pk) == {first.pk, second.pk}
    assert ids(category=second.category_id) == {second.pk}
    assert ids(search="老旧小区") == {first.pk}
    assert ids(year=first.session.opened_on.year, committee=first.committee_id) == {first.pk, second.pk}
    assert api.get(LIST, {"year": 1800}).status_code == 400
    assert api.get(LIST, {"committee": "x"}).status_code == 400


def test_paged_like_every_list(api, public_world):
    body = api.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_withdrawn_from_publication_it_is_gone(api, public_world, city_clerk):
    first = public_world.published[0]
    services.proposal_unpublish(proposal=first, actor=city_clerk)
    assert api.get(f"{LIST}{first.pk}/").status_code == 404
    assert first.pk not in {row["id"] for row in api.get(LIST).json()["results"]}


def test_the_list_costs_the_same_queries_whatever_its_size(api, public_world, django_assert_num_queries):
    # count, page, co-signers, assignments, replies, ratings, reply labels
    with django_assert_num_queries(7):
        assert len(api.get(LIST, {"page_size": 1}).json()["results"]) == 1
    with django_assert_num_queries(7):
        assert len(api.get(LIST).json()["results"]) == 3


def test_in_the_schema(api):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "get" in paths["/api/public/proposals/"] and "get" in paths["/api/public/proposals/{id}/"]
    assert "post" not in paths["/api/public/proposals/"]
    parameters = {p["name"] for p in paths["/api/public/proposals/"]["get"]["parameters"]}
    assert {"year", "committee", "category", "unit", "search", "page", "page_size"} <= parameters
