"""The personas every test speaks of: a city committee with a county below it, a secretariat clerk
of each, a leader, three members, and the contacts of two handling units (the second a co-unit
where a proposal names it so); API clients logged in as them; and ``world``, one record of each
kind in the states the whole-API tests need, built through the services
(tests/site/dashboards/factories.py builds larger volumes the same way)."""

import copy
import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from cppcc.org.models import Committee, HandlingUnit, Member, Role, User
from opinions import services as opinion_services
from opinions.models import Issue, OpinionReport
from platforms import services as platform_services
from platforms.models import Activity, ActivityAttachment
from proposals import services as proposal_services
from proposals.models import Assignment, Attachment, Category, Proposal

from .factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SessionFactory,
    TermFactory,
    UserFactory,
    grant,
    member_user,
)


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked ``postgres`` are skipped on SQLite."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def city(db):
    return CommitteeFactory(code="city", name="聊城市政协", short_name="聊城市", level=Committee.Level.CITY)


@pytest.fixture
def county(city):
    return CommitteeFactory(
        code="county", name="东昌府区政协", short_name="东昌府区", level=Committee.Level.COUNTY, parent=city
    )


@pytest.fixture
def other_city(db):
    return CommitteeFactory(code="other", name="德州市政协", short_name="德州市", level=Committee.Level.CITY)


@pytest.fixture
def city_term(city):
    return TermFactory(committee=city)


@pytest.fixture
def city_session(city_term):
    return SessionFactory(term=city_term, number=3, name="十四届三次会议")


@pytest.fixture
def city_clerk(city):
    return grant(UserFactory(username="clerk", name="市政协工作人员", is_staff=True), city, Role.SECRETARIAT)


@pytest.fixture
def county_clerk(county):
    return grant(
        UserFactory(username="county_clerk", name="区政协工作人员", is_staff=True), county, Role.SECRETARIAT
    )


@pytest.fixture
def leader(city):
    return grant(UserFactory(username="leader", name="市政协主席"), city, Role.LEADER)


@pytest.fixture
def member(city, city_term):
    return MemberFactory(committee=city, term=city_term, name="李明远")


@pytest.fixture
def member_login(member):
    return member_user(member, "member")


@pytest.fixture
def member2(city, city_term):
    return MemberFactory(committee=city, term=city_term, name="王晓梅")


@pytest.fixture
def member2_login(member2):
    return member_user(member2, "member2")


@pytest.fixture
def member3(city, city_term):
    return MemberFactory(committee=city, term=city_term, name="赵思远")


@pytest.fixture
def member3_login(member3):
    return member_user(member3, "member3")


@pytest.fixture
def county_member(county):
    return MemberFactory(committee=county, name="孙立新")


@pytest.fixture
def unit(city):
    return HandlingUnitFactory(committee=city, name="市住房城乡建设局")


@pytest.fixture
def unit_contact(unit):
    return grant(UserFactory(username="unit", name="住建局联络员"), unit.committee, Role.HANDLING_UNIT, unit)


@pytest.fixture
def co_unit(city):
    """A second handling unit of the city: a co-unit (会办) where a proposal names it so."""
    return HandlingUnitFactory(committee=city, name="市自然资源和规划局")


@pytest.fixture
def co_contact(co_unit):
    return grant(
        UserFactory(username="co_unit", name="自然资源局联络员"),
        co_unit.committee,
        Role.HANDLING_UNIT,
        co_unit,
    )


