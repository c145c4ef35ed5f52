"""Proposal fixtures: a category, drafts and proposals further on, built through the services."""

import pytest

from proposals import services
from proposals.models import Assignment

from .factories import CategoryFactory, ProposalFactory


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="社会")


@pytest.fixture
def draft(city_session, member, category):
    return ProposalFactory(session=city_session, proposer=member, category=category)


@pytest.fixture
def submitted(draft, member_login):
    return services.proposal_submit(proposal=draft, actor=member_login)


@pytest.fixture
def registered(submitted, city_clerk):
    return services.proposal_register(proposal=submitted, actor=city_clerk)


@pytest.fixture
def assigned(registered, city_clerk, unit, unit_contact):
    return services.proposal_assign(
        proposal=registered, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)]
    )


@pytest.fixture
def replied(assigned, unit_contact):
    services.proposal_reply(proposal=assigned, actor=unit_contact, category="A", content="已采纳。")
    assigned.refresh_from_db()
    return assigned
