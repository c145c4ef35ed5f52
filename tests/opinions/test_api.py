"""The opinion reports API: fields, actions, filters, bad input and fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opinions.models import OpinionReport

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_a_member_creates_edits_and_submits_a_report(api, member_login, member, city):
    client = api.as_user(member_login)
    response = client.post(
        "/api/opinions/",
        {"committee": city.pk, "title": "关于公交线路优化的建议", "content": "……", "category": "society"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["authors"] == [member.pk] and body["author_names"] == ["李明远"]
    assert body["state_display"] == "草稿" and body["level"] is None and body["adoptions"] == []
    pk = body["id"]
    assert (
        client.patch(f"/api/opinions/{pk}/", {"title": "新标题"}, format="json").json()["title"] == "新标题"
    )
    submitted = client.post(f"/api/opinions/{pk}/submit/").json()
    assert submitted["state"] == "submitted" and submitted["submitted_at"]
    assert client.patch(f"/api/opinions/{pk}/", {"title": "再改"}, format="json").status_code == 409
    history = client.get(f"/api/opinions/{pk}/history/").json()
    assert [h["action"] for h in history] == ["create", "submit"]


def test_the_secretariat_reviews_publishes_and_records_adoptions(api, city_clerk, make_report, city):
    report = make_report(state="submitted")
    issue = IssueFactory(committee=city, number=35)
    client = api.as_user(city_clerk)
    assert client.post(f"/api/opinions/{report.pk}/accept/").json()["state"] == "accepted"
    published = client.post(f"/api/opinions/{report.pk}/publish/", {"issue": issue.pk}, format="json").json()
    assert published["state"] == "published" and published["issue"] == issue.pk
    response = client.post(
        f"/api/opinions/{report.pk}/adoptions/",
        {"body": "province_cppcc", "action": "adopted", "date": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["level"] == "province" and response.json()["body_display"] == "省政协"
    detail = client.get(f"/api/opinions/{report.pk}/").json()
    assert detail["level"] == "province" and len(detail["adoptions"]) == 1
    issues = client.get("/api/opinion-issues/").json()["results"]
    assert issues == [
        {
            "id": issue.pk,
            "committee": city.pk,
            "year": 2024,
            "number": 35,
            "title": "2024年第35期",
            "published_on": "2024-03-20",
            "reports": [report.pk],
        }
    ]


@pytest.mark.parametrize(
    ("state", "action", "payload", "status"),
    [
        ("draft", "accept", {}, 409),
        ("submitted", "publish", {"issue": "x"}, 400),
        ("accepted", "publish", {"issue": 999999}, 400),
        ("accepted", "publish", {}, 400),
        ("submitted", "decline", {}, 400),
        ("submitted", "return", {"reason": ""}, 400),
        (
            "submitted",
            "adoptions",
            {"body": "province_cppcc", "action": "adopted", "date": "2024-05-01"},
            409,
        ),
        ("accepted", "adoptions", {"body": "moon", "action": "adopted", "date": "2024-05-01"}, 400),
        ("accepted", "adoptions", {"body": "city_cppcc", "action": "liked", "date": "2024-05-01"}, 400),
        ("accepted", "adoptions", {"body": "city_cppcc", "action": "adopted", "date": "yesterday"}, 400),
        ("accepted", "adoptions", {"body": "city_cppcc", "action": "instructed", "date": "2024-05-01"}, 400),
        ("accepted", "adoptions", ["not", "an", "object"], 400),
    ],
)
def test_bad_requests_are_answered_without_5xx(api, city_clerk, make_report, state, action, payload, status):
    report = make_report(state=state)
    response = api.as_user(city_clerk).post(f"/api/opinions/{report.pk}/{action}/", payload, format="json")
    assert response.status_code == status, response.content
    if status == 409:
        assert response.json()["code"] == "invalid_transition"


def test_wrong_roles_get_403(api, leader, member_login, make_report):
    report = make_report(state="submitted")
    assert api.as_user(leader).post(f"/api/opinions/{report.pk}/accept/").status_code == 403
    assert api.as_user(member_login).post(f"/api/opinions/{report.pk}/accept/").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "state=flying",
        "category=x",
        "level=galactic",
        "year=abc",
        "year=3000",
        "issue=abc",
        "author=abc",
        "committee=abc",
    ],
)
def test_a_filter_value_that_makes_no_sense_answers_400(api, city_clerk, make_report, query):
    make_report(state="submitted")
    response = api.as_user(city_clerk).get(f"/api/opinions/?{query}")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [query.split("=")[0]]


def test_odd_pages_and_ids(api, city_clerk, make_report):
    """Pages are DRF's: a page that is not there is 404, a bad page size the default; an author id
    beyond 64 bits is nobody's."""
    make_report(state="submitted")
    client = api.as_user(city_clerk)
    assert client.get("/api/opinions/?page=abc").status_code == 404
    assert client.get("/api/opinions/?page_size=-1").json()["count"] == 1
    assert client.get("/api/opinions/?author=99999999999999999999").json()["count"] == 0


def test_bad_create_input(api, member_login, city, other_city):
    client = api.as_user(member_login)
    assert client.post("/api/opinions/", {"committee": city.pk}, format="json").status_code == 400
    assert client.post("/api/opinions/", {"committee": "abc", "title": "t"}, format="json").status_code == 400
    assert (
        client.post("/api/opinions/", {"committee": other_city.pk, "title": "t"}, format="json").status_code
        == 403
    )
    assert (
        client.post(
            "/api/opinions/", {"committee": city.pk, "title": "t", "authors": [424242]}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/opinions/", {"committee": city.pk, "title": "t", "category": "x"}, format="json"
        ).status_code
        == 400
    )
    assert client.get("/api/opinions/424242/").status_code == 404


def test_filters(api, city_clerk, make_report, member, member2, city):
    mine = make_report(state="accepted")
    theirs = make_report(state="submitted", authors=[member2], title="关于城区停车难的建议")
    client = api.as_user(city_clerk)
    client.post(
        f"/api/opinions/{mine.pk}/adoptions/",
        {"body": "city_party_committee", "action": "adopted", "date": "2024-05-01"},
        format="json",
    )

    def ids(query):
        response = client.get(f"/api/opinions/?{query}")
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids(f"author={member.pk}") == {mine.pk}
    assert ids("state=submitted") == {theirs.pk}
    assert ids("level=city") == {mine.pk}
    assert ids(f"committee={city.pk}&search=停车") == {theirs.pk}
    assert ids(f"within={city.pk}") == {mine.pk, theirs.pk}
    year = OpinionReport.objects.get(pk=mine.pk).submitted_at.year
    assert ids(f"year={year}") == {mine.pk, theirs.pk}
    assert ids(f"year={year - 1}") == set()


def test_list_queries_do_not_grow_with_the_page(
    api, city_clerk, make_report, member, member2, django_assert_num_queries
):
    for i in range(12):
        report = make_report(state="published" if i % 2 else "accepted", authors=[member, member2])
        api.as_user(city_clerk).post(
            f"/api/opinions/{report.pk}/adoptions/",
            {"body": "city_cppcc", "action": "adopted", "date": "2024-05-01"},
            format="json",
        )
    client = api.as_user(city_clerk)
    client.get("/api/opinions/?page_size=1")  # warm the per-request caches of the test client
    counts = []
    for size in (10, 200):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(f"/api/opinions/?page_size={size}").json()["results"]) == min(size, 12)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[0]):
        client.get("/api/opinions/?page_size=200")
