"""Who sees and changes what (API.md, "Who sees what"), as one table: every API endpoint and page,
for read and write, against every persona. Each row is one request; each cell the status the persona
must get (and, for lists, exactly which records it lists). Every cell runs in a savepoint that is
rolled back, so writes in one cell never change what the next one sees.

The writes are every action of API.md: creating and editing proposals and every proposal action
(cosign, submit, withdraw, return, register, reject, merge, assign, extend, object, reassign,
dismiss-objection, reply, feedback, close, publish, unpublish),
every opinion action and adoptions, every speech action and the compilation, attendance and leave,
attachments (upload and download) and tokens (obtain, list and revoke), each on a record of ``world``
(tests/conftest.py) in the state the action starts from, so that a 200 or 201 shows the action taken.

Rules the table encodes: anonymous users get 401 (pages: the login page); an object the user may not
read answers 404, never 403; a user who may read an object but not change it gets 403; nobody writes
outside their own committee (the city secretariat reads the county's records but may not change
them; the leader writes nothing)."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator

from cppcc.accounts.services import api_token_issue, audit_record
from platforms import checkin
from proposals import services as proposal_services
from proposals.api import LeadThrottle
from proposals.models import HandlingRules, Objection, Proposal, ReplyReview
from speeches import services as speech_services
from tests.conftest import World
from tests.core.jobs.factories import finished_job
from tests.factories import PartyFactory, SectorFactory, SpecialCommitteeFactory
from tests.platforms.factories import (
    ActivityFactory,
    PublicationFactory,
    RoomFactory,
    SectorGroupFactory,
    StudyRoomFactory,
    VisitFactory,
)

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
PASSWORD = "pass-word-123"  # every persona's (tests/factories.py)


def cells(default, **overrides) -> dict:
    """Expected answers: ``default`` for every signed-in persona unless overridden; 401 anonymous."""
    table = dict.fromkeys(SIGNED_IN, default)
    table["anonymous"] = 401
    table.update(overrides)
    assert set(table) == set(PERSONAS), set(table) ^ set(PERSONAS)
    return table


def only(status, personas, otherwise, **overrides) -> dict:
    return cells(otherwise, **{**dict.fromkeys(personas, status), **overrides})


@dataclass
class Row:
    label: str
    method: str
    url: object  # World -> str
    expected: dict
    body: object = None  # World -> dict, or (World, persona) -> dict with ``per_persona``
    listed: object = None  # World -> {persona: set of ids}; for lists
    multipart: bool = False  # a form with files, not JSON
    per_persona: bool = False


def ids_of(world, *names) -> set[int]:
    return {getattr(world, name).pk for name in names}


PROPOSAL = lambda w: f"/api/proposals/{w.proposal.pk}/"  # noqa: E731
DRAFT = lambda w: f"/api/proposals/{w.draft.pk}/"  # noqa: E731
SUBMITTED = lambda w: f"/api/proposals/{w.submitted.pk}/"  # noqa: E731
REGISTERED = lambda w: f"/api/proposals/{w.registered.pk}/"  # noqa: E731
REPLIED = lambda w: f"/api/proposals/{w.replied.pk}/"  # noqa: E731
INVITATION = lambda w: f"/api/proposals/{w.invitation.pk}/"  # noqa: E731
REPORT_DRAFT = lambda w: f"/api/opinions/{w.report_draft.pk}/"  # noqa: E731
ACCEPTED_REPORT = lambda w: f"/api/opinions/{w.accepted_report.pk}/"  # noqa: E731
REPORT = lambda w: f"/api/opinions/{w.report.pk}/"  # noqa: E731
COUNTY_REPORT = lambda w: f"/api/opinions/{w.county_report.pk}/"  # noqa: E731
ACTIVITY = lambda w: f"/api/activities/{w.activity.pk}/"  # noqa: E731
COUNTY_ACTIVITY = lambda w: f"/api/activities/{w.county_activity.pk}/"  # noqa: E731
MEMBER = lambda w: f"/api/members/{w.members['member'].pk}/"  # noqa: E731

# Readers of the registered, assigned proposal: its authors, every member of the committee, the
# assigned unit, the city secretariat and leader. Not the county clerk, not another unit.
PROPOSAL_READERS = ("member", "another_member", "cosigner", "unit", "city_clerk", "leader")
DRAFT_READERS = ("member", "city_clerk", "leader")
# A registered proposal not yet assigned: the committee's members, not yet a unit.
REGISTERED_READERS = ("member", "another_member", "cosigner", "city_clerk", "leader")
INVITATION_READERS = ("member", "cosigner", "city_clerk", "leader")
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
    Row("my notification preferences", "GET", lambda w: "/api/me/notification-preferences/", cells(200)),
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
            "member": ids_of(w, "proposal", "draft", "submitted", "registered", "replied", "invitation"),
            "another_member": ids_of(w, "proposal", "registered", "replied"),
            "cosigner": ids_of(w, "proposal", "registered", "replied", "invitation"),
            "unit": ids_of(w, "proposal", "replied"),
            "other_unit": set(),
            "county_clerk": set(),
            "city_clerk": ids_of(w, "proposal", "draft", "submitted", "registered", "replied", "invitation"),
            "leader": ids_of(w, "proposal", "draft", "submitted", "registered", "replied", "invitation"),
        },
    ),
    Row("proposal detail", "GET", PROPOSAL, only(200, PROPOSAL_READERS, 404)),
    Row("proposal history", "GET", lambda w: f"{PROPOSAL(w)}history/", only(200, PROPOSAL_READERS, 404)),
    Row("proposal similar", "GET", lambda w: f"{PROPOSAL(w)}similar/", only(200, PROPOSAL_READERS, 404)),
    Row(
        "proposal suggested units",
        "GET",
        lambda w: f"{PROPOSAL(w)}suggested-units/",
        only(403, PROPOSAL_READERS, 404, city_clerk=200),
    ),
    Row("draft detail", "GET", DRAFT, only(200, DRAFT_READERS, 404)),
    Row(
        "opinion list",
        "GET",
        lambda w: "/api/opinions/",
        cells(200),
        listed=lambda w: {
            "member": ids_of(w, "report", "report_draft", "accepted_report"),
            "another_member": set(),
            "cosigner": set(),
            "unit": set(),
            "other_unit": set(),
            "county_clerk": ids_of(w, "county_report"),
            "city_clerk": ids_of(w, "report", "report_draft", "accepted_report", "county_report"),
            "leader": ids_of(w, "report", "report_draft", "accepted_report", "county_report"),
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
        "reply letter",
        "GET",
        lambda w: f"{REPLIED(w)}reply-letter/?reply={w.replied.replies.get().pk}",
        only(200, PROPOSAL_READERS, 404),
    ),
    Row("API schema", "GET", lambda w: "/api/schema/", dict.fromkeys(PERSONAS, 200)),
    Row(
        "opinion issue detail",
        "GET",
        lambda w: f"/api/opinion-issues/{w.issue.pk}/",
        only(200, ("city_clerk", "leader"), 404),
    ),
    Row(
        "opinion issue document",
        "GET",
        lambda w: f"/api/opinion-issues/{w.issue.pk}/document/",
        only(200, ("city_clerk", "leader"), 404),
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
    for name in (
        "report-card",
        "charts/proposals-by-state",
        "key-proposals",
        "overdue",
        "proposal-report",
        "units",
    )
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


def staff_only(readers, **overrides) -> dict:
    """A secretariat action in the city: the city clerk may, other readers are refused (403),
    everyone else is not shown the object (404)."""
    return only(403, readers, 404, **{"city_clerk": 200, **overrides})


def objected(world: World) -> str:
    """The address to dismiss the assigned unit's objection to ``proposal``, which it raised (the
    row's request runs in a savepoint, so each cell finds it pending)."""
    Objection.objects.get_or_create(
        proposal=world.proposal,
        unit=world.unit,
        outcome=Objection.Outcome.PENDING,
        defaults={"reason": "不属本单位职责。", "raised_at": timezone.now()},
    )
    return f"{PROPOSAL(world)}dismiss-objection/"


