"""Objections to an assignment (交办异议): an assigned unit objects within the committee's objection
period (working days); the secretariat reassigns, restarting the deadline, or dismisses with a note;
each side is told; objections stay counted per unit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc.core.workflow import InvalidTransition
from cppcc.org.workdays import add_working_days
from proposals import services
from proposals.models import Assignment, HandlingRules, Objection

pytestmark = pytest.mark.django_db


def back_date(proposal, days: int) -> None:
    day = timezone.localdate() - datetime.timedelta(days=days)
    Assignment.objects.filter(proposal=proposal).update(assigned_on=day, started_on=day)


def test_the_unit_objects_and_the_secretariat_hears(assigned, unit_contact, co_unit, city_clerk):
    objection = services.proposal_object(
        proposal=assigned, actor=unit_contact, reason="属规划部门职责。", suggested_unit=co_unit
    )
    assert objection.outcome == Objection.Outcome.PENDING and objection.suggested_unit == co_unit
    assert objection.unit.name == "市住房城乡建设局" and objection.raised_by == unit_contact
    assert assigned.timeline.filter(action="object").exists()
    assert city_clerk.notifications.filter(message__contains="市住房城乡建设局").exists()
    assigned.refresh_from_db()
    assert assigned.state == "assigned"  # the unit does not forward it; its clock keeps running


def test_only_within_the_period(assigned, unit_contact):
    back_date(assigned, 40)
    with pytest.raises(InvalidTransition) as refused:
        services.proposal_object(proposal=assigned, actor=unit_contact, reason="不属本单位职责。")
    assert refused.value.code == "objection_window_closed"
    assert not Objection.objects.exists()


def test_the_period_is_the_committees_in_working_days(assigned, unit_contact, city):
    HandlingRules.objects.create(committee=city, objection_days=30)
    back_date(assigned, 30)
    assert services.proposal_object(proposal=assigned, actor=unit_contact, reason="不属本单位职责。")
    assignment = assigned.assignments.get()
    assert services.objection_deadline(assignment) == add_working_days(assignment.assigned_on, 30)


def test_one_pending_objection_a_reason_and_only_assigned_units(
    assigned, unit_contact, co_contact, member_login
):
    with pytest.raises(ValidationError):
        services.proposal_object(proposal=assigned, actor=unit_contact, reason=" ")
    services.proposal_object(proposal=assigned, actor=unit_contact, reason="不属本单位职责。")
    with pytest.raises(InvalidTransition):
        services.proposal_object(proposal=assigned, actor=unit_contact, reason="再次异议。")
    for outsider in (co_contact, member_login):
        with pytest.raises(PermissionDenied):
            services.proposal_object(proposal=assigned, actor=outsider, reason="异议。")


def test_reassignment_restarts_the_deadline(assigned, unit_contact, co_unit, co_contact, city_clerk):
    back_date(assigned, 3)
    services.proposal_object(
        proposal=assigned, actor=unit_contact, reason="属规划部门职责。", suggested_unit=co_unit
    )
    due = timezone.localdate() + datetime.timedelta(days=60)
    services.proposal_reassign(proposal=assigned, actor=city_clerk, lead_unit=co_unit, due_on=due)
    assignment = assigned.assignments.get()
    assert assignment.unit == co_unit and assignment.role == "lead"
    assert (
        assignment.assigned_on == assignment.started_on == timezone.localdate() and assignment.due_on == due
    )
    objection = Objection.objects.get()
    assert objection.outcome == "reassigned" and objection.resolved_by == city_clerk
    assert co_contact.notifications.filter(message__contains="市自然资源和规划局").exists()
    assert (
        unit_contact.notifications.filter(message__contains="改").exists()
        or unit_contact.notifications.count() >= 2
    )


def test_dismissal_keeps_the_assignment(assigned, unit_contact, city_clerk):
    services.proposal_object(proposal=assigned, actor=unit_contact, reason="不属本单位职责。")
    with pytest.raises(ValidationError):
        services.proposal_dismiss_objection(proposal=assigned, actor=city_clerk, note="")
    services.proposal_dismiss_objection(
        proposal=assigned, actor=city_clerk, note="属本单位职责，请按期办理。"
    )
    objection = Objection.objects.get()
    assert objection.outcome == "dismissed" and objection.note == "属本单位职责，请按期办理。"
    assert assigned.assignments.get().unit.name == "市住房城乡建设局"
    assert unit_contact.notifications.filter(message__contains="请按期办理").exists()
    with pytest.raises(InvalidTransition):
        services.proposal_dismiss_objection(proposal=assigned, actor=city_clerk, note="无异议可处理。")


def test_no_reassignment_after_a_reply(replied, city_clerk, co_unit):
    with pytest.raises(InvalidTransition):
        services.proposal_reassign(proposal=replied, actor=city_clerk, lead_unit=co_unit)


def test_the_objecting_unit_still_reads_its_objection(
    assigned, unit_contact, co_unit, city_clerk, member_login
):
    services.proposal_object(proposal=assigned, actor=unit_contact, reason="不属本单位职责。")
    services.proposal_reassign(proposal=assigned, actor=city_clerk, lead_unit=co_unit)
    assert Objection.objects.restrict(unit_contact, "view").count() == 1
    assert Objection.objects.restrict(member_login, "view").count() == 0
