"""The secretariat's proposal list: the queues as filters, search by number, title, proposer and
unit, filters scoped to the clerk's committees with each choice once, a page at a fixed number of
queries, the bulk register and the export."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.admin import CategoryFilter, UnitFilter
from proposals.models import Assignment, Proposal, State
from tests.admin_export import exported_rows
from tests.factories import HandlingUnitFactory, SessionFactory, on, session_of

from .factories import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:proposals_proposal_changelist")


@pytest.fixture
def clerk_client(client, city_clerk):
    client.force_login(city_clerk)
    return client


def listed(client, params: dict | None = None) -> set[int]:
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    return {proposal.pk for proposal in response.context["cl"].result_list}


def registered_proposal(city_session, category, member, clerk, title: str) -> Proposal:
    proposal = ProposalFactory(session=city_session, proposer=member, category=category, title=title)
    services.proposal_submit(proposal=proposal, actor=member.user)
    return services.proposal_register(proposal=proposal, actor=clerk)


@pytest.mark.parametrize(
    "query, fixture",
    [
        ("state__exact=submitted", "submitted"),
        ("state__exact=registered", "registered"),
        ("state__exact=assigned", "assigned"),
        ("state__exact=replied", "replied"),
    ],
)
def test_the_queues_of_the_admin_home(request, clerk_client, query, fixture):
    proposal = request.getfixturevalue(fixture)
    assert listed(clerk_client, dict([query.split("=")])) == {proposal.pk}


def test_the_rehandling_queue(clerk_client, replied, member_login):
    services.proposal_feedback(
        proposal=replied, actor=member_login, satisfaction="unsatisfied", comment="不够具体"
    )
    assert listed(clerk_client, {"state__exact": "rehandling"}) == {replied.pk}


def test_replies_due_soon_and_overdue(
    clerk_client, city_session, category, member_login, city_clerk, unit, unit_contact
):
    member = member_login.member
    today = timezone.localdate()

    def assigned(title: str, due_in_days: int | None, day: datetime.date = today) -> Proposal:
        proposal = registered_proposal(city_session, category, member, city_clerk, title)
        with on(day):
            due_on = day + datetime.timedelta(days=due_in_days) if due_in_days is not None else None
            return services.proposal_assign(
                proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)], due_on=due_on
            )

    soon = assigned("关于甲的建议", 10)
    today_due = assigned("关于乙的建议", 0)
    later = assigned("关于丙的建议", 30)
    late = assigned("关于丁的建议", None, day=today - datetime.timedelta(days=100))
    answered = assigned("关于戊的建议", 5)
    services.proposal_reply(proposal=answered, actor=unit_contact, category="A", content="已解决。")
    assert listed(clerk_client, {"due": "soon"}) == {soon.pk, today_due.pk}
    assert listed(clerk_client, {"overdue": "yes"}) == {late.pk}
    assert later.pk in listed(clerk_client, {"overdue": "no"})


@pytest.fixture
def numbered(city_session, category, member_login, city_clerk, unit):
    """Two registered proposals of 十四届三次会议: 0001 assigned to 市住房城乡建设局, and 0002."""
    first = registered_proposal(city_session, category, member_login.member, city_clerk, "关于加装电梯的建议")
    services.proposal_assign(proposal=first, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])
    second = registered_proposal(
        city_session, category, member_login.member, city_clerk, "关于停车设施的建议"
    )
    return first, second


@pytest.mark.parametrize("term", ["0001", "1", "第0001号", "十四届三次会议第0001号", " 0001 "])
def test_search_by_number(clerk_client, numbered, term):
    assert listed(clerk_client, {"q": term}) == {numbered[0].pk}


def test_a_number_of_another_session_finds_nothing(clerk_client, numbered):
    assert listed(clerk_client, {"q": "十四届四次会议第0001号"}) == set()


def test_search_by_title_proposer_and_unit(clerk_client, numbered):
    first, second = numbered
    assert listed(clerk_client, {"q": "停车"}) == {second.pk}
    assert listed(clerk_client, {"q": "李明远"}) == {first.pk, second.pk}
    assert listed(clerk_client, {"q": "住房城乡"}) == {first.pk}


def test_each_category_name_is_offered_once_and_selects_it_in_every_committee(
    clerk_client, city, county, city_session, member, county_member
):
    city_economy = CategoryFactory(committee=city, name="经济", order=1)
    CategoryFactory(committee=city, name="社会", order=4)
    county_economy = CategoryFactory(committee=county, name="经济", order=1)
    in_city = ProposalFactory(session=city_session, proposer=member, category=city_economy, state="submitted")
    in_county = ProposalFactory(
        session=session_of(county), proposer=county_member, category=county_economy, state="submitted"
    )
    response = clerk_client.get(LIST)
    (categories,) = [f for f in response.context["cl"].filter_specs if isinstance(f, CategoryFilter)]
    assert [name for name, _label in categories.lookup_choices] == ["经济", "社会"]
    assert listed(clerk_client, {"category": "经济"}) == {in_city.pk, in_county.pk}
    assert listed(clerk_client, {"category": "社会"}) == set()


def test_the_unit_filter_offers_the_units_of_the_clerks_committee(
    clerk_client, county, unit, co_unit, assigned
):
    HandlingUnitFactory(committee=county, name="东昌府区住建局")
    response = clerk_client.get(LIST)
    (units,) = [f for f in response.context["cl"].filter_specs if isinstance(f, UnitFilter)]
    assert sorted(name for _pk, name in units.lookup_choices) == sorted([unit.name, co_unit.name])
    assert listed(clerk_client, {"unit": unit.pk}) == {assigned.pk}
    assert listed(clerk_client, {"unit": co_unit.pk}) == set()


def test_a_page_costs_the_same_queries_for_5_and_60_proposals(
    clerk_client, city_session, category, member_login, city_clerk, unit, co_unit, django_assert_num_queries
):
    def build(count: int, session) -> None:
        for i in range(count):
            proposal = registered_proposal(session, category, member_login.member, city_clerk, f"第{i}件")
            services.proposal_assign(
                proposal=proposal,
                actor=city_clerk,
                units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
            )

    build(5, city_session)
    clerk_client.get(LIST)  # the first request fills Django's caches (content types)
    with CaptureQueriesContext(connection) as five:
        assert len(listed(clerk_client)) == 5
    # session, user, permissions (2), access (3), the filters' sessions, categories and units,
    # the counts (2), the page, its assignments, the unread notifications
    assert len(five) == 15
    build(55, SessionFactory(term=city_session.term, number=4, name="十四届四次会议"))
    with django_assert_num_queries(len(five)):
        assert len(listed(clerk_client)) == 60


def test_a_page_of_the_list_shows_the_units_and_the_due_date(clerk_client, assigned):
    page = clerk_client.get(LIST).content.decode()
    due = Assignment.objects.get(proposal=assigned).due_on.isoformat()
    assert "市住房城乡建设局" in page and due in page
    assert "相似提案" not in page


def test_bulk_register(clerk_client, submitted, city_session, category, member_login):
    second = ProposalFactory(session=city_session, proposer=member_login.member, category=category)
    services.proposal_submit(proposal=second, actor=member_login)
    clerk_client.post(LIST, {"action": "register_selected", "_selected_action": [submitted.pk, second.pk]})
    assert set(Proposal.objects.values_list("state", "number")) == {
        (State.REGISTERED, 1),
        (State.REGISTERED, 2),
    }


def test_export_to_excel(clerk_client, registered, draft):
    rows = exported_rows(clerk_client, "/admin/proposals/proposal/export/?state__exact=registered", Proposal)
    assert rows[0][:4] == ("编号", "案号", "会议", "案由")
    assert [(row[0], row[3]) for row in rows[1:]] == [(str(registered.pk), registered.title)]
