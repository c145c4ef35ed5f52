"""Every write on proposals. Each service locks the proposal, asks the workflow, sets the state
(the only place it is assigned), writes the timeline entry in the same transaction and notifies
the people concerned once the transaction commits."""

import calendar
import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Committee, HandlingUnit, Member, Role, RoleAssignment, Session, User
from cppcc.org.roles import access_for
from cppcc.org.services import notify
from opinions import services as opinion_services

from .models import (
    COLLECTIVE_KINDS,
    Assignment,
    Attachment,
    Category,
    Cosignature,
    Feedback,
    Kind,
    NumberCounter,
    Proposal,
    ProposalEvent,
    RejectionReason,
    Reply,
    ReplyCategory,
    Satisfaction,
    State,
    UnitOpinion,
)
from .workflow import MERGE_TARGET_STATES, is_staff, proposal_workflow

DEFAULT_DUE_MONTHS = 3
MAX_DUE_MONTHS = 6
REHANDLING_MONTHS = 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of that month where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def proposal_link(proposal: Proposal) -> str:
    """The proposal's page in the portal (it answers 404 to whoever may not read it)."""
    return f"/portal/proposals/{proposal.pk}/"


def proposer_users(proposal: Proposal) -> list[User]:
    """The lead proposer and the co-signers who accepted, where they have logins."""
    members = [proposal.proposer] if proposal.proposer_id else []
    members += [
        c.member
        for c in proposal.cosignatures.select_related("member__user").filter(
            status=Cosignature.Status.ACCEPTED
        )
    ]
    return [m.user for m in members if m is not None and m.user_id]


def unit_contacts(units: Iterable[int]) -> list[User]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.HANDLING_UNIT, handling_unit__in=list(units)
        ).select_related("user")
    ]


def secretariat_users(committee_id: int) -> list[User]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, committee_id=committee_id
        ).select_related("user")
    ]