def published(world: World) -> str:
    """The replied proposal, published by the city's secretariat (the row's request runs in a
    savepoint, so each cell finds it published)."""
    if not Proposal.objects.filter(pk=world.replied.pk, is_published=True).exists():
        proposal_services.proposal_publish(proposal=world.replied, actor=world.users["city_clerk"])
    return REPLIED(world)


# Later than an assignment's default due date (three months on).
LATER_DUE_ON = (datetime.date.today() + datetime.timedelta(days=120)).isoformat()

PROPOSAL_ACTIONS = [
    Row("register", "POST", lambda w: f"{SUBMITTED(w)}register/", staff_only(DRAFT_READERS)),
    Row(
        "reject",
        "POST",
        lambda w: f"{SUBMITTED(w)}reject/",
        staff_only(DRAFT_READERS),
        body=lambda w: {"reason": "empty", "note": "内容空泛"},
    ),
    Row(
        "merge",
        "POST",
        lambda w: f"{SUBMITTED(w)}merge/",
        staff_only(DRAFT_READERS),
        body=lambda w: {"into": w.registered.pk},
    ),
    Row(
        "return",
        "POST",
        lambda w: f"{SUBMITTED(w)}return/",
        staff_only(DRAFT_READERS),
        body=lambda w: {"reason": "请补充调研数据。"},
    ),
    Row(
        "assign",
        "POST",
        lambda w: f"{REGISTERED(w)}assign/",
        staff_only(REGISTERED_READERS),
        body=lambda w: {"units": [{"unit": w.unit.pk, "role": "lead"}]},
    ),
    Row(
        "extend",
        "POST",
        lambda w: f"{PROPOSAL(w)}extend/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"due_on": LATER_DUE_ON, "reason": "需要多部门协调。"},
    ),
    Row(
        "object to the assignment",
        "POST",
        lambda w: f"{PROPOSAL(w)}object/",
        only(403, PROPOSAL_READERS, 404, unit=201),
        body=lambda w: {"reason": "不属本单位职责。", "suggested_unit": w.other_unit.pk},
    ),
    Row(
        "reassign",
        "POST",
        lambda w: f"{PROPOSAL(w)}reassign/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"lead_unit": w.other_unit.pk, "co_units": [w.unit.pk]},
    ),
    Row(
        "dismiss an objection",
        "POST",
        objected,
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"note": "请按期办理。"},
    ),
    Row(
        "feedback",
        "POST",
        lambda w: f"{REPLIED(w)}feedback/",
        only(403, PROPOSAL_READERS, 404, member=200),
        body=lambda w: {"satisfaction": "satisfied", "comment": "满意。"},
    ),
    Row(
        "close",
        "POST",
        lambda w: f"{REPLIED(w)}close/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"note": "提案人逾期未评价。"},
    ),
    Row("publish", "POST", lambda w: f"{REPLIED(w)}publish/", staff_only(PROPOSAL_READERS)),
    Row(
        "unpublish",
        "POST",
        lambda w: f"{published(w)}unpublish/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"note": "提案人要求撤回公开。"},
    ),
    Row(
        "cosign",
        "POST",
        lambda w: f"{INVITATION(w)}cosign/",
        only(403, INVITATION_READERS, 404, cosigner=200),
        body=lambda w: {"accept": True},
    ),
    Row("withdraw", "POST", lambda w: f"{DRAFT(w)}withdraw/", only(403, DRAFT_READERS, 404, member=200)),
    Row(
        "attach a file to the draft",
        "POST",
        lambda w: f"{DRAFT(w)}attachments/",
        only(403, DRAFT_READERS, 404, member=201),
        body=lambda w: {"file": SimpleUploadedFile("补充材料.pdf", b"%PDF-1.4 more")},
        multipart=True,
    ),
    Row(
        "download the draft's attachment",
        "GET",
        lambda w: f"/proposals/attachments/{w.attachment.pk}/",
        only(200, DRAFT_READERS, 404),
    ),
]

