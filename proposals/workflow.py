"""The proposal lifecycle of DOMAIN.md, who may take each step, and what it tells whom; and the
small lifecycle of a co-signature.

draft ─submit→ submitted ─register→ registered ─assign→ assigned ─reply (last owed)→ replied
  ▲               │ │ │                                   ▲                            │
  └─return────────┘ │ └─merge→ merged                     └──── feedback unsatisfied ──┤
  withdraw → withdrawn └─reject→ not_registered         closed ◀─ feedback satisfied ──┤
                                                        closed ◀─ close (staff) ───────┘
Staying where they are: edit and co-sign (draft); extend, a reply while other units still owe
theirs, a co-unit's opinion (assigned, rehandling).

Objections (交办异议), while assigned: an assigned unit objects within the committee's objection
period (working days after its assignment); the secretariat reassigns (the units change and every
deadline restarts) or dismisses the objections with a note. The unit's clock keeps running while
its objection is pending: only a reassignment restarts it.

Rehandling ends once: the proposer's second "unsatisfied" is recorded and leaves the proposal
replied, awaiting the secretariat, who closes it with a note (``close`` then needs one).

A proposal handed in on paper (大会提案) is typed in by the secretariat and arrives submitted.

A co-signature is invited with the draft and answered once, by the invited member: invited →
accepted or declined; on a proposal typed in from paper it arrives accepted (signed on paper). It
keeps no timeline: its row is its whole account (who, invited when, answered when), and the
proposal's own timeline stays the proposal's.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cppcc.core.workflow import NEW, STAYS, Notice, Transition, Workflow
from cppcc.org.models import NotificationKind
from cppcc.org.roles import Access, access_for
from cppcc.org.services import notify

from .models import Assignment, Cosignature, Proposal, ProposalTimelineEntry, State
from .selectors import proposer_users, secretariat_users, unit_contacts


def is_staff(access: Access, proposal: Proposal) -> bool:
    """A secretariat clerk of the proposal's own committee."""
    return access.manages_committee(proposal.committee_id)


def acts_for_proposer(access: Access, proposal: Proposal) -> bool:
    """The lead proposer; for a collective proposal (no lead proposer), the secretariat files for it."""
    if proposal.proposer_id is None:
        return is_staff(access, proposal)
    return access.member_id is not None and access.member_id == proposal.proposer_id


def files(access: Access, proposal: Proposal) -> bool:
    """The proposer files their own draft; the secretariat files for anyone of its committee."""
    return is_staff(access, proposal) or acts_for_proposer(access, proposal)


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


def is_assigned_unit(access: Access, proposal: Proposal) -> bool:
    """A contact of any unit the proposal is assigned to (lead, co or separate)."""
    return any(a.unit_id in access.unit_ids for a in proposal.assignments.all())


def _units(proposal: Proposal, roles) -> list[int]:
    return [a.unit_id for a in proposal.assignments.all() if a.role in roles]


MUST_REPLY = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)


def _reply_due(proposal: Proposal) -> str:
    return min(a.due_on for a in proposal.assignments.all() if a.role in MUST_REPLY).isoformat()


def _to_proposers(message):
    return Notice(to=proposer_users, message=message, kind=NotificationKind.PROPOSAL_UPDATE)


