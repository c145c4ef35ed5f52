"""Organisation lists: fields, filters, search, ordering, paging and bad parameters."""

import pytest

from cppcc.org.models import Member
from tests.factories import MemberFactory, SectorFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


def test_me_describes_the_user_and_their_roles(api, member_login, member, city):
    body = api.as_user(member_login).get("/api/me/").json()
    assert body == {
        "id": member_login.pk,
        "username": "member",
        "display_name": "李明远",
        "roles": [{"role": "member", "committee": city.pk}],
        "member": member.pk,
        "handling_unit": None,
    }


def test_me_names_the_unit_of_a_contact(api, unit_contact, unit):
    assert api.as_user(unit_contact).get("/api/me/").json()["handling_unit"] == unit.pk


def test_members_carry_display_labels_in_the_requested_language(api, city_clerk, member):
    client = api.as_user(city_clerk)
    chinese = client.get(f"/api/members/{member.pk}/").json()
    assert chinese["gender"] == "male" and chinese["gender_display"] == "男"
    english = client.get(f"/api/members/{member.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["gender_display"] == "male"


def test_members_filter_by_sector_special_committee_and_committee(api, city_clerk, city, county, city_term):
    sector = SectorFactory(committee=city, name="经济界")
    special = SpecialCommitteeFactory(committee=city, name="提案委员会")
    economist = MemberFactory(committee=city, term=city_term, sector=sector)
    economist.special_committees.add(special)
    MemberFactory(committee=city, term=city_term)
    county_member = MemberFactory(committee=county)
    client = api.as_user(city_clerk)

    def ids(query):
        response = client.get(f"/api/members/?{query}")
        assert response.status_code == 200, response.content
        return {m["id"] for m in response.json()["results"]}

    assert ids(f"sector={sector.pk}") == {economist.pk}
    assert ids(f"special_committee={special.pk}") == {economist.pk}
    assert ids(f"committee={county.pk}") == {county_member.pk}
    assert ids(f"within={city.pk}") == set(Member.objects.values_list("id", flat=True))
    assert ids(f"within={county.pk}") == {county_member.pk}


def test_search_and_ordering(api, city_clerk, city, city_term):
    MemberFactory(committee=city, term=city_term, name="张三", workplace="聊城大学 教授")
    MemberFactory(committee=city, term=city_term, name="李四", workplace="市人民医院 主任医师")
    client = api.as_user(city_clerk)
    assert [m["name"] for m in client.get("/api/members/?search=医院").json()["results"]] == ["李四"]
    names = [m["name"] for m in client.get("/api/members/?ordering=-id").json()["results"]]
    assert names == ["李四", "张三"]


def test_paging_defaults_to_50_and_caps_at_200(api, city_clerk, city, city_term):
    MemberFactory.create_batch(210, committee=city, term=city_term)
    client = api.as_user(city_clerk)
    first = client.get("/api/members/").json()
    assert (
        first["count"] == 210 and len(first["results"]) == 50 and first["next"] and first["previous"] is None
    )
    assert len(client.get("/api/members/?page_size=500").json()["results"]) == 200


@pytest.mark.parametrize(
    "query",
    [
        "committee=abc",
        "within=x",
        "sector=%27%3B--",
        "is_standing_committee=maybe",
        "position=king",
        "term=999999",
    ],
)
def test_nonsense_filter_values_answer_400(api, city_clerk, query):
    response = api.as_user(city_clerk).get(f"/api/members/?{query}")
    assert response.status_code == 400
    assert response.json()


def test_unknown_ids_answer_404(api, city_clerk):
    client = api.as_user(city_clerk)
    assert client.get("/api/members/999999/").status_code == 404
    assert client.get("/api/members/abc/").status_code == 404


def test_organisation_lists_are_read_only(api, city_clerk, member):
    client = api.as_user(city_clerk)
    assert client.post("/api/members/", {"name": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/members/{member.pk}/").status_code == 405
