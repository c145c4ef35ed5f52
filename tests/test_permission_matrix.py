"""Who sees and changes what (API.md, "Who sees what"), as one table: every API endpoint and page,
for read and write, against every persona. Each row is one request; each cell the status the persona
must get (and, for lists, exactly which records it lists). Every cell runs in a savepoint that is
rolled back, so writes in one cell never change what the next one sees.

Rules the table encodes: anonymous users get 401 (pages: the login page); an object the user may not
read answers 404, never 403; a user who may read an object but not change it gets 403; nobody writes
outside their own committee (the city secretariat reads the county's records but may not change
them; the leader writes nothing)."""

import json
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client

from tests.world import World, build_world

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "member",
    "another_member",
    "cosigner",
    "unit",
    "other_unit",
    "county_clerk",
    "city_clerk",
    "leader",
)
SIGNED_IN = PERSONAS[1:]
STAFF = ("county_clerk", "city_clerk")


def cells(default, **overrides) -> dict:
    """Expected answers: ``default`` for every signed-in persona unless overridden; 401 anonymous."""
    table = dict.fromkeys(SIGNED_IN, default)
    table["anonymous"] = 401
    table.update(overrides)
    assert set(table) == set(PERSONAS), set(table) ^ set(PERSONAS)
    return table


def only(status, personas, otherwise, **overrides) -> dict:
    return cells(otherwise, **dict.fromkeys(personas, status), **overrides)


@dataclass
class Row:
    label: str
    method: str
    url: object  # World -> str
    expected: dict
    body: object = None  # World -> dict
    listed: object = None  # World -> {persona: set of ids}; for lists
    extra: dict = field(default_factory=dict)


def ids(*names):
    return lambda w: {getattr(w, name).pk for name in names}


PROPOSAL = lambda w: f"/api/proposals/{w.proposal.pk}/"  # noqa: E731
DRAFT = lambda w: f"/api/proposals/{w.draft.pk}/"  # noqa: E731
REPORT = lambda w: f"/api/opinions/{w.report.pk}/"  # noqa: E731
COUNTY_REPORT = lambda w: f"/api/opinions/{w.county_report.pk}/"  # noqa: E731
ACTIVITY = lambda w: f"/api/activities/{w.activity.pk}/"  # noqa: E731
COUNTY_ACTIVITY = lambda w: f"/api/activities/{w.county_activity.pk}/"  # noqa: E731
MEMBER = lambda w: f"/api/members/{w.members['member'].pk}/"  # noqa: E731

# Readers of the registered, assigned proposal: its authors, every member of the committee, the
# assigned unit, the city secretariat and leader. Not the county clerk, not another unit.
PROPOSAL_READERS = ("member", "another_member", "cosigner", "unit", "city_clerk", "leader")
DRAFT_READERS = ("member", "city_clerk", "leader")
REPORT_READERS = ("member", "city_clerk", "leader")
COUNTY_READERS = ("county_clerk", "city_clerk", "leader")
CITY_MEMBERS = ("member", "another_member", "cosigner")
CITY_ORGANISATION = (*CITY_MEMBERS, "unit", "other_unit", "city_clerk", "leader")
# Units read the organisation and their assigned proposals, not the committee's activities.
ACTIVITY_READERS = (*CITY_MEMBERS, "city_clerk", "leader")

ORGANISATION_LISTS = [
    Row(f"{name} list", "GET", lambda w, name=name: f"/api/{name}/", cells(200))
    for name in (
        "committees",
        "sessions",
        "sectors",
        "special-committees",
        "parties",
        "handling-units",
        "opinion-issues",
        "rooms",
        "sector-groups",
        "study-rooms",
        "publications",
        "visits",
    )
]