class PersonaClient(APIClient):
    """An API client acting as a persona; each request sees a fresh copy of the user, as a real
    request would (nothing cached on the user object survives from one request to the next)."""

    persona = None

    def as_user(self, user):
        self.persona = user
        return self

    def logout(self):
        self.persona = None
        super().logout()

    def request(self, **kwargs):
        if self.persona is not None:
            user = copy.copy(self.persona)
            user.__dict__.pop("_cppcc_access", None)
            self.force_authenticate(user=user)
        return super().request(**kwargs)


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` acts as that user."""
    return PersonaClient()


@dataclass
class World:
    """The personas by the names of API.md's table, and one record of each kind."""

    city: Committee
    county: Committee
    users: dict[str, User | None] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    unit: HandlingUnit | None = None
    other_unit: HandlingUnit | None = None
    proposal: Proposal | None = None
    draft: Proposal | None = None
    submitted: Proposal | None = None
    registered: Proposal | None = None
    replied: Proposal | None = None
    invitation: Proposal | None = None
    attachment: Attachment | None = None
    report: OpinionReport | None = None
    report_draft: OpinionReport | None = None
    accepted_report: OpinionReport | None = None
    county_report: OpinionReport | None = None
    issue: Issue | None = None
    activity: Activity | None = None
    activity_attachment: ActivityAttachment | None = None
    county_activity: Activity | None = None


@pytest.fixture
def world(
    city,
    county,
    city_session,
    member_login,
    member2_login,
    member3_login,
    county_member,
    unit,
    unit_contact,
    co_unit,
    co_contact,
    city_clerk,
    county_clerk,
    leader,
) -> World:
    """Everything through the services, in the city unless said:

    - ``proposal``: a joint proposal of ``member`` co-signed by ``cosigner``, assigned to ``unit``;
    - ``draft`` (with ``attachment``), ``submitted``, ``registered`` and ``replied`` (by ``unit``):
      individual proposals of ``member``; ``invitation``: ``member``'s joint draft inviting ``cosigner``;
    - opinion reports of ``member``: ``report`` submitted, ``report_draft``, ``accepted_report`` and
      an ``issue`` to publish it in; ``county_report``, submitted in the county;
    - ``activity`` next month with ``member`` invited (and ``activity_attachment``), and a county one.
    """
    world = World(city=city, county=county, unit=unit, other_unit=co_unit)
    world.members.update(
        member=member_login.member,
        cosigner=member2_login.member,
        another_member=member3_login.member,
        county_member=county_member,
    )
    world.users.update(
        anonymous=None,
        member=member_login,
        cosigner=member2_login,
        another_member=member3_login,
        unit=unit_contact,
        other_unit=co_contact,
        city_clerk=city_clerk,
        county_clerk=county_clerk,
        leader=leader,
    )
    member, cosigner, clerk = member_login, member2_login, city_clerk
    category = Category.objects.create(committee=city, name="城乡建设")

    def proposal(title: str, kind: str = "individual", cosigners=()) -> Proposal:
        return proposal_services.proposal_create(
            actor=member,
            committee=city,
            session=city_session,
            title=title,
            content="情况与建议。",
            category=category,
            kind=kind,
            cosigners=[m.pk for m in cosigners],
        )

    def registered(title: str, kind: str = "individual", cosigners=()) -> Proposal:
        item = proposal(title, kind, cosigners)
        for signer in cosigners:
            proposal_services.proposal_cosign(proposal=item, actor=signer.user, accept=True)
        proposal_services.proposal_submit(proposal=item, actor=member)
        return proposal_services.proposal_register(proposal=item, actor=clerk)

    def assigned(item: Proposal) -> Proposal:
        return proposal_services.proposal_assign(
            proposal=item, actor=clerk, units=[(unit, Assignment.Role.LEAD)]
        )

    world.proposal = assigned(registered("关于老旧小区加装电梯的建议", "joint", [cosigner.member]))
    world.draft = proposal("关于社区养老服务的建议")
    world.attachment = proposal_services.attachment_add(
        proposal=world.draft, actor=member, upload=SimpleUploadedFile("说明.pdf", b"%PDF-1.4 draft")
    )
    world.submitted = proposal("关于城区停车设施的建议")
    proposal_services.proposal_submit(proposal=world.submitted, actor=member)
    world.registered = registered("关于中小学课后服务的建议")
    world.replied = assigned(registered("关于背街小巷照明的建议"))
    proposal_services.proposal_reply(
        proposal=world.replied, actor=unit_contact, category="A", content="已解决。"
    )
    world.invitation = proposal("关于公交线路优化的建议", "joint", [cosigner.member])
    for name in ("proposal", "submitted", "registered", "replied", "invitation"):
        setattr(world, name, Proposal.objects.get(pk=getattr(world, name).pk))

    def report(title: str) -> OpinionReport:
        return opinion_services.report_create(
            committee=city, title=title, content="建议……", authors=[member.member], actor=member
        )

    world.report = opinion_services.report_submit(report=report("关于农村助餐服务的建议"), actor=member)
    world.report_draft = report("关于乡村文化广场的建议")
    accepted = opinion_services.report_submit(report=report("关于河道保洁的建议"), actor=member)
    world.accepted_report = opinion_services.report_accept(report=accepted, actor=clerk)
    world.issue = Issue.objects.create(
        committee=city, year=2024, number=1, published_on=datetime.date(2024, 3, 20)
    )
    world.county_report = opinion_services.report_create_submitted(
        committee=county,
        title="关于城区停车的建议",
        content="建议……",
        authors=[county_member],
        actor=county_clerk,
    )

    world.activity = platform_services.activity_create(
        activity=Activity(
            committee=city,
            kind=Activity.Kind.INSPECTION,
            title="视察老旧小区改造",
            date=timezone.localdate() + datetime.timedelta(days=30),
        ),
        actor=clerk,
    )
    platform_services.attendance_record(
        activity=world.activity, member=member.member, status="invited", actor=clerk
    )
    world.activity_attachment = ActivityAttachment.objects.create(
        activity=world.activity, file=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan")
    )
    world.county_activity = platform_services.activity_create(
        activity=Activity(
            committee=county,
            kind=Activity.Kind.INSPECTION,
            title="视察城区道路",
            date=datetime.date(2024, 6, 1),
        ),
        actor=county_clerk,
    )
    return world


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The demo (``seed_demo``) built once for a module whose tests all read it: each test runs in
    its own transaction inside the one holding the demo, which is rolled back after the module's
    last test. Only for modules every test of which asks for it (another test would see it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield Committee.objects.get(code="liaocheng")
        transaction.set_rollback(True)


@pytest.fixture
def small_jobs(settings):
    """Every export or import of more than one row runs as a job (the queue runs it at once)."""
    settings.JOBS_BACKGROUND_ROWS = 1
    return settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (the queue's jobs) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