def _locked(proposal: Proposal) -> Proposal:
    """The proposal re-read under a row lock: a second clerk acting at the same moment waits here
    and then sees the state the first one left."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _record(proposal: Proposal, *, actor: User | None, action: str, from_state: str, note: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=proposal.state,
        note=note,
    )


def _move(
    proposal: Proposal, *, actor: User, action: str, target: str, note: str = "", fields: Iterable[str] = ()
) -> Proposal:
    from_state = proposal.state
    proposal.state = target
    proposal.save(update_fields=["state", *fields])
    _record(proposal, actor=actor, action=action, from_state=from_state, note=note)
    return proposal


def _check(name: str, proposal: Proposal, actor: User):
    return proposal_workflow.check(name, obj=proposal, access=access_for(actor))


def _cosigner_members(committee: Committee, ids: Iterable[int], proposer: Member | None) -> list[Member]:
    ids = list(dict.fromkeys(ids))
    members = list(Member.objects.filter(pk__in=ids, committee=committee, is_active=True))
    if len(members) != len(ids):
        raise ValidationError({"cosigners": _("Co-signers must be active members of the same committee.")})
    if proposer is not None and proposer.pk in ids:
        raise ValidationError({"cosigners": _("The lead proposer cannot co-sign their own proposal.")})
    return members


def _invite(proposal: Proposal, members: list[Member]) -> None:
    Cosignature.objects.bulk_create([Cosignature(proposal=proposal, member=m) for m in members])
    notify(
        users=[m.user for m in members if m.user_id],
        message=_("You are invited to co-sign the proposal “%(title)s”.") % {"title": proposal.title},
        link=proposal_link(proposal),
    )


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    committee: Committee,
    session: Session,
    title: str,
    content: str,
    category: Category,
    kind: str = Kind.INDIVIDUAL,
    proposer: Member | None = None,
    sponsor=None,
    cosigners: Iterable[int] = (),
    suggested_units: Iterable[HandlingUnit] = (),
    during_plenary: bool = True,
    publish_consent: bool = True,
) -> Proposal:
    """A new draft: a member files for themself; the secretariat files for anyone of its committee."""
    access = access_for(actor)
    staff = access.manages_committee(committee.pk)
    if not staff:
        if access.member_id is None or committee.pk not in access.member_of or kind in COLLECTIVE_KINDS:
            raise PermissionDenied(_("You may not file proposals here."))
        if proposer is not None and proposer.pk != access.member_id:
            raise PermissionDenied(_("Members file proposals for themselves only."))
        proposer = Member.objects.get(pk=access.member_id)
    cosigners = list(cosigners)
    if kind == Kind.JOINT and not cosigners:
        raise ValidationError({"cosigners": _("A joint proposal invites at least one co-signer.")})
    if kind != Kind.JOINT and cosigners:
        raise ValidationError({"cosigners": _("Only a joint proposal has co-signers.")})
    proposal = Proposal(
        committee=committee,
        session=session,
        title=title,
        content=content,
        category=category,
        kind=kind,
        proposer=proposer if kind not in COLLECTIVE_KINDS else None,
        sponsor_sector=sponsor if kind == Kind.SECTOR else None,
        sponsor_party=sponsor if kind == Kind.PARTY else None,
        sponsor_special_committee=sponsor if kind == Kind.SPECIAL_COMMITTEE else None,
        during_plenary=during_plenary,
        publish_consent=publish_consent,
    )
    proposal.full_clean()
    members = _cosigner_members(committee, cosigners, proposal.proposer)
    proposal.save()
    proposal.suggested_units.set(_units_of(committee, suggested_units, "suggested_units"))
    _record(proposal, actor=actor, action="create", from_state="")
    _invite(proposal, members)
    return proposal


def _units_of(committee: Committee, units: Iterable[HandlingUnit], field: str) -> list[HandlingUnit]:
    units = list(units)
    if any(unit.committee_id != committee.pk for unit in units):
        raise ValidationError({field: _("The handling unit belongs to another committee.")})
    return units


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    actor: User,
    cosigners: Iterable[int] | None = None,
    suggested_units: Iterable[HandlingUnit] | None = None,
    **fields,
) -> Proposal:
    """The proposer edits their draft: title, content, category, plenary and publication flags,
    suggested units and (for a joint proposal) the invited co-signers."""
    proposal = _locked(proposal)
    _check("edit", proposal, actor)
    allowed = {"title", "content", "category", "during_plenary", "publish_consent"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(proposal, name, value)
    proposal.full_clean()
    proposal.save()
    if suggested_units is not None:
        proposal.suggested_units.set(_units_of(proposal.committee, suggested_units, "suggested_units"))
    if cosigners is not None:
        if proposal.kind != Kind.JOINT:
            raise ValidationError({"cosigners": _("Only a joint proposal has co-signers.")})
        wanted = _cosigner_members(proposal.committee, cosigners, proposal.proposer)
        if not wanted:
            raise ValidationError({"cosigners": _("A joint proposal invites at least one co-signer.")})
        existing = set(proposal.cosignatures.values_list("member_id", flat=True))
        proposal.cosignatures.exclude(member__in=wanted).delete()
        _invite(proposal, [m for m in wanted if m.pk not in existing])
    return proposal


@transaction.atomic
def proposal_set_flags(
    *,
    proposal: Proposal,
    actor: User,
    is_key: bool | None = None,
    supervisors: Iterable[Member] | None = None,
    is_excellent: bool | None = None,
    is_published: bool | None = None,
    category: Category | None = None,
) -> Proposal:
    """The secretariat marks key (with supervising leaders), excellent and published proposals and
    corrects the category, in any state."""
    proposal = _locked(proposal)
    if not is_staff(access_for(actor), proposal):
        raise PermissionDenied(_("You may not do this."))
    for name, value in (
        ("is_key", is_key),
        ("is_excellent", is_excellent),
        ("is_published", is_published),
        ("category", category),
    ):
        if value is not None:
            setattr(proposal, name, value)
    if proposal.is_published and not proposal.publish_consent:
        raise ValidationError({"is_published": _("The proposer did not consent to publication.")})
    proposal.full_clean()
    proposal.save()
    if supervisors is not None:
        supervisors = list(supervisors)
        if any(m.committee_id != proposal.committee_id for m in supervisors):
            raise ValidationError({"supervisors": _("Supervising leaders must be members of the committee.")})
        proposal.supervisors.set(supervisors)
    if proposal.is_key and not proposal.supervisors.exists():
        raise ValidationError({"supervisors": _("A key proposal names at least one supervising leader.")})
    if not proposal.is_key:
        proposal.supervisors.clear()
    return proposal


@transaction.atomic
def proposal_cosign(*, proposal: Proposal, actor: User, accept: bool) -> Proposal:
    proposal = _locked(proposal)
    _check("cosign", proposal, actor)
    cosignature = proposal.cosignatures.get(member_id=access_for(actor).member_id)
    cosignature.status = Cosignature.Status.ACCEPTED if accept else Cosignature.Status.DECLINED
    cosignature.answered_at = timezone.now()
    cosignature.save(update_fields=["status", "answered_at"])
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    proposal = _locked(proposal)
    _check("submit", proposal, actor)
    if (
        proposal.kind == Kind.JOINT
        and not proposal.cosignatures.filter(status=Cosignature.Status.ACCEPTED).exists()
    ):
        raise InvalidTransition(_("A joint proposal needs at least one co-signer who accepted."))
    proposal.submitted_at = timezone.now()
    return _move(proposal, actor=actor, action="submit", target=State.SUBMITTED, fields=["submitted_at"])


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, note: str = "") -> Proposal:
    proposal = _locked(proposal)
    _check("withdraw", proposal, actor)
    return _move(proposal, actor=actor, action="withdraw", target=State.WITHDRAWN, note=note)


def _tell_proposers(proposal: Proposal, message: str) -> None:
    notify(users=proposer_users(proposal), message=message, link=proposal_link(proposal))


@transaction.atomic
def proposal_return(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    proposal = _locked(proposal)
    _check("return", proposal, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is returned.")})
    _move(proposal, actor=actor, action="return", target=State.DRAFT, note=reason)
    _tell_proposers(
        proposal,
        _("Your proposal “%(title)s” was returned for editing: %(reason)s")
        % {"title": proposal.title, "reason": reason},
    )
    return proposal


@transaction.atomic
def proposal_register(*, proposal: Proposal, actor: User) -> Proposal:
    """Register (立案) and give the next number of the session, under a lock on the session's counter."""
    proposal = _locked(proposal)
    _check("register", proposal, actor)
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        session_id=proposal.session_id
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    proposal.number = counter.last_number
    proposal.registered_at = timezone.now()
    _move(
        proposal, actor=actor, action="register", target=State.REGISTERED, fields=["number", "registered_at"]
    )
    _tell_proposers(
        proposal,
        _("Your proposal “%(title)s” was registered as %(code)s.")
        % {"title": proposal.title, "code": proposal.code},
    )
    return proposal


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, actor: User, reason: str, note: str = "", convert_to: str | None = None
) -> Proposal:
    """Not registered (不予立案), with a standard reason; with ``convert_to="opinion"`` (the
    proposers having consented) it becomes a submitted opinion report, linked both ways."""
    proposal = _locked(proposal)
    _check("reject", proposal, actor)
    if reason not in RejectionReason.values:
        raise ValidationError({"reason": _("Choose one of the standard reasons.")})
    if convert_to not in (None, "opinion"):
        raise ValidationError({"convert_to": _("A proposal can only be converted into an opinion report.")})
    proposal.rejection_reason = reason
    proposal.rejection_note = note
    label = RejectionReason(reason).label
    if convert_to == "opinion":
        proposal.converted_opinion = _convert_to_opinion(proposal, actor)
    _move(
        proposal,
        actor=actor,
        action="reject",
        target=State.NOT_REGISTERED,
        note=f"{label} {note}".strip(),
        fields=["rejection_reason", "rejection_note", "converted_opinion"],
    )
    _tell_proposers(
        proposal,
        _("Your proposal “%(title)s” was not registered: %(reason)s")
        % {"title": proposal.title, "reason": label},
    )
    return proposal