READS = [
    Row("me", "GET", lambda w: "/api/me/", cells(200)),
    Row(
        "member directory",
        "GET",
        lambda w: "/api/members/",
        cells(200),
        listed=lambda w: {
            **{
                persona: {m.pk for k, m in w.members.items() if k != "county_member"} for persona in SIGNED_IN
            },
            "county_clerk": {w.members["county_member"].pk},
            "city_clerk": {m.pk for m in w.members.values()},
            "leader": {m.pk for m in w.members.values()},
        },
    ),
    Row(
        "proposal list",
        "GET",
        lambda w: "/api/proposals/",
        cells(200),
        listed=lambda w: {
            "member": {w.proposal.pk, w.draft.pk},
            "another_member": {w.proposal.pk},
            "cosigner": {w.proposal.pk},
            "unit": {w.proposal.pk},
            "other_unit": set(),
            "county_clerk": set(),
            "city_clerk": {w.proposal.pk, w.draft.pk},
            "leader": {w.proposal.pk, w.draft.pk},
        },
    ),
    Row("proposal detail", "GET", PROPOSAL, only(200, PROPOSAL_READERS, 404)),
    Row("proposal history", "GET", lambda w: f"{PROPOSAL(w)}history/", only(200, PROPOSAL_READERS, 404)),
    Row("proposal similar", "GET", lambda w: f"{PROPOSAL(w)}similar/", only(200, PROPOSAL_READERS, 404)),
    Row("draft detail", "GET", DRAFT, only(200, DRAFT_READERS, 404)),
    Row(
        "opinion list",
        "GET",
        lambda w: "/api/opinions/",
        cells(200),
        listed=lambda w: {
            "member": {w.report.pk},
            "another_member": set(),
            "cosigner": set(),
            "unit": set(),
            "other_unit": set(),
            "county_clerk": {w.county_report.pk},
            "city_clerk": {w.report.pk, w.county_report.pk},
            "leader": {w.report.pk, w.county_report.pk},
        },
    ),
    Row("opinion detail", "GET", REPORT, only(200, REPORT_READERS, 404)),
    Row("opinion history", "GET", lambda w: f"{REPORT(w)}history/", only(200, REPORT_READERS, 404)),
    Row("county opinion detail", "GET", COUNTY_REPORT, only(200, COUNTY_READERS, 404)),
    Row(
        "activity list",
        "GET",
        lambda w: "/api/activities/",
        cells(200),
        listed=lambda w: {
            **{persona: {w.activity.pk} for persona in ACTIVITY_READERS},
            "unit": set(),
            "other_unit": set(),
            "county_clerk": {w.county_activity.pk},
            "city_clerk": {w.activity.pk, w.county_activity.pk},
            "leader": {w.activity.pk, w.county_activity.pk},
        },
    ),
    Row("activity detail", "GET", ACTIVITY, only(200, ACTIVITY_READERS, 404)),
    Row(
        "activity attendance", "GET", lambda w: f"{ACTIVITY(w)}attendance/", only(200, ACTIVITY_READERS, 404)
    ),
    Row("county activity detail", "GET", COUNTY_ACTIVITY, only(200, COUNTY_READERS, 404)),
    Row("member detail", "GET", MEMBER, only(200, CITY_ORGANISATION, 404)),
    Row(
        "member record",
        "GET",
        lambda w: f"{MEMBER(w)}record/?year=2024",
        only(200, ("member", "city_clerk", "leader"), 404),
    ),
    Row(
        "ranking",
        "GET",
        lambda w: f"/api/scores/ranking/?committee={w.city.pk}&year=2024",
        only(200, ("city_clerk", "leader"), 404),
    ),
    Row(
        "committee detail",
        "GET",
        lambda w: f"/api/committees/{w.city.pk}/",
        only(200, CITY_ORGANISATION, 404),
    ),
    Row(
        "handling unit detail",
        "GET",
        lambda w: f"/api/handling-units/{w.unit.pk}/",
        only(200, CITY_ORGANISATION, 404),
    ),
]

