"""What is written to the audit log: members' private fields shown (once per request, with every
member shown), exports (who, which list, which filters, how many rows), role and permission changes."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cppcc.accounts.models import AuditEntry
from cppcc.core.jobs.models import Job
from cppcc.org.models import Member, Role, RoleAssignment
from opinions.models import OpinionReport
from tests.core.jobs.test_admin_export import export_in_background
from tests.core.test_exports import export
from tests.factories import MemberFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def new_entries(since: int, action: str | None = None):
    entries = AuditEntry.objects.filter(id__gt=since).order_by("id")
    return list(entries.filter(action=action) if action else entries)


def last_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- Private fields --------------------------------------------------------------------------------


def test_a_clerks_member_list_is_one_entry_naming_every_member_shown(
    api, city_clerk, city, county, city_term
):
    members = MemberFactory.create_batch(3, committee=city, term=city_term)
    county_member = MemberFactory(committee=county)
    since = last_id()
    response = api.as_user(city_clerk).get("/api/members/", REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200 and "phone" in response.json()["results"][0]
    (entry,) = new_entries(since)
    assert (entry.action, entry.actor, entry.ip, entry.label) == (
        AuditEntry.Action.PRIVATE_READ,
        city_clerk,
        "10.0.0.7",
        "/api/members/",
    )
    assert entry.details == {
        "members": sorted(member.pk for member in [*members, county_member]),
        "fields": list(Member.PRIVATE_FIELDS),
        "where": "/api/members/",
    }
    # City and county members: the entry concerns the city, whose secretariat reads it.
    assert entry.committee == city


def test_a_member_opened_by_the_county_clerk_concerns_the_county(api, county_clerk, county):
    member = MemberFactory(committee=county)
    since = last_id()
    assert api.as_user(county_clerk).get(f"/api/members/{member.pk}/").status_code == 200
    (entry,) = new_entries(since)
    assert (entry.details["members"], entry.committee) == ([member.pk], county)


def test_no_entry_when_no_private_field_is_shown(api, leader, member_login, member):
    since = last_id()
    for user in (leader, member_login):
        response = api.as_user(user).get("/api/members/")
        assert response.status_code == 200 and "phone" not in response.json()["results"][0]
    assert new_entries(since) == []


def test_the_list_writes_one_entry_whatever_its_size(api, city_clerk, city, city_term):
    MemberFactory.create_batch(30, committee=city, term=city_term)
    client = api.as_user(city_clerk)
    counts = []
    for size in (3, 30):
        since = last_id()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/members/?page_size={size}").status_code == 200
        (entry,) = new_entries(since)
        assert len(entry.details["members"]) == size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_a_cached_member_list_is_audited_too(api, city_clerk, city, city_term, settings):
    settings.RESPONSE_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    member = MemberFactory(committee=city, term=city_term)
    client = api.as_user(city_clerk)
    since = last_id()
    first, second = client.get("/api/members/"), client.get("/api/members/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert [entry.details["members"] for entry in new_entries(since)] == [[member.pk], [member.pk]]


def test_the_admins_member_pages_are_audited(client, city_clerk, city, city_term):
    members = MemberFactory.create_batch(2, committee=city, term=city_term)
    client.force_login(city_clerk)
    since = last_id()
    assert client.get("/admin/org/member/").status_code == 200
    assert client.get(f"/admin/org/member/{members[0].pk}/change/").status_code == 200
    listing, form = new_entries(since, AuditEntry.Action.PRIVATE_READ)
    assert listing.details["members"] == sorted(member.pk for member in members)
    assert (form.details["members"], form.label) == (
        [members[0].pk],
        f"/admin/org/member/{members[0].pk}/change/",
    )
    assert form.actor == city_clerk and form.committee == city


# --- Exports ---------------------------------------------------------------------------------------


def test_an_admin_export_names_the_list_filters_and_rows(client, city_clerk, city, city_term):
    MemberFactory.create_batch(3, committee=city, term=city_term)
    client.force_login(city_clerk)
    since = last_id()
    _page, response = export(client, Member, f"?committee__id__exact={city.pk}")
    (entry,) = new_entries(since, AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.committee, entry.label) == (city_clerk, city, "委员")
    assert entry.details["rows"] == 3
    assert entry.details["filters"] == {"committee__id__exact": [str(city.pk)]}
    assert entry.details["list"] == "委员" and entry.details["file"].endswith(".xlsx")


def test_an_admin_export_run_as_a_job_is_audited_as_its_owner(
    client, world, city_clerk, small_jobs, committed
):
    client.force_login(city_clerk)
    since = last_id()
    job = export_in_background(client, OpinionReport, committed)
    assert job.state == Job.State.DONE
    (entry,) = new_entries(since, AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.ip, entry.details["rows"]) == (city_clerk, None, job.total)


def test_the_api_export_is_audited_small_or_large(api, world, small_jobs, committed):
    clerk = world.users["city_clerk"]
    small_jobs.JOBS_BACKGROUND_ROWS = 1000
    since = last_id()
    response = api.as_user(clerk).get("/api/opinions/export/", {"state": "submitted"})
    assert response.status_code == 200
    small_jobs.JOBS_BACKGROUND_ROWS = 1
    with committed():
        assert api.as_user(clerk).get("/api/opinions/export/").status_code == 202
    direct, job = new_entries(since, AuditEntry.Action.EXPORT)
    submitted = OpinionReport.objects.restrict(clerk).filter(state="submitted").count()
    assert (direct.actor, direct.details["filters"], direct.details["rows"]) == (
        clerk,
        {"state": ["submitted"]},
        submitted,
    )
    assert (job.actor, job.details["filters"], job.details["rows"]) == (
        clerk,
        {},
        OpinionReport.objects.restrict(clerk).count(),
    )


# --- Roles and permissions -------------------------------------------------------------------------


def test_a_role_given_changed_and_taken_in_the_admin(client, city_clerk, city):
    user = UserFactory(username="newcomer")
    client.force_login(city_clerk)
    since = last_id()
    response = client.post(
        "/admin/org/roleassignment/add/", {"user": user.pk, "committee": city.pk, "role": Role.LEADER}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = RoleAssignment.objects.get(user=user)
    pk = assignment.pk
    assignment.role = Role.MEMBER
    assignment.save()
    assignment.delete()
    given, changed, taken = new_entries(since, AuditEntry.Action.ROLE_CHANGE)
    assert (given.actor, given.committee, given.object_type, given.object_id) == (
        city_clerk,
        city,
        "org.roleassignment",
        str(pk),
    )
    values = {"user_id": user.pk, "committee_id": city.pk, "handling_unit_id": None}
    assert given.details == {"change": "given", "before": None, "after": {**values, "role": Role.LEADER}}
    assert changed.details == {
        "change": "changed",
        "before": {**values, "role": Role.LEADER},
        "after": {**values, "role": Role.MEMBER},
    }
    assert taken.details == {"change": "taken", "before": {**values, "role": Role.MEMBER}, "after": None}


def test_a_save_that_changes_no_role_writes_nothing(city):
    assignment = RoleAssignment.objects.get(pk=grant(UserFactory(), city, Role.LEADER).roles.get().pk)
    since = last_id()
    assignment.save()
    assert new_entries(since) == []


def test_staff_flags_groups_and_permissions(city):
    user = UserFactory(username="someone")
    since = last_id()
    user.is_staff = True
    user.save()
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    group = Group.objects.create(name="auditors")
    permission = Permission.objects.get(codename="view_auditentry")
    user.groups.add(group)
    user.user_permissions.add(permission)
    group.permissions.add(permission)
    user.groups.clear()
    entries = new_entries(since)
    assert [entry.action for entry in entries] == [AuditEntry.Action.PERMISSION_CHANGE] * 5
    assert [entry.details for entry in entries] == [
        {"user": user.pk, "flags": {"is_staff": True}},
        {"user": user.pk, "groups": {"added": [group.pk]}},
        {"user": user.pk, "user_permissions": {"added": [permission.pk]}},
        {"group": group.pk, "permissions": {"added": [permission.pk]}},
        {"user": user.pk, "groups": {"cleared": [group.pk]}},
    ]


def test_a_new_staff_account_is_audited_a_plain_one_not(db):
    since = last_id()
    UserFactory(username="plain")
    staff = UserFactory(username="staff", is_staff=True)
    (entry,) = new_entries(since)
    assert entry.details == {"user": staff.pk, "flags": {"is_staff": True}}
