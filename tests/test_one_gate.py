"""The visibility gate is the only one (``cppcc/core/querysets.py``): for every persona, every list
the API, the admin and the portal show holds exactly the rows ``Model.objects.restrict(user, "view")``
gives (narrowed, on a portal page about the user's own records, to those), and every detail page
answers for exactly those rows and no other. The API's lists are read from its router and the
admin's from its registry, so a list added later is checked without being named here."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cppcc.accounts.models import Lockout, LoginAttempt
from cppcc.api import router
from cppcc.core.querysets import RestrictedQuerySet
from cppcc.org.models import Member, Notification, Role
from cppcc.scoring.models import Dimension, Item, ScoreRule
from opinions import services as opinion_services
from opinions.models import OpinionReport, ReviewQueueReport
from platforms.models import Activity, Attendance
from proposals import services as proposal_services
from proposals.models import Assignment, Kind, Proposal, ReplyLabel, UnitOpinion
from speeches import services as speech_services
from speeches.models import Speech

from .factories import (
    HandlingUnitFactory,
    MemberFactory,
    PartyFactory,
    SectorFactory,
    SessionFactory,
    SpecialCommitteeFactory,
    TermFactory,
    UserFactory,
    grant,
)
from .opinions.factories import IssueFactory
from .platforms import factories as platform
from .proposals.factories import CategoryFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "superuser",
    "city_clerk",
    "county_clerk",
    "leader",
    "member_login",
    "member2_login",
    "unit_contact",
]
# What an admin page shows beyond the gate: the review queue is the submitted reports.
ADMIN_PAGES = {ReviewQueueReport: Q(state=OpinionReport.State.SUBMITTED)}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture(params=PERSONAS)
def persona(request, records):
    return AnonymousUser() if request.param == "anonymous" else request.getfixturevalue(request.param)


def visible(model, user, *criteria) -> set[int]:
    rows = model._default_manager.all()
    if isinstance(rows, RestrictedQuerySet):
        rows = rows.restrict(user, "view")
    return set(rows.filter(*criteria).values_list("pk", flat=True))


def every(model) -> list[int]:
    return list(model._default_manager.values_list("pk", flat=True))


@pytest.fixture
def records(
    city,
    county,
    other_city,
    city_session,
    superuser,
    city_clerk,
    county_clerk,
    leader,
    member,
    member_login,
    member2,
    member2_login,
    unit,
    unit_contact,
):
    """Records of every kind in the city, the county below it and another city, built through the
    services where a lifecycle is involved."""
    county_session = SessionFactory(term=TermFactory(committee=county))
    other_session = SessionFactory(term=TermFactory(committee=other_city))
    county_member = MemberFactory(committee=county, name="孙立新")
    other_member = MemberFactory(committee=other_city, name="周文博")
    other_clerk = grant(UserFactory(username="other_clerk", is_staff=True), other_city, Role.SECRETARIAT)
    co_unit = HandlingUnitFactory(committee=city, name="市自然资源和规划局")
    HandlingUnitFactory(committee=county)
    PartyFactory(name="中国国民党革命委员会")  # nationwide
    categories, sectors = {}, {}
    for committee in (city, county, other_city):
        sectors[committee] = SectorFactory(committee=committee)
        SpecialCommitteeFactory(committee=committee)
        PartyFactory(committee=committee)
        categories[committee] = CategoryFactory(committee=committee)
        ReplyLabel.objects.create(committee=committee, category="A", label="已解决或采纳")
        IssueFactory(committee=committee)
        platform.RoomFactory(committee=committee)
        platform.StudyRoomFactory(committee=committee)
        platform.TeamMemberFactory(group=platform.SectorGroupFactory(committee=committee))
        platform.PublicationFactory(committee=committee)
        platform.VisitFactory(committee=committee)
        ScoreRule.objects.create(
            committee=committee, year=2024, item=Item.SPEECH, dimension=Dimension.DUTY, points=Decimal(2)
        )

    def proposal(actor, committee, session, **fields):
        return proposal_services.proposal_create(
            actor=actor,
            committee=committee,
            session=session,
            title="关于加强老旧小区改造的建议",
            content="情况与建议。",
            category=categories[committee],
            **fields,
        )

    proposal(member_login, city, city_session, kind=Kind.JOINT, cosigners=[member2.pk])
    registered = proposal(member2_login, city, city_session)
    proposal_services.proposal_submit(proposal=registered, actor=member2_login)
    proposal_services.proposal_register(proposal=registered, actor=city_clerk)
    proposal_services.proposal_assign(
        proposal=registered,
        actor=city_clerk,
        units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
    )
    UnitOpinion.objects.create(proposal=registered, unit=co_unit, content="同意。", at=timezone.now())
    in_county = proposal(county_clerk, county, county_session, kind=Kind.SECTOR, sponsor=sectors[county])
    proposal_services.proposal_submit(proposal=in_county, actor=county_clerk)
    proposal_services.proposal_register(proposal=in_county, actor=county_clerk)
    proposal(other_clerk, other_city, other_session, proposer=other_member)

    def report(actor, committee, authors):
        return opinion_services.report_create(
            committee=committee,
            title="关于农村助餐服务的建议",
            content="建议……",
            authors=authors,
            actor=actor,
        )

    opinion_services.report_submit(report=report(member_login, city, [member]), actor=member_login)
    report(member2_login, city, [member2])
    accepted = opinion_services.report_create_submitted(
        committee=city, title="关于城区停车的建议", content="建议……", authors=[member2], actor=city_clerk
    )
    opinion_services.report_accept(report=accepted, actor=city_clerk)
    opinion_services.adoption_record(
        report=accepted,
        actor=city_clerk,
        body="city_party_committee",
        action="adopted",
        date=datetime.date(2024, 5, 1),
    )
    opinion_services.report_create_submitted(
        committee=county,
        title="关于道路维护的建议",
        content="建议……",
        authors=[county_member],
        actor=county_clerk,
    )
    report(other_clerk, other_city, [other_member])

    for committee, members in (
        (city, [member, member2]),
        (county, [county_member]),
        (other_city, [other_member]),
    ):
        activity = platform.ActivityFactory(committee=committee)
        for who in members:
            platform.AttendanceFactory(activity=activity, member=who)

    for committee, author, clerk in (
        (city, member, city_clerk),
        (city, member2, city_clerk),
        (county, county_member, county_clerk),
        (other_city, other_member, other_clerk),
    ):
        plenary = platform.ActivityFactory(committee=committee, kind=Activity.Kind.PLENARY)
        speech = speech_services.speech_create(
            activity=plenary, title="以数字化转型赋能传统制造业", content="正文", author=author, actor=clerk
        )
        if author == member2:
            speech_services.speech_submit(speech=speech, actor=clerk)
            speech_services.speech_select(speech=speech, mode="oral", actor=clerk)

    for user in (city_clerk, county_clerk, member_login, unit_contact):
        Notification.objects.create(user=user, message="有新的待办事项。")
    now = timezone.now()
    for username, user in (
        ("member", member_login),
        ("county_clerk", county_clerk),
        ("other_clerk", other_clerk),
        ("nobody", None),
    ):
        LoginAttempt.objects.create(
            username=username, user=user, success=False, reason="bad_credentials", at=now
        )
        Lockout.objects.create(scope=Lockout.Scope.USERNAME, key=username, failures=3, last_failure_at=now)
    Lockout.objects.create(scope=Lockout.Scope.IP, key="10.0.0.1", failures=60, last_failure_at=now)


def api_lists():
    """Every list of the API's router: (prefix, model)."""
    return [
        (prefix, viewset.queryset.model)
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list")
    ]