# Dashboards: for the secretariat and leaders (403 for everyone else, whatever they ask); a committee
# they do not oversee is not found.
DASHBOARD_READERS = ("city_clerk", "leader")
DASHBOARDS = [
    Row(
        f"dashboard {name}",
        "GET",
        lambda w, name=name: f"/api/dashboard/{name}/?committee={w.city.pk}&year=2024",
        only(200, DASHBOARD_READERS, 403, county_clerk=404),
    )
    for name in ("report-card", "charts/proposals-by-state", "key-proposals", "overdue")
]

WRITES = [
    Row(
        "create a proposal in the city",
        "POST",
        lambda w: "/api/proposals/",
        # The secretariat writes on behalf of a member, who must be named (400 here).
        only(201, CITY_MEMBERS, 403, city_clerk=400),
        body=lambda w: {
            "committee": w.city.pk,
            "session": w.proposal.session_id,
            "title": "关于新建停车场的建议",
            "content": "建议。",
            "category": w.proposal.category_id,
            "kind": "individual",
        },
    ),
    Row(
        "edit the draft",
        "PATCH",
        DRAFT,
        only(200, ("member",), 404, city_clerk=403, leader=403),
        body=lambda w: {"title": "关于社区养老服务的再建议"},
    ),
    Row(
        "submit the draft",
        "POST",
        lambda w: f"{DRAFT(w)}submit/",
        only(200, ("member",), 404, city_clerk=403, leader=403),
    ),
    Row(
        "set a proposal's flags",
        "PATCH",
        PROPOSAL,
        only(200, ("city_clerk",), 403, other_unit=404, county_clerk=404),
        body=lambda w: {"is_key": True, "supervisors": [w.members["another_member"].pk]},
    ),
    Row(
        "reply to the proposal",
        "POST",
        lambda w: f"{PROPOSAL(w)}reply/",
        only(200, ("unit", "city_clerk"), 403, other_unit=404, county_clerk=404),
        body=lambda w: {"category": "A", "content": "已采纳并落实。", "unit": w.unit.pk},
    ),
    Row(
        "delete a proposal",
        "DELETE",
        PROPOSAL,
        # No API deletes a proposal, whoever asks (the method is refused before any lookup).
        cells(405),
    ),
    Row(
        "accept the report",
        "POST",
        lambda w: f"{REPORT(w)}accept/",
        only(200, ("city_clerk",), 404, member=403, leader=403),
    ),
    Row(
        "accept the county report",
        "POST",
        lambda w: f"{COUNTY_REPORT(w)}accept/",
        only(200, ("county_clerk",), 404, city_clerk=403, leader=403),
    ),
    Row(
        "edit the activity",
        "PATCH",
        ACTIVITY,
        only(200, ("city_clerk",), 403, unit=404, other_unit=404, county_clerk=404),
        body=lambda w: {"title": "视察老旧小区改造（二）"},
    ),
    Row(
        "edit the county activity",
        "PATCH",
        COUNTY_ACTIVITY,
        only(200, ("county_clerk",), 404, city_clerk=403, leader=403),
        body=lambda w: {"title": "视察城区道路（二）"},
    ),
    Row(
        "request leave from the activity",
        "POST",
        lambda w: f"{ACTIVITY(w)}attendance/",
        # Any member of the committee asks leave for themself; the secretariat records attendance
        # instead, naming the member (400 here); the leader may not.
        only(200, CITY_MEMBERS, 404, city_clerk=400, leader=403),
        body=lambda w: {"status": "leave_requested", "reason": "出差"},
    ),
    Row(
        "create an activity in the county",
        "POST",
        lambda w: "/api/activities/",
        only(201, ("county_clerk",), 403),
        body=lambda w: {
            "committee": w.county.pk,
            "kind": "inspection",
            "title": "视察",
            "date": "2024-07-01",
        },
    ),
]

