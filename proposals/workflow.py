"""The proposal lifecycle of DOMAIN.md, who may take each step, and what it tells whom; and the
small lifecycle of a co-signature.

draft ─submit→ submitted ─register→ registered ─assign→ assigned ─reply (last owed)→ replied
  ▲               │ │ │                                   ▲                            │
  └─return────────┘ │ └─merge→ merged                     └──── feedback unsatisfied ──┤
  withdraw → withdrawn └─reject→ not_registered         closed ◀─ feedback satisfied ──┤
                                                        closed ◀─ close (staff) ───────┘
Staying where they are: edit and a co-signer's answer (draft, on the timeline and told to the lead
proposer); extend, a reply while other units still owe
theirs, a co-unit's opinion (assigned, rehandling).

Objections (交办异议), while assigned: an assigned unit objects within the committee's objection
period (working days after its assignment); the secretariat reassigns (the units change and every
deadline restarts) or dismisses the objections with a note. The unit's clock keeps running while
its objection is pending: only a reassignment restarts it.

Rehandling ends once: the proposer's second "unsatisfied" is recorded and leaves the proposal
replied, awaiting the secretariat, who closes it with a note (``close`` then needs one).

A proposal handed in on paper (大会提案) is typed in by the secretariat and arrives submitted.

Publication (提案公开), once the reply is released (replied, rehandling, closed): the secretariat
publishes a proposal whose proposers consented, and may withdraw it from publication; both stay in
the state and go on the timeline.

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

from .models import (
    PUBLISHABLE_STATES,
    Assignment,
    Contact,
    Cosignature,
    Lead,
    LeadState,
    Proposal,
    ProposalTimelineEntry,
    Reply,
    State,
)
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


def works_for_unit(access: Access, proposal: Proposal) -> bool:
    """A contact of any assigned unit, or the secretariat (naming the unit)."""
    return is_staff(access, proposal) or any(a.unit_id in access.unit_ids for a in proposal.assignments.all())


def rates_quality(access: Access, proposal: Proposal) -> bool:
    """A contact of a unit that replies (lead or separate); whether it has replied, the service checks."""
    return any(a.must_reply and a.unit_id in access.unit_ids for a in proposal.assignments.all())


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


def _lead_proposer(proposal: Proposal) -> list:
    proposer = proposal.proposer
    return [proposer.user] if proposer is not None and proposer.user_id else []


# The note of a co-signer's answer names them and says yes or no (services.proposal_cosign).
COSIGN_ANSWERED = Notice(
    to=_lead_proposer,
    message=lambda p, note: (
        _("A co-signer answered on your proposal “%(title)s”: %(answer)s")
        % {"title": p.title, "answer": note}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)
REPLY_TO_REVIEW = Notice(
    to=lambda p: secretariat_users(p.committee_id),
    message=lambda p, note: (
        _("%(unit)s replied to %(code)s “%(title)s”; the reply waits for your review.")
        % {"unit": note, "code": p.code, "title": p.title}
    ),
    kind=NotificationKind.PROPOSAL_UPDATE,
)
REPLY_RETURNED = Notice(
    to=lambda p: unit_contacts(
        p.replies.filter(status=Reply.Status.RETURNED)
        .order_by("-reviewed_at")
        .values_list("unit_id", flat=True)[:1]
    ),
    message=lambda p, note: (
        _("The secretariat returned your reply to %(code)s “%(title)s”: %(note)s")
        % {"code": p.code, "title": p.title, "note": note}
    ),
    kind=NotificationKind.REPLY_DUE,
)

CONTACTED = _to_proposers(
    lambda p, note: (
        _("A handling unit recorded a contact with you about “%(title)s” (%(contact)s); please confirm it.")
        % {"title": p.title, "contact": note}
    )
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
        Transition(
            "cosign",
            {State.DRAFT},
            STAYS,
            is_invited,
            gettext_lazy("co-signer's answer"),
            notice=COSIGN_ANSWERED,
        ),
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
        # Where the committee reviews replies, a unit's reply waits for the secretariat, which
        # releases it (the last owed moves the proposal on) or returns it for the unit to reply again.
        Transition(
            "submit_reply",
            HANDLING,
            STAYS,
            replies_for_unit,
            gettext_lazy("reply for review"),
            notice=REPLY_TO_REVIEW,
        ),
        Transition(
            "release_reply_partial",
            HANDLING,
            STAYS,
            is_staff,
            gettext_lazy("release the reply"),
            action="release_reply",
        ),
        Transition(
            "release_reply_last",
            HANDLING,
            State.REPLIED,
            is_staff,
            gettext_lazy("release the reply"),
            action="release_reply",
            notice=ANSWERED,
        ),
        Transition(
            "return_reply",
            HANDLING,
            STAYS,
            is_staff,
            gettext_lazy("return the reply"),
            notice=REPLY_RETURNED,
        ),
        Transition(
            "contact", HANDLING, STAYS, works_for_unit, gettext_lazy("record a contact"), notice=CONTACTED
        ),
        # The unit's grade of the proposal's quality leaves no trace in the proposal's timeline:
        # the proposers read the timeline and never the grade.
        Transition(
            "rate_quality",
            HANDLING | {State.REPLIED, State.CLOSED},
            STAYS,
            rates_quality,
            gettext_lazy("rate the proposal's quality"),
            recorded=False,
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
        # Publication (提案公开): whether the proposers consented, the service checks.
        Transition("publish", PUBLISHABLE_STATES, STAYS, is_staff, pgettext_lazy("proposal", "publish")),
        Transition(
            "unpublish",
            PUBLISHABLE_STATES,
            STAYS,
            is_staff,
            pgettext_lazy("proposal", "withdraw from publication"),
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


def records_contact(access: Access, contact: Contact) -> bool:
    """A contact of the unit, or the secretariat of the proposal's committee."""
    return access.manages_committee(contact.proposal.committee_id) or contact.unit_id in access.unit_ids