def test_every_api_list_and_detail_is_the_gate(api, persona):
    client = api.as_user(persona) if persona.is_authenticated else api
    for prefix, model in api_lists():
        response = client.get(f"/api/{prefix}/", {"page_size": 200})
        if not persona.is_authenticated:
            assert response.status_code == 401, prefix
            continue
        # A list whose rows the persona's roles never open (the audit log) may refuse outright.
        closed = response.status_code == 403
        assert not closed or not model.objects.allows(persona, "view"), prefix
        body = response.json()
        assert closed or body["next"] is None, prefix
        expected = visible(model, persona)
        assert closed or {row["id"] for row in body["results"]} == expected, prefix
        for pk in every(model):
            status = client.get(f"/api/{prefix}/{pk}/").status_code
            assert status == (200 if pk in expected else 403 if closed else 404), (prefix, pk)


def test_every_attendance_list_of_the_api_is_the_gate(api, persona):
    if not persona.is_authenticated:
        return
    client = api.as_user(persona)
    for activity in Activity.objects.restrict(persona, "view"):
        listed = {row["member"] for row in client.get(f"/api/activities/{activity.pk}/attendance/").json()}
        expected = Attendance.objects.restrict(persona, "view").filter(activity=activity)
        assert listed == set(expected.values_list("member_id", flat=True)), activity