# The secretariat writes everything of its committee: it also submits a report for its authors
# (as it files reports on their behalf), unlike a proposal, which only its proposer submits.
OPINION_ACTIONS = [
    Row(
        "write a report in the city",
        "POST",
        lambda w: "/api/opinions/",
        # A member writes for themself; the secretariat names the authors (400 without them).
        only(201, CITY_MEMBERS, 403, city_clerk=400),
        body=lambda w: {"committee": w.city.pk, "title": "关于增设公交站点的建议", "content": "建议……"},
    ),
    Row(
        "edit the draft report",
        "PATCH",
        REPORT_DRAFT,
        only(403, REPORT_READERS, 404, member=200, city_clerk=200),
        body=lambda w: {"title": "关于乡村文化广场建设的建议"},
    ),
    Row(
        "submit a draft report",
        "POST",
        lambda w: f"{REPORT_DRAFT(w)}submit/",
        only(403, REPORT_READERS, 404, member=200, city_clerk=200),
    ),
    Row(
        "return the report",
        "POST",
        lambda w: f"{REPORT(w)}return/",
        staff_only(REPORT_READERS),
        body=lambda w: {"reason": "请补充具体建议。"},
    ),
    Row(
        "decline the report",
        "POST",
        lambda w: f"{REPORT(w)}decline/",
        staff_only(REPORT_READERS),
        body=lambda w: {"reason": "内容空泛。"},
    ),
    Row(
        "publish the accepted report",
        "POST",
        lambda w: f"{ACCEPTED_REPORT(w)}publish/",
        staff_only(REPORT_READERS),
        body=lambda w: {"issue": w.issue.pk},
    ),
    Row(
        "record an adoption",
        "POST",
        lambda w: f"{ACCEPTED_REPORT(w)}adoptions/",
        staff_only(REPORT_READERS, city_clerk=201),
        body=lambda w: {"body": "province_cppcc", "action": "adopted", "date": "2024-06-01"},
    ),
]

