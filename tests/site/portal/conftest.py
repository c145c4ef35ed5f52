"""Portal fixtures: a category, proposals at each stage built through the services (the lead unit
and the co-unit of tests/conftest.py), and a counter of the queries a page makes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import services
from proposals.models import Assignment, Kind
from tests.proposals.factories import CategoryFactory, ProposalFactory


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="社会")


@pytest.fixture
def draft(city_session, member, category, member_login):
    return ProposalFactory(
        session=city_session, proposer=member, category=category, title="关于加强老旧小区改造的建议"
    )


@pytest.fixture
def joint_draft(city_session, member_login, member2_login, category):
    return services.proposal_create(
        actor=member_login,
        committee=city_session.committee,
        session=city_session,
        title="关于完善城市停车设施的建议",
        content="停车难问题突出。",
        category=category,
        kind=Kind.JOINT,
        cosigners=[member2_login.member.pk],
    )


@pytest.fixture
def assigned(draft, member_login, city_clerk, unit, unit_contact, co_unit, co_contact):
    services.proposal_submit(proposal=draft, actor=member_login)
    services.proposal_register(proposal=draft, actor=city_clerk)
    return services.proposal_assign(
        proposal=draft,
        actor=city_clerk,
        units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
    )


@pytest.fixture
def replied(assigned, unit_contact):
    services.proposal_reply(
        proposal=assigned,
        actor=unit_contact,
        category="A",
        content="已列入改造计划并实施。",
        co_units_note="会办单位未反馈意见。",
    )
    assigned.refresh_from_db()
    return assigned


class QueryCounter:
    """How many queries one GET of a page makes, as the given user."""

    def __init__(self, client):
        self.client = client

    def __call__(self, user, url: str, status: int = 200) -> int:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == status
        return len(queries)


@pytest.fixture
def queries_of(client):
    return QueryCounter(client)
