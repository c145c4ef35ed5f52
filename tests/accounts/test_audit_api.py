"""The secretariat reads the audit log at /api/audit/ and in the admin, each clerk the entries of
their committee and those below; no one else reads it, and no one changes or deletes an entry."""

import pytest

from cppcc.accounts import services
from cppcc.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(city, county, city_clerk, county_clerk):
    return {
        "city": services.audit_record(action=AuditEntry.Action.EXPORT, actor=city_clerk, label="city list"),
        "county": services.audit_record(
            action=AuditEntry.Action.PRIVATE_READ, actor=county_clerk, label="county member"
        ),
        "nowhere": services.audit_record(action=AuditEntry.Action.EXPORT, label="a command"),
    }


def labels(response) -> list[str]:
    assert response.status_code == 200
    return [entry["label"] for entry in response.json()["results"]]


def test_the_city_clerk_who_runs_the_platform_reads_every_entry(api, log, city_clerk):
    found = labels(api.as_user(city_clerk).get("/api/audit/"))
    assert {"city list", "county member", "a command"} <= set(found)
    entry = api.as_user(city_clerk).get(f"/api/audit/{log['city'].pk}/").json()
    assert entry["action"] == "export" and entry["action_display"] == "导出"
    assert (entry["actor"], entry["actor_name"], entry["hash"]) == (city_clerk.pk, "clerk", log["city"].hash)


def test_a_county_clerk_reads_only_the_countys(api, log, county_clerk):
    found = labels(api.as_user(county_clerk).get("/api/audit/"))
    assert "county member" in found and "city list" not in found
    assert api.as_user(county_clerk).get(f"/api/audit/{log['city'].pk}/").status_code == 404


def test_filters(api, log, city_clerk, county_clerk):
    client = api.as_user(city_clerk)
    assert labels(client.get("/api/audit/", {"action": "private_read"})) == ["county member"]
    assert labels(client.get("/api/audit/", {"actor": county_clerk.pk})) == ["county member"]
    today = log["city"].at.astimezone().date().isoformat()
    assert "city list" in labels(client.get("/api/audit/", {"date_from": today, "date_to": today}))
    assert labels(client.get("/api/audit/", {"date_to": "2000-01-01"})) == []
    assert client.get("/api/audit/", {"action": "nonsense"}).status_code == 400


@pytest.mark.parametrize("persona", ["leader", "member_login", "unit_contact"])
def test_no_one_else_reads_it(api, log, persona, request):
    user = request.getfixturevalue(persona)
    response = api.as_user(user).get("/api/audit/")
    assert response.status_code == 403 and response.json()["detail"] == "只有秘书处可以查阅审计日志。"
    assert api.as_user(user).get(f"/api/audit/{log['city'].pk}/").status_code == 403


def test_anonymous_is_refused(api, log):
    assert api.get("/api/audit/").status_code in (401, 403)


def test_nothing_is_written_through_the_api(api, log, city_clerk):
    client = api.as_user(city_clerk)
    url = f"/api/audit/{log['city'].pk}/"
    assert client.post("/api/audit/", {"label": "x"}, format="json").status_code == 405
    assert client.patch(url, {"label": "x"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


def test_the_admin_shows_it_read_only(client, log, city_clerk, leader):
    client.force_login(city_clerk)
    assert "city list" in client.get("/admin/accounts/auditentry/").content.decode()
    assert client.get(f"/admin/accounts/auditentry/{log['city'].pk}/change/").status_code == 200
    assert client.get("/admin/accounts/auditentry/add/").status_code == 403
    delete = client.post(f"/admin/accounts/auditentry/{log['city'].pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403 and AuditEntry.objects.filter(pk=log["city"].pk).exists()
    client.force_login(leader)
    assert client.get("/admin/accounts/auditentry/").status_code in (302, 403)
