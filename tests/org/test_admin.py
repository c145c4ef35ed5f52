"""The secretariat's admin: scoped to the clerk's committees, in Chinese."""

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_admin_speaks_chinese(client, city_clerk):
    client.force_login(city_clerk)
    page = client.get("/admin/").content.decode()
    assert "政协履职管理平台" in page and "委员" in page


def test_county_clerk_sees_and_edits_only_their_committee(client, county_clerk, city, county):
    city_member = MemberFactory(committee=city, name="市里委员")
    county_member = MemberFactory(committee=county, name="区里委员")
    client.force_login(county_clerk)
    listing = client.get("/admin/org/member/").content.decode()
    assert "区里委员" in listing and "市里委员" not in listing
    # Django's admin answers an object outside its queryset by sending the user to its index.
    assert client.get(f"/admin/org/member/{city_member.pk}/change/")["Location"] == "/admin/"
    assert client.get(f"/admin/org/member/{county_member.pk}/change/").status_code == 200


def test_city_clerk_reads_county_members_but_cannot_change_them(client, city_clerk, county):
    county_member = MemberFactory(committee=county, name="区里委员")
    client.force_login(city_clerk)
    assert "区里委员" in client.get("/admin/org/member/").content.decode()
    page = client.get(f"/admin/org/member/{county_member.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a read-only view
    response = client.post(f"/admin/org/member/{county_member.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    county_member.refresh_from_db()
    assert county_member.name == "区里委员"


def test_members_without_a_secretariat_role_have_no_admin(client, member_login):
    member_login.is_staff = True
    member_login.save()
    client.force_login(member_login)
    assert client.get("/admin/org/member/").status_code == 403


def test_a_clerk_adds_a_contact_to_a_unit_of_their_committee(client, city_clerk, city):
    from cppcc.org.models import Role, RoleAssignment
    from tests.factories import HandlingUnitFactory, UserFactory

    unit = HandlingUnitFactory(committee=city, name="市教育局")
    contact = UserFactory(username="jyj")
    client.force_login(city_clerk)
    page = client.get(f"/admin/org/handlingunit/{unit.pk}/change/")
    assert page.status_code == 200 and "联络人" in page.content.decode()
    response = client.post(
        f"/admin/org/handlingunit/{unit.pk}/change/",
        {
            "name": "市教育局",
            "committee": city.pk,
            "kind": "government",
            "phone": "",
            "is_active": "on",
            "assessment_order": "3",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
            "contacts-0-user": contact.pk,
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assignment = RoleAssignment.objects.get(user=contact)
    assert (assignment.role, assignment.committee, assignment.handling_unit) == (
        Role.HANDLING_UNIT,
        city,
        unit,
    )


def test_changes_to_accounts_are_in_the_change_history(client, city_clerk, member_login):
    member_login.name = "李明远（改）"
    member_login.save()
    assert member_login.history.count() >= 2
    client.force_login(city_clerk)
    page = client.get(f"/admin/org/user/{member_login.pk}/history/")
    assert page.status_code == 200 and "李明远（改）" in page.content.decode()