OTHER_WRITES = [
    Row(
        "record attendance",
        "POST",
        lambda w: f"{ACTIVITY(w)}attendance/",
        staff_only(ACTIVITY_READERS),
        body=lambda w: {"member": w.members["another_member"].pk, "status": "present"},
    ),
    Row(
        "download the activity's attachment",
        "GET",
        lambda w: f"{ACTIVITY(w)}attachments/{w.activity_attachment.pk}/",
        # Materials are for the activity's participants (``member`` is invited) and its overseers.
        only(200, ("member", "city_clerk", "leader"), 404),
    ),
    Row(
        "the activity's check-in code",
        "GET",
        lambda w: f"{ACTIVITY(w)}checkin-code/",
        staff_only(ACTIVITY_READERS),
    ),
    Row(
        "check in to the activity",
        "POST",
        lambda w: f"{ACTIVITY(w)}checkin/",
        # Members not on the list and staff are refused; ``member`` is invited, and the code is
        # checked only then: the activity is next month, out of its check-in time (400).
        only(403, ACTIVITY_READERS, 404, member=400),
        body=lambda w: {"code": checkin.current_code(w.activity).code},
    ),
    Row(
        "obtain a token with one's own password",
        "POST",
        lambda w: "/api/auth/token/",
        # Anyone may ask; the anonymous visitor here knows no password (400).
        cells(200, anonymous=400),
        body=lambda w, persona: {
            "username": w.users[persona].username if w.users[persona] else "member",
            "password": PASSWORD if w.users[persona] else "wrong",
        },
        per_persona=True,
    ),
    Row("revoke one's token", "DELETE", lambda w: "/api/auth/token/", cells(204)),
    # Everyone sets their own channels, and only their own: the URL names no one else.
    Row(
        "set my notification preferences",
        "PUT",
        lambda w: "/api/me/notification-preferences/",
        cells(200),
        body=lambda w: {"preferences": [{"kind": "proposal_update", "sms": True}]},
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
    Row("admin: digests", "GET", lambda w: "/admin/proposals/digest/", only(200, STAFF, 302, anonymous=302)),
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
        "portal: notification settings",
        "GET",
        lambda w: "/portal/notifications/settings/",
        cells(200, anonymous=302),
    ),
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
            ("proposal report", lambda w: "/dashboard/proposal-report/"),
        ]
    ],
    Row(
        "dashboard: the city",
        "GET",
        lambda w: f"/dashboard/?committee={w.city.pk}",
        only(200, ("city_clerk", "leader"), 403, county_clerk=404, anonymous=302),
    ),
]


def answer(world: World, persona: str, row: Row):
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    body = None
    if row.body:
        body = row.body(world, persona) if row.per_persona else row.body(world)
    with transaction.atomic():
        if row.multipart:
            response = client.post(row.url(world), body)
        else:
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
    ORGANISATION_LISTS
    + READS
    + DASHBOARDS
    + WRITES
    + PROPOSAL_ACTIONS
    + OPINION_ACTIONS
    + OTHER_WRITES
    + PAGES,
    ids=lambda row: f"{row.method} {row.label}",
)
def test_permission_matrix(world, row):
    check(world, row)


def check(world: World, row: Row) -> None:
    """Every persona's answer to the row's request is the one the row expects."""
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


# Speeches (issue 20): ``member``'s draft and submitted speeches and ``cosigner``'s selected one, for
# the city's plenary. Members read their own and the selected speeches of their committee.
SPEECH_DRAFT = lambda w: f"/api/speeches/{w.speech_draft.pk}/"  # noqa: E731
SPEECH_SUBMITTED = lambda w: f"/api/speeches/{w.speech_submitted.pk}/"  # noqa: E731
COMPILATION = lambda w: f"/api/activities/{w.plenary.pk}/speeches/"  # noqa: E731
SPEECH_DRAFT_READERS = ("member", "city_clerk", "leader")
# The secretariat's steps on a submitted speech: the speaker reads it but may not; others do not see it.
SECRETARIAT_STEP = only(200, ("city_clerk",), 404, member=403, leader=403)
SPEAKER_STEP = only(200, ("member", "city_clerk"), 404, leader=403)