PAGES = [
    Row("portal", "GET", lambda w: "/portal/", cells(200, anonymous=302)),
    Row("admin", "GET", lambda w: "/admin/", only(200, STAFF, 302, anonymous=302)),
    Row(
        "admin: a proposal",
        "GET",
        lambda w: f"/admin/proposals/proposal/{w.proposal.pk}/change/",
        only(200, ("city_clerk",), 302, anonymous=302),
    ),
    Row("API docs", "GET", lambda w: "/api/docs/", cells(200, anonymous=200)),
    # The member portal's own pages are for members; other roles have no such page (403, whatever
    # the id), anonymous users are sent to the login page.
    *[
        Row(f"portal: {label}", "GET", url, only(200, CITY_MEMBERS, 403, anonymous=302))
        for label, url in [
            ("my proposals", lambda w: "/portal/proposals/"),
            ("write a proposal", lambda w: "/portal/proposals/new/"),
            ("my opinion reports", lambda w: "/portal/opinions/"),
            ("my activities", lambda w: "/portal/activities/"),
            ("my duty record", lambda w: "/portal/record.docx?year=2024"),
        ]
    ],
    Row("portal: notifications", "GET", lambda w: "/portal/notifications/", cells(200, anonymous=302)),
    Row(
        "portal: a registered proposal",
        "GET",
        lambda w: f"/portal/proposals/{w.proposal.pk}/",
        only(200, PROPOSAL_READERS, 404, anonymous=302),
    ),
    Row(
        "portal: a draft",
        "GET",
        lambda w: f"/portal/proposals/{w.draft.pk}/",
        only(200, DRAFT_READERS, 404, anonymous=302),
    ),
    Row(
        "portal: a member's report",
        "GET",
        lambda w: f"/portal/opinions/{w.report.pk}/",
        only(200, ("member",), 403, another_member=404, cosigner=404, anonymous=302),
    ),
    # Dashboards: the secretariat and leaders, for the committees they oversee.
    *[
        Row(f"dashboard: {label}", "GET", url, only(200, (*STAFF, "leader"), 403, anonymous=302))
        for label, url in [
            ("home", lambda w: "/dashboard/"),
            ("the county", lambda w: f"/dashboard/?committee={w.county.pk}"),
            ("proposal list", lambda w: "/dashboard/list/proposals/"),
            ("opinion list", lambda w: "/dashboard/list/opinions/"),
            ("activity list", lambda w: "/dashboard/list/activities/"),
        ]
    ],
    Row(
        "dashboard: the city",
        "GET",
        lambda w: f"/dashboard/?committee={w.city.pk}",
        only(200, ("city_clerk", "leader"), 403, county_clerk=404, anonymous=302),
    ),
]


@pytest.fixture
def world() -> World:
    return build_world()


def answer(world: World, persona: str, row: Row):
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    body = row.body(world) if row.body else None
    with transaction.atomic():
        response = client.generic(
            row.method,
            row.url(world),
            data=None if body is None else json.dumps(body),
            content_type="application/json",
        )
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    "row",
    ORGANISATION_LISTS + READS + DASHBOARDS + WRITES + PAGES,
    ids=lambda row: f"{row.method} {row.label}",
)
def test_permission_matrix(world, row):
    wrong = []
    listed = row.listed(world) if row.listed else {}
    for persona in PERSONAS:
        response = answer(world, persona, row)
        if response.status_code != row.expected[persona]:
            wrong.append(f"{persona}: {response.status_code}, expected {row.expected[persona]}")
        elif persona in listed:
            got = {item["id"] for item in response.json()["results"]}
            if got != listed[persona]:
                wrong.append(f"{persona}: lists {sorted(got)}, expected {sorted(listed[persona])}")
        if response.status_code == 404 and row.url(world).startswith("/api/") and "?" not in row.url(world):
            # The answer for an id that does not exist: nothing tells that the object does.
            assert response.json() == {"detail": "未找到。"}, f"{persona}: {response.json()}"
    assert not wrong, f"{row.method} {row.label}:\n" + "\n".join(wrong)