def _convert_to_opinion(proposal: Proposal, actor: User):
    authors = [proposal.proposer] if proposal.proposer_id else []
    authors += [
        c.member
        for c in proposal.cosignatures.select_related("member").filter(status=Cosignature.Status.ACCEPTED)
    ]
    return opinion_services.report_create_submitted(
        committee=proposal.committee,
        title=proposal.title,
        content=proposal.content,
        authors=authors,
        actor=actor,
        note=_("Converted from the proposal “%(title)s”, not registered") % {"title": proposal.title},
        author_party=proposal.sponsor_party,
        author_sector=proposal.sponsor_sector,
        author_special_committee=proposal.sponsor_special_committee,
    )


@transaction.atomic
def proposal_merge(*, proposal: Proposal, actor: User, into: Proposal) -> Proposal:
    """Merge (并案) into a registered proposal, whose proposers then include this one's."""
    proposal = _locked(proposal)
    _check("merge", proposal, actor)
    if into.pk == proposal.pk or into.committee_id != proposal.committee_id:
        raise ValidationError({"into": _("Choose another proposal of the same committee.")})
    if into.state not in MERGE_TARGET_STATES:
        raise ValidationError({"into": _("A proposal can only be merged into a registered one.")})
    proposal.merged_into = into
    _move(
        proposal,
        actor=actor,
        action="merge",
        target=State.MERGED,
        note=into.code,
        fields=["merged_into"],
    )
    _tell_proposers(
        proposal,
        _("Your proposal “%(title)s” was merged into %(code)s “%(target)s”.")
        % {"title": proposal.title, "code": into.code, "target": into.title},
    )
    return proposal