SPEECH_ROWS = [
    Row(
        "speech list",
        "GET",
        lambda w: "/api/speeches/",
        cells(200),
        listed=lambda w: {
            "member": ids_of(w, "speech_draft", "speech_submitted", "speech_selected"),
            "another_member": ids_of(w, "speech_selected"),
            "cosigner": ids_of(w, "speech_selected"),
            "unit": set(),
            "other_unit": set(),
            "county_clerk": set(),
            "city_clerk": ids_of(w, "speech_draft", "speech_submitted", "speech_selected"),
            "leader": ids_of(w, "speech_draft", "speech_submitted", "speech_selected"),
        },
    ),
    Row("speech draft detail", "GET", SPEECH_DRAFT, only(200, SPEECH_DRAFT_READERS, 404)),
    Row(
        "speech history", "GET", lambda w: f"{SPEECH_DRAFT(w)}history/", only(200, SPEECH_DRAFT_READERS, 404)
    ),
    Row(
        "write a speech",
        "POST",
        lambda w: "/api/speeches/",
        # Members write for themselves; the meeting is unknown to units and to the county (400);
        # the secretariat names a speaker (400 without one); the leader writes nothing.
        only(201, CITY_MEMBERS, 400, leader=403),
        body=lambda w: {"activity": w.plenary.pk, "title": "推进运河文化保护", "content": "正文"},
    ),
    Row("edit the speech draft", "PATCH", SPEECH_DRAFT, SPEAKER_STEP, body=lambda w: {"title": "改后的题目"}),
    Row("submit the speech", "POST", lambda w: f"{SPEECH_DRAFT(w)}submit/", SPEAKER_STEP),
    Row(
        "return the speech",
        "POST",
        lambda w: f"{SPEECH_SUBMITTED(w)}return/",
        SECRETARIAT_STEP,
        body=lambda w: {"note": "请补充数据"},
    ),
    Row(
        "select the speech",
        "POST",
        lambda w: f"{SPEECH_SUBMITTED(w)}select/",
        SECRETARIAT_STEP,
        body=lambda w: {"mode": "oral"},
    ),
    Row(
        "reject the speech",
        "POST",
        lambda w: f"{SPEECH_SUBMITTED(w)}reject/",
        SECRETARIAT_STEP,
        body=lambda w: {"note": "主题重复"},
    ),
    Row(
        "attach a file to the speech draft",
        "POST",
        lambda w: f"{SPEECH_DRAFT(w)}attachments/",
        only(201, ("member", "city_clerk"), 404, leader=403),
        body=lambda w: {"file": SimpleUploadedFile("数据.pdf", b"%PDF-1.4 data")},
        multipart=True,
    ),
    Row(
        "download the speech draft's attachment",
        "GET",
        lambda w: f"{SPEECH_DRAFT(w)}attachments/{w.speech_attachment.pk}/",
        only(200, SPEECH_DRAFT_READERS, 404),
    ),
    Row(
        "order the selected speech",
        "POST",
        lambda w: f"/api/speeches/{w.speech_selected.pk}/order/",
        only(403, (*CITY_MEMBERS, "leader"), 404, city_clerk=200),
        body=lambda w: {"order": 1},
    ),
    Row("the meeting's selected speeches", "GET", COMPILATION, only(200, ACTIVITY_READERS, 404)),
    Row(
        "the meeting's compilation",
        "GET",
        lambda w: f"{COMPILATION(w)}?format=docx",
        only(200, ("city_clerk", "leader"), 404, member=403, another_member=403, cosigner=403),
    ),
]


@pytest.fixture
def speech_world(world):
    """``world`` with the city's plenary and three speeches for it (the draft with an attachment),
    through the services."""
    member, cosigner, clerk = world.users["member"], world.users["cosigner"], world.users["city_clerk"]
    world.plenary = ActivityFactory(committee=world.city, kind="plenary", date=datetime.date(2024, 1, 8))

    def speech(author, title):
        return speech_services.speech_create(
            activity=world.plenary, title=title, content="正文", actor=author
        )

    world.speech_draft = speech(member, "加快补齐农村养老服务短板")
    world.speech_attachment = speech_services.speech_attach(
        speech=world.speech_draft, file=SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 report"), actor=member
    )
    world.speech_submitted = speech_services.speech_submit(
        speech=speech(member, "完善县域医共体建设"), actor=member
    )
    selected = speech_services.speech_submit(
        speech=speech(cosigner, "以数字化转型赋能传统制造业"), actor=cosigner
    )
    world.speech_selected = speech_services.speech_select(speech=selected, mode="oral", actor=clerk)
    return world


