"""A co-unit (会办) sends its opinion to the lead unit while the proposal is handled; only a
co-unit's contact, only in the handling states; the lead unit is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import Assignment, UnitOpinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled(registered, city_clerk, unit, unit_contact, co_contact):
    co_unit = co_contact.roles.get().handling_unit
    return services.proposal_assign(
        proposal=registered,
        actor=city_clerk,
        units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
    )


def test_the_co_unit_sends_its_opinion(handled, co_contact, unit_contact):
    opinion = services.proposal_unit_opinion(proposal=handled, actor=co_contact, content="建议同步调整规划。")
    assert opinion.unit.name == "市自然资源和规划局" and opinion.author == co_contact
    assert handled.timeline.filter(action="unit_opinion").exists()
    assert unit_contact.notifications.filter(message__contains="市自然资源和规划局").exists()


def test_the_opinion_needs_text(handled, co_contact):
    with pytest.raises(ValidationError):
        services.proposal_unit_opinion(proposal=handled, actor=co_contact, content=" ")


def test_only_a_co_unit_sends_one(handled, unit_contact, member_login):
    for actor in (unit_contact, member_login):
        with pytest.raises(PermissionDenied):
            services.proposal_unit_opinion(proposal=handled, actor=actor, content="意见")
    assert not UnitOpinion.objects.exists()


def test_not_after_the_reply(handled, unit_contact, co_contact):
    services.proposal_reply(
        proposal=handled, actor=unit_contact, category="A", content="已办理。", co_units_note="无"
    )
    with pytest.raises(InvalidTransition):
        services.proposal_unit_opinion(proposal=handled, actor=co_contact, content="意见")