def test_every_admin_list_and_page_is_the_gate(client, persona):
    if persona.is_authenticated:
        client.force_login(persona)
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        if not (persona.is_authenticated and persona.is_staff):
            assert response.status_code == 302, info  # to the admin's sign-in
            continue
        if not model_admin.has_view_permission(response.wsgi_request):
            assert response.status_code == 403, info
            continue
        assert response.status_code == 200, info
        expected = visible(model, persona, ADMIN_PAGES.get(model, Q()))
        assert {row.pk for row in response.context["cl"].queryset} == expected, info
        for pk in every(model):
            status = client.get(reverse("admin:{}_{}_change".format(*info), args=[pk])).status_code
            assert status == (200 if pk in expected else 302), (info, pk)  # 302: no such object


def test_every_portal_page_is_the_gate(client, persona):
    """Detail pages answer for what the user may read; a page of the user's own records lists
    exactly those of them the user may read."""
    if not persona.is_authenticated:
        assert client.get("/portal/proposals/").status_code == 302
        return
    client.force_login(persona)
    is_member = Member.objects.filter(user=persona, is_active=True).exists()
    member = Member.objects.filter(user=persona).first()
    for pk in every(Proposal):
        status = client.get(f"/portal/proposals/{pk}/").status_code
        assert status == (200 if pk in visible(Proposal, persona) else 404), pk
    for pk in every(OpinionReport):
        status = client.get(f"/portal/opinions/{pk}/").status_code
        assert status == (403 if not is_member else 200 if pk in visible(OpinionReport, persona) else 404), pk
    for pk in every(Speech):
        status = client.get(f"/portal/speeches/{pk}/").status_code
        assert status == (403 if not is_member else 200 if pk in visible(Speech, persona) else 404), pk
    for pk in every(Activity):
        status = client.get(f"/portal/activities/{pk}/leave/").status_code
        assert status == (403 if not is_member else 200 if pk in visible(Activity, persona) else 404), pk

    notifications = client.get("/portal/notifications/").context["notifications"]
    assert {n.pk for n in notifications} == visible(Notification, persona, Q(user=persona))
    if is_member:
        mine = Q(proposer=member) | Q(cosignatures__member=member)
        listed = client.get("/portal/proposals/").context["proposals"]
        assert {p.pk for p in listed} == visible(Proposal, persona, mine)
        listed = client.get("/portal/opinions/").context["reports"]
        assert {r.pk for r in listed} == visible(OpinionReport, persona, Q(author_links__member=member))
        listed = client.get("/portal/speeches/").context["speeches"]
        assert {s.pk for s in listed} == visible(Speech, persona, Q(author=member))
        listed = client.get("/portal/activities/", {"year": 2024}).context["attendances"]
        assert {a.pk for a in listed} == visible(
            Attendance, persona, Q(member=member, activity__date__year=2024)
        )
    units = persona.roles.filter(role=Role.HANDLING_UNIT).values("handling_unit")
    if units.exists() and not is_member:
        listed = client.get("/portal/").context["assignments"]
        assert {a.pk for a in listed} == visible(Assignment, persona, Q(unit__in=units))


@pytest.mark.parametrize(
    "page, model",
    [("proposals", Proposal), ("opinions", OpinionReport), ("activities", Activity)],
)
def test_every_dashboard_list_is_the_gate(client, persona, page, model):
    if persona.is_authenticated:
        client.force_login(persona)
    response = client.get(f"/dashboard/list/{page}/")
    if not persona.is_authenticated:
        assert response.status_code == 302
        return
    if (
        not persona.is_superuser
        and not persona.roles.filter(role__in=[Role.SECRETARIAT, Role.LEADER]).exists()
    ):
        assert response.status_code == 403
        return
    assert {item.pk for item in response.context["items"]} == visible(model, persona)
