"""Who sees which organisation objects through the API (API.md, "Who sees what")."""

import pytest

from tests.factories import HandlingUnitFactory, MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db

LISTS = ["committees", "sessions", "sectors", "special-committees", "parties", "members", "handling-units"]


@pytest.mark.parametrize("name", LISTS + ["me"])
def test_anonymous_requests_answer_401(api, name):
    response = api.get(f"/api/{name}/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_city_clerk_reads_the_city_and_the_counties_below(api, city_clerk, city, county, other_city):
    response = api.as_user(city_clerk).get("/api/committees/")
    assert response.status_code == 200
    assert {c["name"] for c in response.json()["results"]} == {"聊城市政协", "东昌府区政协"}


def test_county_clerk_reads_only_the_county(api, county_clerk, city, county):
    body = api.as_user(county_clerk).get("/api/committees/").json()
    assert [c["name"] for c in body["results"]] == ["东昌府区政协"]
    assert body["results"][0]["level"] == "county"
    assert body["results"][0]["level_display"] == "县级"


def test_objects_of_other_committees_answer_404(api, county_clerk, city, county):
    city_member = MemberFactory(committee=city)
    city_unit = HandlingUnitFactory(committee=city)
    client = api.as_user(county_clerk)
    assert client.get(f"/api/members/{city_member.pk}/").status_code == 404
    assert client.get(f"/api/handling-units/{city_unit.pk}/").status_code == 404
    assert client.get(f"/api/committees/{city.pk}/").status_code == 404


def test_private_fields_are_for_the_secretariat_only(
    api, city_clerk, leader, member_login, member2, unit_contact
):
    member2.address, member2.id_number = "聊城市东昌府区柳园街道 8 号", "11010519491231002X"
    member2.save()
    clerk_view = api.as_user(city_clerk).get(f"/api/members/{member2.pk}/").json()
    assert (clerk_view["phone"], clerk_view["address"], clerk_view["id_number"]) == (
        member2.phone,
        "聊城市东昌府区柳园街道 8 号",
        "11010519491231002X",
    )
    for user in (leader, member_login, unit_contact):
        public_view = api.as_user(user).get(f"/api/members/{member2.pk}/").json()
        assert public_view["name"] == "王晓梅"
        assert not set(public_view) & {"phone", "email", "address", "id_number"}
        assert "11010519491231002X" not in str(public_view)
    api.logout()
    assert api.get(f"/api/members/{member2.pk}/").status_code == 401


def test_city_clerk_sees_private_fields_of_county_members(api, city_clerk, county):
    county_member = MemberFactory(committee=county)
    assert (
        api.as_user(city_clerk).get(f"/api/members/{county_member.pk}/").json()["phone"]
        == county_member.phone
    )


def test_member_reads_the_directory_of_their_own_committee_only(api, member_login, member, county):
    MemberFactory(committee=county)
    body = api.as_user(member_login).get("/api/members/").json()
    assert [m["id"] for m in body["results"]] == [member.pk]


def test_unit_contact_reads_their_committee(api, unit_contact, unit, county):
    HandlingUnitFactory(committee=county)
    body = api.as_user(unit_contact).get("/api/handling-units/").json()
    assert [u["name"] for u in body["results"]] == ["市住房城乡建设局"]


def test_user_without_roles_reads_nothing(api, db, city):
    from tests.factories import UserFactory

    SectorFactory(committee=city)
    client = api.as_user(UserFactory())
    for name in LISTS:
        assert client.get(f"/api/{name}/").json()["count"] == 0, name