RETURNED = _to_proposers(
    lambda p, note: (
        _("Your proposal “%(title)s” was returned for editing: %(reason)s")
        % {"title": p.title, "reason": note}
    )
)
REGISTERED = _to_proposers(
    lambda p, note: (
        _("Your proposal “%(title)s” was registered as %(code)s.") % {"title": p.title, "code": p.code}
    )
)
REJECTED = _to_proposers(
    lambda p, note: (
        _("Your proposal “%(title)s” was not registered: %(reason)s")
        % {"title": p.title, "reason": p.get_rejection_reason_display()}
    )
)
MERGED = _to_proposers(
    lambda p, note: (
        _("Your proposal “%(title)s” was merged into %(code)s “%(target)s”.")
        % {"title": p.title, "code": p.merged_into.code, "target": p.merged_into.title}
    )
)
ANSWERED = _to_proposers(
    lambda p, note: (
        _("Your proposal “%(title)s” has been answered; please rate the reply.") % {"title": p.title}
    )
)
ASSIGNED = Notice(
    to=lambda p: unit_contacts(_units(p, Assignment.Role.values)),
    message=lambda p, note: (
        _("Proposal %(code)s “%(title)s” is assigned to your unit; reply by %(date)s.")
        % {"code": p.code, "title": p.title, "date": note}
    ),
    kind=NotificationKind.REPLY_DUE,
    params=lambda p: {"code": p.code, "date": min(a.due_on for a in p.assignments.all()).isoformat()},
)
CO_UNIT_OPINION = Notice(
    to=lambda p: unit_contacts(_units(p, [Assignment.Role.LEAD])),
    message=lambda p, note: (
        _("%(unit)s sent its co-unit opinion on %(code)s “%(title)s”.")
        % {"unit": note, "code": p.code, "title": p.title}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)
REOPENED = Notice(
    to=lambda p: unit_contacts(_units(p, MUST_REPLY)) + secretariat_users(p.committee_id),
    message=lambda p, note: (
        _("The proposer is not satisfied with the reply to %(code)s “%(title)s”; reply again by %(date)s.")
        % {
            "code": p.code,
            "title": p.title,
            "date": _reply_due(p),
        }
    ),
    kind=NotificationKind.REPLY_DUE,
    params=lambda p: {"code": p.code, "date": _reply_due(p)},
)

OBJECTED = Notice(
    to=lambda p: secretariat_users(p.committee_id),
    message=lambda p, note: (
        _("%(unit)s objects to its assignment of %(code)s “%(title)s”; reassign it or dismiss the objection.")
        % {"unit": note, "code": p.code, "title": p.title}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)


def _objectors(proposal: Proposal) -> list[int]:
    """The units whose objections the secretariat has just decided (the latest decision)."""
    decided = [o for o in proposal.objections.all() if o.resolved_at is not None]
    latest = max((o.resolved_at for o in decided), default=None)
    return [o.unit_id for o in decided if o.resolved_at == latest]


REASSIGNED = Notice(
    to=lambda p: unit_contacts(set(_units(p, Assignment.Role.values)) | set(_objectors(p))),
    message=lambda p, note: (
        _("Proposal %(code)s “%(title)s” is reassigned: %(units)s.")
        % {"code": p.code, "title": p.title, "units": note}
    ),
    kind=NotificationKind.REPLY_DUE,
    params=lambda p: {"code": p.code, "date": min(a.due_on for a in p.assignments.all()).isoformat()},
)
OBJECTION_DISMISSED = Notice(
    to=lambda p: unit_contacts(_objectors(p)),
    message=lambda p, note: (
        _("Your objection to %(code)s “%(title)s” is dismissed: %(note)s")
        % {"code": p.code, "title": p.title, "note": note}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)
AWAITS_CLOSING = Notice(
    to=lambda p: secretariat_users(p.committee_id),
    message=lambda p, note: (
        _("The proposer is again not satisfied with the reply to %(code)s “%(title)s”; close it with a note.")
        % {"code": p.code, "title": p.title}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)

HANDLING = frozenset({State.ASSIGNED, State.REHANDLING})

proposal_workflow = Workflow(
    model=Proposal,
    timeline=ProposalTimelineEntry,
    access=access_for,
    notify=notify,
    transitions=[
        Transition("create", {NEW}, State.DRAFT, files, gettext_lazy("created")),
        # A proposal handed in on paper, typed in by the secretariat: it arrives submitted.
        Transition(
            "file_on_paper",
            {NEW},
            State.SUBMITTED,
            is_staff,
            gettext_lazy("typed in from paper"),
            stamps=("submitted_at",),
        ),
        Transition("edit", {State.DRAFT}, STAYS, acts_for_proposer, gettext_lazy("edit"), recorded=False),
        Transition("cosign", {State.DRAFT}, STAYS, is_invited, gettext_lazy("co-sign"), recorded=False),
        Transition(
            "submit",
            {State.DRAFT},
            State.SUBMITTED,
            acts_for_proposer,
            pgettext_lazy("proposal", "submit"),
            stamps=("submitted_at",),
        ),
        Transition(
            "withdraw",
            {State.DRAFT, State.SUBMITTED},
            State.WITHDRAWN,
            acts_for_proposer,
            gettext_lazy("withdraw"),
        ),
        Transition(
            "return",
            {State.SUBMITTED},
            State.DRAFT,
            is_staff,
            gettext_lazy("return for editing"),
            notice=RETURNED,
        ),
        Transition(
            "register",
            {State.SUBMITTED},
            State.REGISTERED,
            is_staff,
            gettext_lazy("register"),
            stamps=("registered_at",),
            notice=REGISTERED,
        ),
        Transition(
            "reject",
            {State.SUBMITTED},
            State.NOT_REGISTERED,
            is_staff,
            gettext_lazy("reject"),
            notice=REJECTED,
        ),
        Transition("merge", {State.SUBMITTED}, State.MERGED, is_staff, gettext_lazy("merge"), notice=MERGED),
        Transition(
            "assign", {State.REGISTERED}, State.ASSIGNED, is_staff, gettext_lazy("assign"), notice=ASSIGNED
        ),
        Transition("extend", HANDLING, STAYS, is_staff, gettext_lazy("extend the due date")),
        # A unit's reply: the last one owed moves the proposal on; one that leaves others owing stays.
        Transition("reply_partial", HANDLING, STAYS, replies_for_unit, gettext_lazy("reply"), action="reply"),
        Transition(
            "reply_last",
            HANDLING,
            State.REPLIED,
            replies_for_unit,
            gettext_lazy("reply"),
            action="reply",
            notice=ANSWERED,
        ),
        Transition(
            "object",
            {State.ASSIGNED},
            STAYS,
            is_assigned_unit,
            gettext_lazy("object to the assignment"),
            notice=OBJECTED,
        ),
        Transition(
            "reassign",
            {State.ASSIGNED},
            STAYS,
            is_staff,
            gettext_lazy("reassign"),
            notice=REASSIGNED,
        ),
        Transition(
            "dismiss_objection",
            {State.ASSIGNED},
            STAYS,
            is_staff,
            gettext_lazy("dismiss the objection"),
            notice=OBJECTION_DISMISSED,
        ),
        Transition(
            "unit_opinion",
            HANDLING,
            STAYS,
            is_co_unit,
            gettext_lazy("send the co-unit opinion"),
            notice=CO_UNIT_OPINION,
        ),
        # The proposer's rating: satisfied or basically satisfied closes, unsatisfied reopens.
        Transition(
            "feedback_satisfied",
            {State.REPLIED},
            State.CLOSED,
            acts_for_proposer,
            gettext_lazy("rate the reply"),
            action="feedback",
            stamps=("closed_at",),
        ),
        Transition(
            "feedback_unsatisfied",
            {State.REPLIED},
            State.REHANDLING,
            acts_for_proposer,
            gettext_lazy("rate the reply"),
            action="feedback",
            notice=REOPENED,
        ),
        # The second "unsatisfied": recorded, no third round; the secretariat closes with a note.
        Transition(
            "feedback_unsatisfied_again",
            {State.REPLIED},
            STAYS,
            acts_for_proposer,
            gettext_lazy("rate the reply"),
            action="feedback",
            notice=AWAITS_CLOSING,
        ),
        Transition(
            "close", {State.REPLIED}, State.CLOSED, is_staff, gettext_lazy("close"), stamps=("closed_at",)
        ),
    ],
)

# A proposal can be merged only into one that is registered or further on.
MERGE_TARGET_STATES = frozenset(
    {State.REGISTERED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED}
)


def answers_for_self(access: Access, cosignature: Cosignature) -> bool:
    return access.member_id is not None and access.member_id == cosignature.member_id


def files_on_paper(access: Access, cosignature: Cosignature) -> bool:
    """The secretariat of the proposal's committee, typing in a signature given on paper."""
    return access.manages_committee(cosignature.proposal.committee_id)


Answer = Cosignature.Status

cosignature_workflow = Workflow(
    model=Cosignature,
    state_field="status",
    access=access_for,
    transitions=[
        # A co-signer's signature on a paper proposal stands as their acceptance.
        Transition(
            "signed_on_paper",
            {NEW},
            Answer.ACCEPTED,
            files_on_paper,
            pgettext_lazy("cosignature", "signed on paper"),
            stamps=("answered_at",),
        ),
        Transition(
            "accept",
            {Answer.INVITED},
            Answer.ACCEPTED,
            answers_for_self,
            pgettext_lazy("cosignature", "accept"),
            stamps=("answered_at",),
        ),
        Transition(
            "decline",
            {Answer.INVITED},
            Answer.DECLINED,
            answers_for_self,
            pgettext_lazy("cosignature", "decline"),
            stamps=("answered_at",),
        ),
    ],
)