@pytest.mark.parametrize("row", SPEECH_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_speech_permission_matrix(speech_world, row):
    check(speech_world, row)


# Proposal handling (issue 15): ``world``'s assigned proposal with a contact its unit recorded and
# a reply waiting for the secretariat's review; its replied proposal, which the unit may grade.
TODAY = datetime.date.today().isoformat()
HANDLING_ROWS = [
    Row(
        "contacts of the proposal",
        "GET",
        lambda w: f"{PROPOSAL(w)}contacts/",
        only(200, PROPOSAL_READERS, 404),
    ),
    Row(
        "record a contact",
        "POST",
        lambda w: f"{PROPOSAL(w)}contacts/",
        only(403, PROPOSAL_READERS, 404, unit=201, city_clerk=201),
        body=lambda w: {"date": TODAY, "method": "visit", "summary": "登门走访。", "unit": w.unit.pk},
    ),
    Row(
        "confirm the contact",
        "POST",
        lambda w: f"{PROPOSAL(w)}contacts/{w.contact.pk}/confirm/",
        only(403, PROPOSAL_READERS, 404, member=200),
        body=lambda w: {},
    ),
    Row(
        "dispute the contact",
        "POST",
        lambda w: f"{PROPOSAL(w)}contacts/{w.contact.pk}/dispute/",
        only(403, PROPOSAL_READERS, 404, member=200),
        body=lambda w: {"comment": "未联系。"},
    ),
    Row(
        "co-unit opinions",
        "GET",
        lambda w: f"{PROPOSAL(w)}unit-opinions/",
        only(200, PROPOSAL_READERS, 404),
    ),
    Row(
        # The proposal has no co-unit: nobody may give a co-unit's opinion on it.
        "give a co-unit opinion",
        "POST",
        lambda w: f"{PROPOSAL(w)}unit-opinions/",
        only(403, PROPOSAL_READERS, 404),
        body=lambda w: {"content": "同意。"},
    ),
    Row(
        "release the reply",
        "POST",
        lambda w: f"{PROPOSAL(w)}release-reply/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"reply": w.pending_reply.pk},
    ),
    Row(
        "return the reply",
        "POST",
        lambda w: f"{PROPOSAL(w)}return-reply/",
        staff_only(PROPOSAL_READERS),
        body=lambda w: {"reply": w.pending_reply.pk, "note": "请补充。"},
    ),
    Row("the proposal's grades", "GET", lambda w: f"{REPLIED(w)}quality/", only(200, PROPOSAL_READERS, 404)),
    Row(
        "grade the proposal",
        "POST",
        lambda w: f"{REPLIED(w)}quality/",
        only(403, PROPOSAL_READERS, 404, unit=201),
        body=lambda w: {"grade": "good", "comment": "论证充分。"},
    ),
]


# Background jobs (issue 17): a job, its progress and its file are its owner's alone; every other
# persona gets 404 for them, whatever else they read. The export of the report list is anyone's who
# reads the list (each gets the reports they read).
JOB = lambda w: f"/api/jobs/{w.clerk_job.pk}/"  # noqa: E731
JOB_ROWS = [
    Row(
        "job list",
        "GET",
        lambda w: "/api/jobs/",
        cells(200),
        listed=lambda w: {
            **{persona: set() for persona in SIGNED_IN},
            "city_clerk": {w.clerk_job.pk},
            "member": {w.member_job.pk},
        },
    ),
    Row("job detail", "GET", JOB, only(200, ("city_clerk",), 404)),
    Row("job file", "GET", lambda w: f"{JOB(w)}file/", only(200, ("city_clerk",), 404)),
    Row("export the report list", "GET", lambda w: "/api/opinions/export/", cells(200)),
]


@pytest.fixture
def handling_world(world):
    """``world`` where the city reviews every reply, with a contact and a reply under review."""
    unit = world.users["unit"]
    HandlingRules.objects.create(committee=world.city, reply_review=ReplyReview.ALL)
    world.contact = proposal_services.proposal_contact(
        proposal=world.proposal, actor=unit, date=datetime.date.today(), method="phone", summary="电话沟通。"
    )
    world.pending_reply = proposal_services.proposal_reply(
        proposal=world.proposal, actor=unit, category="A", content="已采纳。"
    )
    return world


@pytest.mark.parametrize("row", HANDLING_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_handling_permission_matrix(handling_world, row):
    check(handling_world, row)


@pytest.fixture
def job_world(world):
    """``world`` with a finished export of the city clerk's (with its file) and a member's."""
    world.clerk_job = finished_job(world.users["city_clerk"])
    world.member_job = finished_job(world.users["member"])
    return world


@pytest.mark.parametrize("row", JOB_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_job_permission_matrix(job_world, row):
    check(job_world, row)


# API tokens (issue 18): their owner reads and revokes them; the secretariat reads those of the users
# of its committee and below, and revokes those of its own committee's (a city clerk reads the county
# clerk's token but may not revoke it).
MEMBER_TOKEN = lambda w: f"/api/auth/tokens/{w.member_token.pk}/"  # noqa: E731
TOKEN_ROWS = [
    Row(
        "token list",
        "GET",
        lambda w: "/api/auth/tokens/",
        cells(200),
        listed=lambda w: {
            **{persona: set() for persona in SIGNED_IN},
            "member": ids_of(w, "member_token"),
            "county_clerk": ids_of(w, "county_token"),
            "leader": ids_of(w, "leader_token"),
            "city_clerk": ids_of(w, "member_token", "county_token", "leader_token"),
        },
    ),
    Row("a member's token", "GET", MEMBER_TOKEN, only(200, ("member", "city_clerk"), 404)),
    Row("revoke a member's token", "DELETE", MEMBER_TOKEN, only(204, ("member", "city_clerk"), 404)),
    Row(
        "revoke the county clerk's token",
        "DELETE",
        lambda w: f"/api/auth/tokens/{w.county_token.pk}/",
        only(204, ("county_clerk",), 404, city_clerk=403),
    ),
]


@pytest.fixture
def token_world(world):
    """``world`` with a token of ``member``, of the county clerk and of the leader."""
    world.member_token, _key = api_token_issue(user=world.users["member"])
    world.county_token, _key = api_token_issue(user=world.users["county_clerk"])
    world.leader_token, _key = api_token_issue(user=world.users["leader"])
    return world


@pytest.mark.parametrize("row", TOKEN_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_token_permission_matrix(token_world, row):
    check(token_world, row)


# The audit log (issue 18): the secretariat reads it, a clerk their committee's and below (the city's
# clerk runs the platform: every entry); everyone else is refused.
AUDIT_ROWS = [
    Row("audit log", "GET", lambda w: "/api/audit/", only(200, STAFF, 403)),
    Row(
        "a city audit entry",
        "GET",
        lambda w: f"/api/audit/{w.city_audit_entry.pk}/",
        only(200, ("city_clerk",), 403, county_clerk=404),
    ),
]


@pytest.fixture
def audit_world(world):
    """``world`` with an audit entry of the city clerk's."""
    world.city_audit_entry = audit_record(action="export", actor=world.users["city_clerk"], label="委员")
    return world


@pytest.mark.parametrize("row", AUDIT_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_audit_permission_matrix(audit_world, row):
    check(audit_world, row)


# Public leads (issue 19): anyone sends one (throttled per address, lifted here); the city's
# ``received`` lead and its ``accepted`` one. The secretariat and the leader read both, the city's
# members the accepted one (their 线索库); only the city's secretariat screens them.
RECEIVED_LEAD = lambda w: f"/api/leads/{w.received_lead.pk}/"  # noqa: E731
ACCEPTED_LEAD = lambda w: f"/api/leads/{w.accepted_lead.pk}/"  # noqa: E731
LEAD_OVERSEERS = ("city_clerk", "leader")
LEAD_READERS = (*CITY_MEMBERS, *LEAD_OVERSEERS)

LEAD_ROWS = [
    Row(
        "send a public lead",
        "POST",
        lambda w: "/api/public/leads/",
        dict.fromkeys(PERSONAS, 201),
        body=lambda w: {
            "description": "建议在人民公园东门增设公交站点，方便出行。",
            "category": w.lead_category.pk,
        },
    ),
    Row(
        "lead list",
        "GET",
        lambda w: "/api/leads/",
        cells(200),
        listed=lambda w: {
            **{persona: ids_of(w, "accepted_lead") for persona in CITY_MEMBERS},
            **{persona: ids_of(w, "received_lead", "accepted_lead") for persona in LEAD_OVERSEERS},
            "unit": set(),
            "other_unit": set(),
            "county_clerk": set(),
        },
    ),
    Row("received lead detail", "GET", RECEIVED_LEAD, only(200, LEAD_OVERSEERS, 404)),
    Row("accepted lead detail", "GET", ACCEPTED_LEAD, only(200, LEAD_READERS, 404)),
    Row("accept the lead", "POST", lambda w: f"{RECEIVED_LEAD(w)}accept/", staff_only(("leader",))),
    Row(
        "merge the lead",
        "POST",
        lambda w: f"{RECEIVED_LEAD(w)}merge/",
        staff_only(("leader",)),
        body=lambda w: {"into": w.accepted_lead.pk},
    ),
    Row(
        "decline the lead",
        "POST",
        lambda w: f"{RECEIVED_LEAD(w)}decline/",
        staff_only(("leader",)),
        body=lambda w: {"reason": "属个人诉求。"},
    ),
    Row(
        "decline the accepted lead",
        "POST",
        lambda w: f"{ACCEPTED_LEAD(w)}decline/",
        only(403, LEAD_READERS, 404, city_clerk=409),
        body=lambda w: {"reason": "属个人诉求。"},
    ),
    Row("delete a lead", "DELETE", ACCEPTED_LEAD, cells(405)),
    Row("public lead form", "GET", lambda w: "/public/leads/new/", dict.fromkeys(PERSONAS, 200)),
    Row("portal: lead pool", "GET", lambda w: "/portal/leads/", only(200, CITY_MEMBERS, 403, anonymous=302)),
    Row(
        "portal: a draft from the accepted lead",
        "POST",
        lambda w: f"/portal/leads/{w.accepted_lead.pk}/draft/",
        only(302, CITY_MEMBERS, 403, anonymous=302),
    ),
]


@pytest.fixture
def lead_world(world, monkeypatch):
    """``world`` with a received and an accepted public lead of the city."""
    monkeypatch.setattr(LeadThrottle, "rate", "1000/hour", raising=False)
    clerk = world.users["city_clerk"]
    world.lead_category = world.proposal.category
    text = "小区门口的路灯坏了三个月，晚上出行很不方便。"
    world.received_lead = proposal_services.lead_submit(
        committee=world.city, description=text, category=world.lead_category, phone="13900001111"
    )
    accepted = proposal_services.lead_submit(
        committee=world.city, description=text, category=world.lead_category
    )
    world.accepted_lead = proposal_services.lead_accept(lead=accepted, actor=clerk)
    return world


@pytest.mark.parametrize("row", LEAD_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_lead_permission_matrix(lead_world, row):
    check(lead_world, row)


# The organisation and the platforms, one record of each in the city: the organisation (sessions,
# sectors, special committees, parties) is read by everyone with a role in the committee or above
# it, units included; the platforms by its members and those who oversee it, not by units. A
# nationwide party (no committee) is read by everyone signed in.
ORGANISATION_ROWS = [
    *[
        Row(f"{name} detail", "GET", lambda w, name=name, kind=kind: f"/api/{name}/{kind(w).pk}/", expected)
        for name, kind, expected in [
            ("sessions", lambda w: w.proposal.session, only(200, CITY_ORGANISATION, 404)),
            ("sectors", lambda w: w.sector, only(200, CITY_ORGANISATION, 404)),
            ("special-committees", lambda w: w.special_committee, only(200, CITY_ORGANISATION, 404)),
            ("parties", lambda w: w.party, only(200, CITY_ORGANISATION, 404)),
            ("rooms", lambda w: w.room, only(200, ACTIVITY_READERS, 404)),
            ("sector-groups", lambda w: w.sector_group, only(200, ACTIVITY_READERS, 404)),
            ("study-rooms", lambda w: w.study_room, only(200, ACTIVITY_READERS, 404)),
            ("publications", lambda w: w.publication, only(200, ACTIVITY_READERS, 404)),
            ("visits", lambda w: w.visit, only(200, ACTIVITY_READERS, 404)),
        ]
    ],
    Row("nationwide party detail", "GET", lambda w: f"/api/parties/{w.nationwide_party.pk}/", cells(200)),
]


@pytest.fixture
def organisation_world(world):
    """``world`` with a sector, a special committee, a party, a deliberation room, a sector group, a
    study room, a publication and a visit of the city, and a nationwide party."""
    city = world.city
    world.sector = SectorFactory(committee=city)
    world.special_committee = SpecialCommitteeFactory(committee=city)
    world.party = PartyFactory(committee=city)
    world.nationwide_party = PartyFactory(committee=None)
    world.room = RoomFactory(committee=city)
    world.sector_group = SectorGroupFactory(committee=city)
    world.study_room = StudyRoomFactory(committee=city)
    world.publication = PublicationFactory(committee=city)
    world.visit = VisitFactory(committee=city)
    return world


@pytest.mark.parametrize("row", ORGANISATION_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_organisation_permission_matrix(organisation_world, row):
    check(organisation_world, row)


# The public API (提案公开): anyone, signed in or not, reads a published proposal; an unpublished one
# does not exist there, for anyone.
PUBLIC_ROWS = [
    Row(
        "public proposal list",
        "GET",
        lambda w: "/api/public/proposals/",
        dict.fromkeys(PERSONAS, 200),
        listed=lambda w: {persona: ids_of(w, "replied") for persona in PERSONAS},
    ),
    Row(
        "public: a published proposal",
        "GET",
        lambda w: f"/api/public{REPLIED(w)[4:]}",
        cells(200, anonymous=200),
    ),
    Row(
        "public: an unpublished proposal",
        "GET",
        lambda w: f"/api/public{PROPOSAL(w)[4:]}",
        cells(404, anonymous=404),
    ),
]


@pytest.fixture
def public_world(world):
    """``world`` with its replied proposal published by the city's secretariat."""
    world.replied = proposal_services.proposal_publish(
        proposal=world.replied, actor=world.users["city_clerk"]
    )
    return world


@pytest.mark.parametrize("row", PUBLIC_ROWS, ids=lambda row: f"{row.method} {row.label}")
def test_public_permission_matrix(public_world, row):
    check(public_world, row)


MATRIX = [
    *ORGANISATION_LISTS,
    *READS,
    *DASHBOARDS,
    *WRITES,
    *PROPOSAL_ACTIONS,
    *OPINION_ACTIONS,
    *OTHER_WRITES,
    *PAGES,
    *SPEECH_ROWS,
    *HANDLING_ROWS,
    *JOB_ROWS,
    *TOKEN_ROWS,
    *AUDIT_ROWS,
    *LEAD_ROWS,
    *ORGANISATION_ROWS,
    *PUBLIC_ROWS,
]


def api_operations() -> dict[tuple, str]:
    """Every operation of the API, found as the OpenAPI schema finds them (drf-spectacular's walk of
    the URL resolver: every route of every view, every method, every ``@action``, the schema's own
    route and the docs), keyed by (view, method) and named as the schema names it."""
    generator = SchemaGenerator()
    operations = {}
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        name = generator.coerce_path(path, method, generator.create_view(callback, method))
        operations[callback, method] = f"{method} {name}"
    return operations


def test_every_operation_has_a_row(
    speech_world,
    handling_world,
    job_world,
    token_world,
    audit_world,
    lead_world,
    organisation_world,
    public_world,
):
    """The matrix holds a row for every operation of the API, so that no endpoint or action lands
    without every persona's expected answer. Each row's request is resolved to its view as the
    server would; the operations no row reaches are named."""
    world = speech_world  # every fixture above adds its records to the same ``world``
    operations = api_operations()
    reached = {(resolve(row.url(world).partition("?")[0]).func, row.method) for row in MATRIX}
    missing = sorted(name for key, name in operations.items() if key not in reached)
    assert not missing, (
        "These API operations have no row in the permission matrix (tests/test_permission_matrix.py); "
        "add a Row for each, with every persona's expected status:\n" + "\n".join(missing)
    )
    assert len(operations) > 100


def test_every_row_names_every_persona():
    """Each row expects an answer from each persona, and its labels are unique."""
    incomplete = [f"{row.method} {row.label}" for row in MATRIX if set(row.expected) != set(PERSONAS)]
    assert not incomplete, incomplete
    labels = [f"{row.method} {row.label}" for row in MATRIX]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
