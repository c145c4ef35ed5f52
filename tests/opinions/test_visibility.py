"""Who sees which reports and issues: members their own in every state, staff and leaders their
committees and those below, everyone else nothing (404 on detail)."""

import pytest

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def visible(api, user, path="/api/opinions/"):
    response = api.as_user(user).get(path)
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["results"]}


def test_visibility_per_role(
    api,
    make_report,
    member,
    member2,
    member_login,
    member2_login,
    city_clerk,
    county_clerk,
    leader,
    unit_contact,
    county,
    city,
):
    from tests.factories import MemberFactory

    mine = make_report(state="draft")
    theirs = make_report(state="accepted", authors=[member2])
    county_author = MemberFactory(committee=county)
    in_county = make_report(state="submitted", authors=[county_author], committee=county, actor=county_clerk)
    assert visible(api, member_login) == {mine.pk}
    assert visible(api, member2_login) == {theirs.pk}
    assert visible(api, city_clerk) == {mine.pk, theirs.pk, in_county.pk}
    assert visible(api, leader) == {mine.pk, theirs.pk, in_county.pk}
    assert visible(api, county_clerk) == {in_county.pk}
    assert visible(api, unit_contact) == set()
    assert api.as_user(member2_login).get(f"/api/opinions/{mine.pk}/").status_code == 404
    assert api.as_user(county_clerk).get(f"/api/opinions/{mine.pk}/").status_code == 404
    assert api.as_user(member_login).get(f"/api/opinions/{mine.pk}/").status_code == 200


def test_the_county_clerk_reads_but_does_not_review_the_city(api, make_report, county_clerk, city_clerk):
    report = make_report(state="submitted")
    assert api.as_user(county_clerk).post(f"/api/opinions/{report.pk}/accept/").status_code == 404
    assert api.as_user(city_clerk).post(f"/api/opinions/{report.pk}/accept/").status_code == 200


def test_issues_are_for_staff_and_leaders(api, city, city_clerk, leader, member_login, county_clerk):
    issue = IssueFactory(committee=city)
    assert visible(api, city_clerk, "/api/opinion-issues/") == {issue.pk}
    assert visible(api, leader, "/api/opinion-issues/") == {issue.pk}
    assert visible(api, member_login, "/api/opinion-issues/") == set()
    assert visible(api, county_clerk, "/api/opinion-issues/") == set()


def test_anonymous_gets_401(api):
    assert api.get("/api/opinions/").status_code == 401
