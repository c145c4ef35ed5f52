"""Generated from the tables of ``proposals/workflow.py``: every transition of a proposal and of a
co-signature, for every persona, from every state (tests/lifecycle.py). The proposal is ``member``'s
joint proposal with ``member2`` invited to co-sign, assigned to ``unit`` (lead) and to a co-unit,
whatever its state."""

import pytest
from django.utils import timezone

from cppcc.core.workflow import NEW
from cppcc.org.models import Role
from proposals.models import Assignment, Contact, ContactMethod, Cosignature, Kind, Reply
from proposals.workflow import contact_workflow, cosignature_workflow, proposal_workflow, reply_workflow
from tests.factories import HandlingUnitFactory, UserFactory, grant
from tests.lifecycle import compare, matrix, personas, record_in

from .factories import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

STAFF = {"city_clerk"}
PROPOSER = {"member_login"}
# Who may take each transition (DOMAIN.md), whatever the state; "co_unit" is a co-unit's contact.
WHO = {
    "create": PROPOSER | STAFF,
    "file_on_paper": STAFF,
    "edit": PROPOSER,
    "cosign": {"member2_login"},
    "submit": PROPOSER,
    "withdraw": PROPOSER,
    "return": STAFF,
    "register": STAFF,
    "reject": STAFF,
    "merge": STAFF,
    "assign": STAFF,
    "extend": STAFF,
    "reply_partial": STAFF | {"unit_contact"},
    "reply_last": STAFF | {"unit_contact"},
    "submit_reply": STAFF | {"unit_contact"},
    "release_reply_partial": STAFF,
    "release_reply_last": STAFF,
    "return_reply": STAFF,
    "contact": STAFF | {"unit_contact", "co_unit"},
    "rate_quality": {"unit_contact"},
    "object": {"unit_contact", "co_unit"},
    "reassign": STAFF,
    "dismiss_objection": STAFF,
    "unit_opinion": {"co_unit"},
    "feedback_satisfied": PROPOSER,
    "feedback_unsatisfied": PROPOSER,
    "feedback_unsatisfied_again": PROPOSER,
    "close": STAFF,
    "publish": STAFF,
    "unpublish": STAFF,
}
CONTACT_WHO = {"record": STAFF | {"unit_contact"}, "confirm": PROPOSER, "dispute": PROPOSER}
REPLY_WHO = {
    "send": STAFF | {"unit_contact"},
    "submit": STAFF | {"unit_contact"},
    "release": STAFF,
    "return": STAFF,
}
COSIGNATURE_WHO = {
    "signed_on_paper": STAFF,
    "accept": {"member2_login"},
    "decline": {"member2_login"},
}


@pytest.fixture
def co_unit(city):
    return HandlingUnitFactory(committee=city, name="市教育局")


@pytest.fixture
def everyone(request, city, co_unit):
    """The personas, and a contact of the co-unit."""
    return personas(request) | {
        "co_unit": grant(UserFactory(username="co_unit"), city, Role.HANDLING_UNIT, co_unit)
    }


@pytest.fixture
def proposal_in(city_session, member, member2, unit, co_unit):
    """``proposal_in(state)``: the joint proposal in ``state`` with the personas' rows around it."""
    category = CategoryFactory(committee=city_session.committee)

    def build(state):
        return ProposalFactory.build(
            session=city_session, category=category, kind=Kind.JOINT, proposer=member
        )

    def make(state):
        proposal = record_in(proposal_workflow, state, build)
        if state == NEW:
            return proposal
        Cosignature.objects.create(proposal=proposal, member=member2)
        for assigned, role in ((unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)):
            Assignment.objects.create(
                proposal=proposal,
                unit=assigned,
                role=role,
                assigned_on="2024-03-01",
                started_on="2024-03-01",
                due_on="2024-06-01",
            )
        return proposal

    return make


def test_the_table_names_who_may_take_every_transition():
    assert set(WHO) == {t.name for t in proposal_workflow.transitions}
    assert set(COSIGNATURE_WHO) == {t.name for t in cosignature_workflow.transitions}
    assert set(CONTACT_WHO) == {t.name for t in contact_workflow.transitions}
    assert set(REPLY_WHO) == {t.name for t in reply_workflow.transitions}


@pytest.mark.parametrize(("name", "state"), matrix(proposal_workflow))
def test_proposal_transition(name, state, everyone, proposal_in):
    changes = {"merged_into": proposal_in("registered")} if name == "merge" else {}
    got, want = compare(
        proposal_workflow, name, state, personas=everyone, who=WHO[name], record=proposal_in, changes=changes
    )
    assert got == want


@pytest.mark.parametrize(("name", "state"), matrix(cosignature_workflow))
def test_cosignature_transition(name, state, everyone, proposal_in, member2):
    def cosignature_in(state):
        draft = proposal_in("draft")
        draft.cosignatures.all().delete()
        return record_in(
            cosignature_workflow, state, lambda _state: Cosignature(proposal=draft, member=member2)
        )

    got, want = compare(
        cosignature_workflow, name, state, personas=everyone, who=COSIGNATURE_WHO[name], record=cosignature_in
    )
    assert got == want


@pytest.mark.parametrize(("name", "state"), matrix(contact_workflow))
def test_contact_transition(name, state, everyone, proposal_in, unit):
    def contact_in(state):
        proposal = proposal_in("assigned")
        return record_in(
            contact_workflow,
            state,
            lambda _state: Contact(
                proposal=proposal,
                unit=unit,
                date="2024-03-05",
                method=ContactMethod.PHONE,
                summary="电话沟通",
                recorded_at=timezone.now(),
            ),
        )

    got, want = compare(
        contact_workflow, name, state, personas=everyone, who=CONTACT_WHO[name], record=contact_in
    )
    assert got == want


@pytest.mark.parametrize(("name", "state"), matrix(reply_workflow))
def test_reply_transition(name, state, everyone, proposal_in, unit):
    def reply_in(state):
        proposal = proposal_in("assigned")
        return record_in(
            reply_workflow,
            state,
            lambda _state: Reply(
                proposal=proposal, unit=unit, category="A", content="答复", replied_at=timezone.now()
            ),
        )

    got, want = compare(reply_workflow, name, state, personas=everyone, who=REPLY_WHO[name], record=reply_in)
    assert got == want