def _check_due(due_on: datetime.date, started_on: datetime.date, field: str = "due_on") -> None:
    latest = add_months(started_on, MAX_DUE_MONTHS)
    if due_on < started_on:
        raise ValidationError({field: _("The due date cannot be in the past.")})
    if due_on > latest:
        raise ValidationError(
            {
                field: _("A reply can be due at most six months on, by %(date)s.")
                % {"date": latest.isoformat()}
            }
        )


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    actor: User,
    units: list[tuple[HandlingUnit, str]],
    due_on: datetime.date | None = None,
) -> Proposal:
    """Assign (交办) to one lead unit with co-units, or to several units each handling separately."""
    proposal = _locked(proposal)
    _check("assign", proposal, actor)
    if not units:
        raise ValidationError({"units": _("Choose at least one handling unit.")})
    if len({unit.pk for unit, _role in units}) != len(units):
        raise ValidationError({"units": _("Each unit is named once.")})
    _units_of(proposal.committee, [unit for unit, _role in units], "units")
    roles = [role for _unit, role in units]
    if any(role not in Assignment.Role.values for role in roles):
        raise ValidationError({"units": _("A unit's role is lead, co or separate.")})
    if not all(role == Assignment.Role.SEPARATE for role in roles) and roles.count(Assignment.Role.LEAD) != 1:
        raise ValidationError(
            {"units": _("Name exactly one lead unit, unless every unit handles separately.")}
        )
    today = timezone.localdate()
    due_on = due_on or add_months(today, DEFAULT_DUE_MONTHS)
    _check_due(due_on, today)
    Assignment.objects.bulk_create(
        [
            Assignment(
                proposal=proposal, unit=unit, role=role, assigned_on=today, started_on=today, due_on=due_on
            )
            for unit, role in units
        ]
    )
    _move(proposal, actor=actor, action="assign", target=State.ASSIGNED, note=due_on.isoformat())
    notify(
        users=unit_contacts(unit.pk for unit, _role in units),
        message=_("Proposal %(code)s “%(title)s” is assigned to your unit; reply by %(date)s.")
        % {"code": proposal.code, "title": proposal.title, "date": due_on.isoformat()},
        link=proposal_link(proposal),
    )
    return proposal


