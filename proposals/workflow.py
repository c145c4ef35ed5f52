"""The proposal lifecycle of DOMAIN.md, and who may take each step.

draft ─submit→ submitted ─register→ registered ─assign→ assigned ─reply→ replied ─feedback→ closed
  ▲               │ │ │                                   ▲                │ └─close (staff)→ closed
  └─return────────┘ │ └─merge→ merged                      └──rehandling◀───┘ unsatisfied
  withdraw → withdrawn └─reject→ not_registered
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.workflow import Transition, Workflow
from cppcc.org.roles import Access

from .models import Assignment, Cosignature, Proposal, State


def is_staff(access: Access, proposal: Proposal) -> bool:
    """A secretariat clerk of the proposal's own committee."""
    return access.manages_committee(proposal.committee_id)


def acts_for_proposer(access: Access, proposal: Proposal) -> bool:
    """The lead proposer; for a collective proposal (no lead proposer), the secretariat files for it."""
    if proposal.proposer_id is None:
        return is_staff(access, proposal)
    return access.member_id is not None and access.member_id == proposal.proposer_id


def is_invited(access: Access, proposal: Proposal) -> bool:
    return access.member_id is not None and any(
        c.member_id == access.member_id and c.status == Cosignature.Status.INVITED
        for c in proposal.cosignatures.all()
    )


def replies_for_unit(access: Access, proposal: Proposal) -> bool:
    """A contact of an assigned lead or separate unit, or the secretariat (naming the unit)."""
    if is_staff(access, proposal):
        return True
    return any(a.must_reply and a.unit_id in access.unit_ids for a in proposal.assignments.all())


def is_co_unit(access: Access, proposal: Proposal) -> bool:
    """A contact of a unit assigned as co-unit (会办), who sends its opinion to the lead unit."""
    return any(
        a.role == Assignment.Role.CO and a.unit_id in access.unit_ids for a in proposal.assignments.all()
    )


HANDLING = frozenset({State.ASSIGNED, State.REHANDLING})

proposal_workflow = Workflow(
    states=State,
    transitions=[
        Transition("edit", frozenset({State.DRAFT}), None, acts_for_proposer, _("edit")),
        Transition("cosign", frozenset({State.DRAFT}), None, is_invited, _("co-sign")),
        Transition(
            "submit",
            frozenset({State.DRAFT}),
            State.SUBMITTED,
            acts_for_proposer,
            pgettext_lazy("proposal", "submit"),
        ),
        Transition(
            "withdraw",
            frozenset({State.DRAFT, State.SUBMITTED}),
            State.WITHDRAWN,
            acts_for_proposer,
            _("withdraw"),
        ),
        Transition("return", frozenset({State.SUBMITTED}), State.DRAFT, is_staff, _("return for editing")),
        Transition("register", frozenset({State.SUBMITTED}), State.REGISTERED, is_staff, _("register")),
        Transition("reject", frozenset({State.SUBMITTED}), State.NOT_REGISTERED, is_staff, _("reject")),
        Transition("merge", frozenset({State.SUBMITTED}), State.MERGED, is_staff, _("merge")),
        Transition("assign", frozenset({State.REGISTERED}), State.ASSIGNED, is_staff, _("assign")),
        Transition("extend", HANDLING, None, is_staff, _("extend the due date")),
        Transition("reply", HANDLING, None, replies_for_unit, _("reply")),
        Transition("unit_opinion", HANDLING, None, is_co_unit, _("send the co-unit opinion")),
        Transition("feedback", frozenset({State.REPLIED}), None, acts_for_proposer, _("rate the reply")),
        Transition("close", frozenset({State.REPLIED}), State.CLOSED, is_staff, _("close")),
    ],
)

# A proposal can be merged only into one that is registered or further on.
MERGE_TARGET_STATES = frozenset(
    {State.REGISTERED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED}
)
