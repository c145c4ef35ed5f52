"""Who sees which activities and platform records: a county's secretariat its own, the city everything
below it, a member their committee's, a handling unit none; invisible objects answer 404."""

import pytest

from tests.factories import MemberFactory, member_user

from .factories import (
    ActivityFactory,
    PublicationFactory,
    RoomFactory,
    SectorGroupFactory,
    StudyRoomFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["activities", "rooms", "sector-groups", "study-rooms", "publications", "visits"]
FACTORIES = {
    "activities": ActivityFactory,
    "rooms": RoomFactory,
    "sector-groups": SectorGroupFactory,
    "study-rooms": StudyRoomFactory,
    "publications": PublicationFactory,
    "visits": VisitFactory,
}


@pytest.fixture
def records(city, county, other_city):
    return {
        name: {c.code: factory(committee=c).pk for c in (city, county, other_city)}
        for name, factory in FACTORIES.items()
    }


def ids(client, name):
    response = client.get(f"/api/{name}/")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_requests_answer_401(api, name):
    assert api.get(f"/api/{name}/").status_code == 401


@pytest.mark.parametrize("name", LISTS)
def test_city_clerk_and_leader_read_the_city_and_the_county(api, city_clerk, leader, records, name):
    expected = {records[name]["city"], records[name]["county"]}
    assert ids(api.as_user(city_clerk), name) == expected
    assert ids(api.as_user(leader), name) == expected


@pytest.mark.parametrize("name", LISTS)
def test_county_clerk_reads_only_the_county(api, county_clerk, records, name):
    client = api.as_user(county_clerk)
    assert ids(client, name) == {records[name]["county"]}
    assert client.get(f"/api/{name}/{records[name]['city']}/").status_code == 404


@pytest.mark.parametrize("name", LISTS)
def test_a_member_reads_their_committee(api, member_login, records, name):
    assert ids(api.as_user(member_login), name) == {records[name]["city"]}


@pytest.mark.parametrize("name", LISTS)
def test_a_handling_unit_reads_none(api, unit_contact, records, name):
    assert ids(api.as_user(unit_contact), name) == set()


def test_only_the_own_secretariat_creates_and_edits(
    api, city, county, city_clerk, county_clerk, leader, member_login
):
    body = {"committee": county.pk, "kind": "inspection", "title": "视察", "date": "2024-05-01"}
    assert api.as_user(city_clerk).post("/api/activities/", body, format="json").status_code == 403
    assert api.as_user(leader).post("/api/activities/", body, format="json").status_code == 403
    assert api.as_user(member_login).post("/api/activities/", body, format="json").status_code == 403
    created = api.as_user(county_clerk).post("/api/activities/", body, format="json")
    assert created.status_code == 201, created.content
    patch = api.as_user(city_clerk).patch(
        f"/api/activities/{created.json()['id']}/", {"title": "改"}, format="json"
    )
    assert patch.status_code == 403


def test_a_member_of_another_committee_does_not_see_the_activity(api, county, city):
    outsider = MemberFactory(committee=county)
    login = member_user(outsider, "outsider")
    activity = ActivityFactory(committee=city)
    assert api.as_user(login).get(f"/api/activities/{activity.pk}/attendance/").status_code == 404