@transaction.atomic
def proposal_extend(
    *, proposal: Proposal, actor: User, due_on: datetime.date, reason: str, unit: HandlingUnit | None = None
) -> Proposal:
    """Move the due date of the units still to reply (or of one unit), never past six months."""
    proposal = _locked(proposal)
    _check("extend", proposal, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the due date is extended.")})
    assignments = [a for a in proposal.assignments.all() if a.must_reply and not a.replied]
    if unit is not None:
        assignments = [a for a in assignments if a.unit_id == unit.pk]
    if not assignments:
        raise ValidationError({"unit": _("No unit of this proposal is still to reply.")})
    for assignment in assignments:
        if due_on <= assignment.due_on:
            raise ValidationError({"due_on": _("An extension moves the due date later.")})
        _check_due(due_on, assignment.started_on)
        assignment.due_on = due_on
        assignment.extension_reason = reason
        assignment.save(update_fields=["due_on", "extension_reason"])
    _record(proposal, actor=actor, action="extend", from_state=proposal.state, note=f"{due_on} {reason}")
    return proposal


@transaction.atomic
def proposal_reply(
    *, proposal: Proposal, actor: User, category: str, content: str, unit: HandlingUnit | None = None
) -> Reply:
    """A lead or separate unit answers; when all of them have, the proposal is replied."""
    proposal = _locked(proposal)
    _check("reply", proposal, actor)
    access = access_for(actor)
    own = [a for a in proposal.assignments.all() if a.must_reply and a.unit_id in access.unit_ids]
    if unit is None:
        if len(own) != 1:
            raise ValidationError({"unit": _("Name the unit that replies.")})
        assignment = own[0]
    else:
        assignment = next((a for a in proposal.assignments.all() if a.unit_id == unit.pk), None)
        if assignment is None or not assignment.must_reply:
            raise ValidationError({"unit": _("This unit is not a lead or separate unit of the proposal.")})
        if assignment not in own and not is_staff(access, proposal):
            raise PermissionDenied(_("You may not reply for this unit."))
    if assignment.replied:
        raise InvalidTransition(_("This unit has already replied in this round."))
    if category not in ReplyCategory.values:
        raise ValidationError({"category": _("The reply category is A, B or C.")})
    if not content.strip():
        raise ValidationError({"content": _("Write the reply.")})
    now = timezone.now()
    reply = Reply(proposal=proposal, unit=assignment.unit, category=category, content=content, replied_at=now)
    reply.author = actor
    reply.full_clean()
    reply.save()
    assignment.replied_at = now
    assignment.save(update_fields=["replied_at"])
    remaining = [
        a for a in proposal.assignments.all() if a.must_reply and not a.replied and a.pk != assignment.pk
    ]
    if remaining:
        _record(proposal, actor=actor, action="reply", from_state=proposal.state, note=assignment.unit.name)
        return reply
    _move(proposal, actor=actor, action="reply", target=State.REPLIED, note=assignment.unit.name)
    _tell_proposers(
        proposal,
        _("Your proposal “%(title)s” has been answered; please rate the reply.") % {"title": proposal.title},
    )
    return reply


@transaction.atomic
def proposal_unit_opinion(*, proposal: Proposal, actor: User, content: str) -> UnitOpinion:
    """A co-unit (会办) sends its opinion to the lead unit while the proposal is being handled."""
    proposal = _locked(proposal)
    _check("unit_opinion", proposal, actor)
    if not content.strip():
        raise ValidationError({"content": _("Write the opinion.")})
    access = access_for(actor)
    assignment = next(
        a for a in proposal.assignments.all() if a.role == Assignment.Role.CO and a.unit_id in access.unit_ids
    )
    opinion = UnitOpinion(
        proposal=proposal, unit=assignment.unit, content=content, at=timezone.now(), author=actor
    )
    opinion.full_clean()
    opinion.save()
    _record(
        proposal, actor=actor, action="unit_opinion", from_state=proposal.state, note=assignment.unit.name
    )
    lead_units = [a.unit_id for a in proposal.assignments.all() if a.role == Assignment.Role.LEAD]
    notify(
        users=unit_contacts(lead_units),
        message=_("%(unit)s sent its co-unit opinion on %(code)s “%(title)s”.")
        % {"unit": assignment.unit.name, "code": proposal.code, "title": proposal.title},
        link=proposal_link(proposal),
    )
    return opinion


@transaction.atomic
def proposal_feedback(*, proposal: Proposal, actor: User, satisfaction: str, comment: str = "") -> Proposal:
    """The lead proposer rates the replies: satisfied closes; unsatisfied sends it back to the units
    (rehandling) with a new due date one month on."""
    proposal = _locked(proposal)
    _check("feedback", proposal, actor)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose satisfied, basically satisfied or unsatisfied.")})
    now = timezone.now()
    Feedback.objects.create(
        proposal=proposal, member=proposal.proposer, satisfaction=satisfaction, comment=comment, at=now
    )
    if satisfaction != Satisfaction.UNSATISFIED:
        proposal.closed_at = now
        return _move(
            proposal, actor=actor, action="feedback", target=State.CLOSED, note=comment, fields=["closed_at"]
        )
    today = timezone.localdate()
    due_on = add_months(today, REHANDLING_MONTHS)
    units = []
    for assignment in proposal.assignments.all():
        if assignment.must_reply:
            assignment.replied_at = None
            assignment.started_on = today
            assignment.due_on = due_on
            assignment.save(update_fields=["replied_at", "started_on", "due_on"])
            units.append(assignment.unit_id)
    _move(proposal, actor=actor, action="feedback", target=State.REHANDLING, note=comment)
    notify(
        users=unit_contacts(units) + secretariat_users(proposal.committee_id),
        message=_(
            "The proposer is not satisfied with the reply to %(code)s “%(title)s”; reply again by %(date)s."
        )
        % {"code": proposal.code, "title": proposal.title, "date": due_on.isoformat()},
        link=proposal_link(proposal),
    )
    return proposal


@transaction.atomic
def proposal_close(*, proposal: Proposal, actor: User, note: str = "") -> Proposal:
    """The secretariat closes a replied proposal whose proposer gave no rating in time."""
    proposal = _locked(proposal)
    _check("close", proposal, actor)
    proposal.closed_at = timezone.now()
    return _move(proposal, actor=actor, action="close", target=State.CLOSED, note=note, fields=["closed_at"])


@transaction.atomic
def attachment_add(*, proposal: Proposal, actor: User, upload, reply: Reply | None = None) -> Attachment:
    """Attach a file: the proposer to their draft, a unit (or the secretariat) to its reply."""
    access = access_for(actor)
    if reply is None:
        allowed = proposal_workflow["edit"].may(access, proposal) and proposal.state == State.DRAFT
    else:
        allowed = is_staff(access, proposal) or reply.unit_id in access.unit_ids
    if not allowed:
        raise PermissionDenied(_("You may not attach files here."))
    attachment = Attachment(
        proposal=proposal,
        reply=reply,
        file=upload,
        original_name=(upload.name or "")[-200:],
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    return attachment