def answers_for_proposer(access: Access, contact: Contact) -> bool:
    return acts_for_proposer(access, contact.proposal)


ContactAnswer = Contact.Answer

contact_workflow = Workflow(
    model=Contact,
    state_field="answer",
    access=access_for,
    transitions=[
        Transition("record", {NEW}, ContactAnswer.PENDING, records_contact, gettext_lazy("record a contact")),
        Transition(
            "confirm",
            {ContactAnswer.PENDING},
            ContactAnswer.CONFIRMED,
            answers_for_proposer,
            pgettext_lazy("contact", "confirm"),
            stamps=("answered_at",),
        ),
        Transition(
            "dispute",
            {ContactAnswer.PENDING},
            ContactAnswer.DISPUTED,
            answers_for_proposer,
            pgettext_lazy("contact", "dispute"),
            stamps=("answered_at",),
        ),
    ],
)


def reviews_reply(access: Access, reply: Reply) -> bool:
    return access.manages_committee(reply.proposal.committee_id)


def writes_reply(access: Access, reply: Reply) -> bool:
    return replies_for_unit(access, reply.proposal)


ReplyStatus = Reply.Status

# A reply's own small lifecycle: sent straight to the proposers, or through the secretariat's review.
reply_workflow = Workflow(
    model=Reply,
    state_field="status",
    access=access_for,
    transitions=[
        Transition("send", {NEW}, ReplyStatus.RELEASED, writes_reply, gettext_lazy("reply")),
        Transition(
            "submit", {NEW}, ReplyStatus.PENDING_REVIEW, writes_reply, gettext_lazy("reply for review")
        ),
        Transition(
            "release",
            {ReplyStatus.PENDING_REVIEW},
            ReplyStatus.RELEASED,
            reviews_reply,
            gettext_lazy("release the reply"),
            stamps=("reviewed_at",),
        ),
        Transition(
            "return",
            {ReplyStatus.PENDING_REVIEW},
            ReplyStatus.RETURNED,
            reviews_reply,
            gettext_lazy("return the reply"),
            stamps=("reviewed_at",),
        ),
    ],
)


def anyone(access: Access, lead: Lead) -> bool:
    """Anyone, signed in or not: the public form."""
    return True


def screens_lead(access: Access, lead: Lead) -> bool:
    """A secretariat clerk of the lead's own committee."""
    return access.manages_committee(lead.committee_id)


# A public lead (提案线索): received from the public form, then screened once by the secretariat.
# It keeps no timeline: its row is its whole account (received when, screened when and by whom,
# the reason, the lead it was merged into), as a co-signature's.
lead_workflow = Workflow(
    model=Lead,
    access=access_for,
    transitions=[
        Transition("send", {NEW}, LeadState.RECEIVED, anyone, pgettext_lazy("lead", "send")),
        Transition(
            "accept",
            {LeadState.RECEIVED},
            LeadState.ACCEPTED,
            screens_lead,
            pgettext_lazy("lead", "accept"),
            stamps=("decided_at",),
        ),
        Transition(
            "merge",
            {LeadState.RECEIVED},
            LeadState.MERGED,
            screens_lead,
            pgettext_lazy("lead", "merge"),
            stamps=("decided_at",),
        ),
        Transition(
            "decline",
            {LeadState.RECEIVED},
            LeadState.DECLINED,
            screens_lead,
            pgettext_lazy("lead", "decline"),
            stamps=("decided_at",),
        ),
    ],
)
