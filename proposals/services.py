"""Every write on proposals. Each service checks its input and applies a transition of the
lifecycle (``workflow.py``) through the engine, which locks the proposal, checks who may and from
which state, moves it, writes the timeline entry and sends the notice, in one transaction."""

import calendar
import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.response_cache import writing_in
from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Committee, HandlingUnit, Member, NotificationKind, Session, User
from cppcc.org.roles import access_for
from cppcc.org.services import notify
from cppcc.org.workdays import add_working_days
from opinions import services as opinion_services

from .models import (
    COLLECTIVE_KINDS,
    Assignment,
    Attachment,
    Category,
    Contact,
    ContactMethod,
    Cosignature,
    Digest,
    DigestCounter,
    DigestItem,
    Feedback,
    HandlingRules,
    Kind,
    Lead,
    LeadState,
    NumberCounter,
    Objection,
    Proposal,
    QualityGrade,
    QualityRating,
    RejectionReason,
    Reply,
    ReplyCategory,
    Satisfaction,
    UnitOpinion,
)
from .selectors import cosigners_ready
from .workflow import (
    MERGE_TARGET_STATES,
    MUST_REPLY,
    contact_workflow,
    cosignature_workflow,
    is_staff,
    lead_workflow,
    proposal_workflow,
    reply_workflow,
)

DEFAULT_DUE_MONTHS = 3
MAX_DUE_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of that month where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _cosigner_members(committee: Committee, ids: Iterable[int], proposer: Member | None) -> list[Member]:
    ids = list(dict.fromkeys(ids))
    members = list(Member.objects.filter(pk__in=ids, committee=committee, is_active=True))
    if len(members) != len(ids):
        raise ValidationError({"cosigners": _("Co-signers must be active members of the same committee.")})
    if proposer is not None and proposer.pk in ids:
        raise ValidationError({"cosigners": _("The lead proposer cannot co-sign their own proposal.")})
    return members


def _invite(proposal: Proposal, members: list[Member]) -> None:
    with writing_in(proposal.committee_id, Cosignature, record=proposal):
        Cosignature.objects.bulk_create([Cosignature(proposal=proposal, member=m) for m in members])
    notify(
        users=[m.user for m in members if m.user_id],
        message=_("You are invited to co-sign the proposal “%(title)s”.") % {"title": proposal.title},
        about=proposal,
        kind=NotificationKind.PROPOSAL_UPDATE,
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
    lead: Lead | None = None,
) -> Proposal:
    """A new draft: a member files for themself; the secretariat files for anyone of its committee.
    ``lead``: the public lead it starts from (``lead_to_draft``), credited on its page."""
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
        lead=lead,
    )
    proposal.full_clean()
    members = _cosigner_members(committee, cosigners, proposal.proposer)
    proposal = proposal_workflow.apply("create", obj=proposal, actor=actor)
    proposal.suggested_units.set(_units_of(committee, suggested_units, "suggested_units"))
    _invite(proposal, members)
    return proposal


def filed_for(proposal: Proposal, cosigners: Sequence[Member]) -> str:
    """Whom a proposal typed in by the secretariat is filed for: the proposers, lead first, or the
    sponsoring sector, party or special committee."""
    if proposal.kind in COLLECTIVE_KINDS:
        return proposal.sponsor.name
    return "、".join(member.name for member in [proposal.proposer, *cosigners])


@transaction.atomic
def proposal_file(
    *,
    actor: User,
    session: Session,
    title: str,
    content: str,
    category: Category,
    kind: str = Kind.INDIVIDUAL,
    proposer: Member | None = None,
    sponsor=None,
    cosigners: Iterable[Member] = (),
    suggested_units: Iterable[HandlingUnit] = (),
    during_plenary: bool = True,
    publish_consent: bool = True,
    attachments: Iterable = (),
) -> Proposal:
    """A proposal handed in on paper (at the plenary, 大会提案), typed in by the secretariat of its
    committee: it arrives submitted, its co-signers' paper signatures stand as accepted, and its
    timeline says who typed it in for whom. The number comes at registration."""
    committee = session.committee
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
    proposal_workflow.begin("file_on_paper", obj=proposal, actor=actor)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose individual, joint or collective.")})
    cosigners = list(cosigners)
    if kind == Kind.JOINT and not cosigners:
        raise ValidationError({"cosigners": _("A joint proposal names at least one co-signer.")})
    if kind != Kind.JOINT and cosigners:
        raise ValidationError({"cosigners": _("Only a joint proposal has co-signers.")})
    proposal.full_clean()
    if proposal.proposer is not None and not proposal.proposer.is_active:
        raise ValidationError({"proposer": _("The lead proposer is no longer an active member.")})
    members = _cosigner_members(committee, [m.pk for m in cosigners], proposal.proposer)
    units = _units_of(committee, suggested_units, "suggested_units")
    note = _("%(clerk)s typed in the paper proposal for %(filer)s") % {
        "clerk": actor.display_name,
        "filer": filed_for(proposal, members),
    }
    proposal = proposal_workflow.apply("file_on_paper", obj=proposal, actor=actor, note=note)
    for member in members:
        cosignature_workflow.apply(
            "signed_on_paper", obj=Cosignature(proposal=proposal, member=member), actor=actor
        )
    proposal.suggested_units.set(units)
    for upload in attachments:
        attachment = Attachment(
            proposal=proposal, file=upload, original_name=(upload.name or "")[-200:], uploaded_by=actor
        )
        attachment.full_clean()
        attachment.save()
    return proposal


@dataclass
class PaperRow:
    """One proposal of the plenary's paper ledger, already checked (see ``proposals.ledger``)."""

    number: int  # the row's number in the sheet, for the errors
    title: str
    content: str
    category: Category
    kind: str
    proposer: Member | None = None
    sponsor: object = None
    cosigners: list[Member] = dataclass_field(default_factory=list)


@transaction.atomic
def proposals_file_ledger(*, session: Session, rows: Sequence[PaperRow], actor: User) -> list[Proposal]:
    """Type in the plenary's paper proposals from the ledger, each as ``proposal_file`` does: all
    of them or, at the first refusal, none (the error names the row)."""
    filed = []
    for row in rows:
        try:
            filed.append(
                proposal_file(
                    actor=actor,
                    session=session,
                    title=row.title,
                    content=row.content,
                    category=row.category,
                    kind=row.kind,
                    proposer=row.proposer,
                    sponsor=row.sponsor,
                    cosigners=row.cosigners,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(errors)s") % {"row": row.number, "errors": "；".join(error.messages)}
            ) from error
    return filed


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
    kind: str | None = None,
    **fields,
) -> Proposal:
    """The proposer edits their draft: title, content, category, plenary and publication flags,
    suggested units and (for a joint proposal) the invited co-signers. ``kind`` turns an individual
    draft into a joint one or back (the portal: choosing co-signers makes it joint); a joint draft
    turned individual loses its co-signers."""
    proposal_workflow.begin("edit", obj=proposal, actor=actor)
    allowed = {"title", "content", "category", "during_plenary", "publish_consent"}
    for name in fields:
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed here.")})
    if kind is not None and kind != proposal.kind:
        if {kind, proposal.kind} != {Kind.INDIVIDUAL, Kind.JOINT}:
            raise ValidationError({"kind": _("This field cannot be changed here.")})
        fields["kind"] = kind
        if kind == Kind.INDIVIDUAL:
            proposal.cosignatures.all().delete()
    proposal = proposal_workflow.apply("edit", obj=proposal, actor=actor, changes=fields, clean=True)
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
    """The secretariat marks key (with supervising leaders) and excellent proposals and corrects
    the category, in any state; publishing or withdrawing from publication goes through
    ``proposal_publish`` and ``proposal_unpublish`` (a refusal is the flag's error)."""
    proposal = proposal_workflow.lock(proposal)
    if not is_staff(access_for(actor), proposal):
        raise PermissionDenied(_("You may not do this."))
    if is_published is not None and is_published != proposal.is_published:
        publication = proposal_publish if is_published else proposal_unpublish
        try:
            proposal = publication(proposal=proposal, actor=actor)
        except InvalidTransition as refusal:
            raise ValidationError({"is_published": str(refusal)}) from refusal
    for name, value in (("is_key", is_key), ("is_excellent", is_excellent), ("category", category)):
        if value is not None:
            setattr(proposal, name, value)
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


def publication_refusal(proposal: Proposal) -> InvalidTransition | None:
    """Why the proposal cannot be published now, or None: its proposers consented and a reply to
    it is released (the lifecycle checks the state: replied, rehandling or closed)."""
    if proposal.is_published:
        return InvalidTransition(_("The proposal is already published."), code="already_published")
    if not proposal.publish_consent:
        return InvalidTransition(_("The proposers did not consent to publication."), code="no_consent")
    if not proposal.replies.filter(status=Reply.Status.RELEASED).exists():
        return InvalidTransition(_("No reply to the proposal is released yet."), code="not_replied")
    return None


@transaction.atomic
def proposal_publish(*, proposal: Proposal, actor: User) -> Proposal:
    """The secretariat of the proposal's committee publishes it with its released replies (提案公开),
    for anyone to read under /public/; only a proposal whose proposers consented, once its reply is
    released (409 with ``already_published``, ``no_consent`` or ``not_replied`` otherwise)."""
    proposal = proposal_workflow.begin("publish", obj=proposal, actor=actor)
    refusal = publication_refusal(proposal)
    if refusal is not None:
        raise refusal
    return proposal_workflow.apply("publish", obj=proposal, actor=actor, changes={"is_published": True})


@transaction.atomic
def proposal_unpublish(*, proposal: Proposal, actor: User, note: str = "") -> Proposal:
    """The secretariat withdraws a published proposal from publication (409 ``not_published`` if it
    is not published)."""
    proposal = proposal_workflow.begin("unpublish", obj=proposal, actor=actor)
    if not proposal.is_published:
        raise InvalidTransition(_("The proposal is not published."), code="not_published")
    return proposal_workflow.apply(
        "unpublish", obj=proposal, actor=actor, note=note, changes={"is_published": False}
    )


@transaction.atomic
def proposal_cosign(*, proposal: Proposal, actor: User, accept: bool) -> Proposal:
    """An invited member answers, while the proposal is a draft (the proposal stays one). The
    answer goes on the proposal's timeline and to the lead proposer."""
    proposal = proposal_workflow.begin("cosign", obj=proposal, actor=actor)
    cosignature = proposal.cosignatures.select_related("member").get(member_id=access_for(actor).member_id)
    name = cosignature.member.name
    note = (
        _("%(name)s accepted to co-sign.") % {"name": name}
        if accept
        else _("%(name)s declined to co-sign.") % {"name": name}
    )
    proposal = proposal_workflow.apply("cosign", obj=proposal, actor=actor, note=note)
    cosignature_workflow.apply("accept" if accept else "decline", obj=cosignature, actor=actor)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    proposal = proposal_workflow.begin("submit", obj=proposal, actor=actor)
    if not cosigners_ready(proposal):
        raise InvalidTransition(_("A joint proposal needs at least one co-signer who accepted."))
    return proposal_workflow.apply("submit", obj=proposal, actor=actor)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, note: str = "") -> Proposal:
    return proposal_workflow.apply("withdraw", obj=proposal, actor=actor, note=note)


@transaction.atomic
def proposal_return(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    proposal_workflow.begin("return", obj=proposal, actor=actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is returned.")})
    return proposal_workflow.apply("return", obj=proposal, actor=actor, note=reason)


@transaction.atomic
def proposal_register(*, proposal: Proposal, actor: User) -> Proposal:
    """Register (立案) and give the next number of the session, under a lock on the session's counter."""
    proposal = proposal_workflow.begin("register", obj=proposal, actor=actor)
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        session_id=proposal.session_id
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return proposal_workflow.apply(
        "register", obj=proposal, actor=actor, changes={"number": counter.last_number}
    )


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, actor: User, reason: str, note: str = "", convert_to: str | None = None
) -> Proposal:
    """Not registered (不予立案), with a standard reason; with ``convert_to="opinion"`` (the
    proposers having consented) it becomes a submitted opinion report, linked both ways."""
    proposal = proposal_workflow.begin("reject", obj=proposal, actor=actor)
    if reason not in RejectionReason.values:
        raise ValidationError({"reason": _("Choose one of the standard reasons.")})
    if convert_to not in (None, "opinion"):
        raise ValidationError({"convert_to": _("A proposal can only be converted into an opinion report.")})
    changes = {"rejection_reason": reason, "rejection_note": note}
    if convert_to == "opinion":
        changes["converted_opinion"] = _convert_to_opinion(proposal, actor)
    return proposal_workflow.apply(
        "reject",
        obj=proposal,
        actor=actor,
        note=f"{RejectionReason(reason).label} {note}".strip(),
        changes=changes,
    )


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
    proposal = proposal_workflow.begin("merge", obj=proposal, actor=actor)
    if into.pk == proposal.pk or into.committee_id != proposal.committee_id:
        raise ValidationError({"into": _("Choose another proposal of the same committee.")})
    if into.state not in MERGE_TARGET_STATES:
        raise ValidationError({"into": _("A proposal can only be merged into a registered one.")})
    return proposal_workflow.apply(
        "merge", obj=proposal, actor=actor, note=into.code, changes={"merged_into": into}
    )


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
    proposal = proposal_workflow.begin("assign", obj=proposal, actor=actor)
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
    with writing_in(proposal.committee_id, Assignment, record=proposal):
        Assignment.objects.bulk_create(
            [
                Assignment(
                    proposal=proposal,
                    unit=unit,
                    role=role,
                    assigned_on=today,
                    started_on=today,
                    due_on=due_on,
                )
                for unit, role in units
            ]
        )
    return proposal_workflow.apply("assign", obj=proposal, actor=actor, note=due_on.isoformat())


@transaction.atomic
def proposal_extend(
    *, proposal: Proposal, actor: User, due_on: datetime.date, reason: str, unit: HandlingUnit | None = None
) -> Proposal:
    """Move the due date of the units still to reply (or of one unit), never past six months."""
    proposal = proposal_workflow.begin("extend", obj=proposal, actor=actor)
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
    return proposal_workflow.apply("extend", obj=proposal, actor=actor, note=f"{due_on} {reason}")


def objection_deadline(assignment: Assignment) -> datetime.date:
    """The last day a unit may object to its assignment: the committee's objection period, in
    working days after the day it was assigned."""
    days = HandlingRules.of(assignment.proposal.committee_id).objection_days
    return add_working_days(assignment.assigned_on, days)


@transaction.atomic
def proposal_object(
    *, proposal: Proposal, actor: User, reason: str, suggested_unit: HandlingUnit | None = None
) -> Objection:
    """An assigned unit objects (交办异议) within the committee's objection period; the secretariat
    decides. The unit does not forward the proposal itself, and its clock keeps running."""
    proposal = proposal_workflow.begin("object", obj=proposal, actor=actor)
    access = access_for(actor)
    assignment = next(a for a in proposal.assignments.all() if a.unit_id in access.unit_ids)
    deadline = objection_deadline(assignment)
    if timezone.localdate() > deadline:
        raise InvalidTransition(
            _("The period for objecting to this assignment ended on %(date)s.")
            % {"date": deadline.isoformat()},
            code="objection_window_closed",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is not your unit's business.")})
    if suggested_unit is not None:
        _units_of(proposal.committee, [suggested_unit], "suggested_unit")
    if proposal.objections.filter(unit=assignment.unit, outcome=Objection.Outcome.PENDING).exists():
        raise InvalidTransition(_("This unit's objection to this proposal is still pending."))
    objection = Objection(
        proposal=proposal,
        unit=assignment.unit,
        reason=reason,
        suggested_unit=suggested_unit,
        raised_by=actor,
        raised_at=timezone.now(),
    )
    objection.full_clean()
    objection.save()
    proposal_workflow.apply("object", obj=proposal, actor=actor, note=assignment.unit.name)
    return objection


def _decide_objections(proposal: Proposal, actor: User, outcome: str, note: str) -> int:
    return proposal.objections.filter(outcome=Objection.Outcome.PENDING).update(
        outcome=outcome, resolved_by=actor, resolved_at=timezone.now(), note=note
    )


@transaction.atomic
def proposal_reassign(
    *,
    proposal: Proposal,
    actor: User,
    lead_unit: HandlingUnit,
    co_units: Sequence[HandlingUnit] = (),
    separate_units: Sequence[HandlingUnit] = (),
    due_on: datetime.date | None = None,
    note: str = "",
) -> Proposal:
    """The secretariat hands the proposal to other units (改办), deciding the pending objections:
    the assignments are replaced as if made today, so every deadline (``due_on``, or the default
    three months) and every objection period restarts."""
    proposal = proposal_workflow.begin("reassign", obj=proposal, actor=actor)
    roles = [(lead_unit, Assignment.Role.LEAD)]
    roles += [(unit, Assignment.Role.CO) for unit in co_units]
    roles += [(unit, Assignment.Role.SEPARATE) for unit in separate_units]
    if len({unit.pk for unit, _role in roles}) != len(roles):
        raise ValidationError({"lead_unit": _("Each unit is named once.")})
    _units_of(proposal.committee, [unit for unit, _role in roles], "lead_unit")
    if any(a.replied for a in proposal.assignments.all()):
        raise InvalidTransition(_("A unit has already replied; extend the due date instead."))
    today = timezone.localdate()
    due_on = due_on or add_months(today, DEFAULT_DUE_MONTHS)
    _check_due(due_on, today)
    proposal.assignments.all().delete()
    Assignment.objects.bulk_create(
        [
            Assignment(
                proposal=proposal, unit=unit, role=role, assigned_on=today, started_on=today, due_on=due_on
            )
            for unit, role in roles
        ]
    )
    _decide_objections(proposal, actor, Objection.Outcome.REASSIGNED, note)
    units = "、".join(f"{unit.name}（{Assignment.Role(role).label}）" for unit, role in roles)
    return proposal_workflow.apply(
        "reassign",
        obj=proposal,
        actor=actor,
        note=_("%(units)s; reply by %(date)s") % {"units": units, "date": due_on},
    )


@transaction.atomic
def proposal_dismiss_objection(*, proposal: Proposal, actor: User, note: str) -> Proposal:
    """The secretariat keeps the assignment as it is, with a note to the objecting units."""
    proposal = proposal_workflow.begin("dismiss_objection", obj=proposal, actor=actor)
    if not note.strip():
        raise ValidationError({"note": _("Say why the objection is dismissed.")})
    if not _decide_objections(proposal, actor, Objection.Outcome.DISMISSED, note):
        raise InvalidTransition(_("No objection to this proposal is pending."))
    return proposal_workflow.apply("dismiss_objection", obj=proposal, actor=actor, note=note)


def _replying_assignment(proposal: Proposal, actor: User, unit: HandlingUnit | None, roles) -> Assignment:
    """The assignment the actor acts for: their own unit's (of ``roles``), or the unit the
    secretariat names."""
    access = access_for(actor)
    own = [a for a in proposal.assignments.all() if a.role in roles and a.unit_id in access.unit_ids]
    if unit is None:
        if len(own) != 1:
            raise ValidationError({"unit": _("Name the unit.")})
        return own[0]
    assignment = next((a for a in proposal.assignments.all() if a.unit_id == unit.pk), None)
    if assignment is None or assignment.role not in roles:
        raise ValidationError({"unit": _("This unit does not have this part in the proposal.")})
    if assignment not in own and not is_staff(access, proposal):
        raise PermissionDenied(_("You may not act for this unit."))
    return assignment


def round_start(proposal: Proposal, unit_id: int) -> datetime.datetime | None:
    """When the unit's present round of handling began: at its last reply that was not returned (a
    rehandling round follows a released reply), or None in the first round."""
    return (
        Reply.objects.filter(proposal=proposal, unit_id=unit_id)
        .exclude(status=Reply.Status.RETURNED)
        .order_by("-replied_at")
        .values_list("replied_at", flat=True)
        .first()
    )


def co_units_pending(proposal: Proposal, since: datetime.datetime | None) -> list[Assignment]:
    """The co-units that have given no opinion in the lead unit's present round."""
    opinions = UnitOpinion.objects.filter(proposal=proposal)
    if since is not None:
        opinions = opinions.filter(at__gt=since)
    answered = set(opinions.values_list("unit_id", flat=True))
    co_units = [a for a in proposal.assignments.all() if a.role == Assignment.Role.CO]
    return [a for a in co_units if a.unit_id not in answered]


def _owing(proposal: Proposal, *, besides: Assignment | None = None) -> list[Assignment]:
    """The lead and separate units still to reply, or whose reply still waits for review."""
    waiting = set(
        Reply.objects.filter(proposal=proposal, status=Reply.Status.PENDING_REVIEW).values_list(
            "unit_id", flat=True
        )
    )
    return [
        a
        for a in proposal.assignments.all()
        if a.must_reply and a != besides and (not a.replied or a.unit_id in waiting)
    ]


@transaction.atomic
def proposal_reply(
    *,
    proposal: Proposal,
    actor: User,
    category: str,
    content: str,
    unit: HandlingUnit | None = None,
    co_units_note: str = "",
    signer: str = "",
    contact_person: str = "",
    contact_phone: str = "",
) -> Reply:
    """A lead or separate unit answers. Where the committee asks for it, only after a contact with
    the proposer in this round (409 ``contact_required``); the lead unit only with every co-unit's
    opinion of this round or a note on why not (409 ``co_units_pending``). Where the committee
    reviews the proposal's replies, the reply waits for the secretariat; otherwise, when all the
    units have replied, the proposal is replied. The signer (签发人) and the contact person and
    phone go on the reply letter (答复函)."""
    proposal = proposal_workflow.begin("reply_last", obj=proposal, actor=actor)
    assignment = _replying_assignment(proposal, actor, unit, MUST_REPLY)
    if assignment.replied:
        raise InvalidTransition(_("This unit has already replied in this round."))
    if category not in ReplyCategory.values:
        raise ValidationError({"category": _("The reply category is A, B or C.")})
    if not content.strip():
        raise ValidationError({"content": _("Write the reply.")})
    rules = HandlingRules.of(proposal.committee_id)
    since = round_start(proposal, assignment.unit_id)
    contacts = Contact.objects.filter(proposal=proposal, unit_id=assignment.unit_id)
    if since is not None:
        contacts = contacts.filter(recorded_at__gt=since)
    if rules.contact_required and not contacts.exists():
        raise InvalidTransition(
            _("Record a contact with the proposer before replying."), code="contact_required"
        )
    pending = co_units_pending(proposal, since) if assignment.role == Assignment.Role.LEAD else []
    if pending and not co_units_note.strip():
        raise InvalidTransition(
            _("Wait for the opinions of %(units)s, or say why the reply goes without them.")
            % {"units": "、".join(a.unit.name for a in pending)},
            code="co_units_pending",
        )
    now = timezone.now()
    reply = Reply(
        proposal=proposal,
        unit=assignment.unit,
        category=category,
        content=content,
        replied_at=now,
        author=actor,
        co_units_note=co_units_note.strip() if pending else "",
        signer=signer,
        contact_person=contact_person,
        contact_phone=contact_phone,
    )
    reply.full_clean(exclude=["status"])
    reviewed = rules.reviews(proposal)
    reply = reply_workflow.apply("submit" if reviewed else "send", obj=reply, actor=actor)
    assignment.replied_at = now
    assignment.save(update_fields=["replied_at"])
    if reviewed:
        transition = "submit_reply"
    else:
        transition = "reply_partial" if _owing(proposal, besides=assignment) else "reply_last"
    proposal_workflow.apply(transition, obj=proposal, actor=actor, note=assignment.unit.name)
    return reply


def _reply_of(proposal: Proposal, reply_id: int) -> Reply:
    reply = Reply.objects.select_related("unit").filter(proposal=proposal, pk=reply_id).first()
    if reply is None:
        raise ValidationError({"reply": _("No such reply of this proposal.")})
    return reply


@transaction.atomic
def proposal_release_reply(*, proposal: Proposal, actor: User, reply: int) -> Proposal:
    """The secretariat releases a reply it has reviewed to the proposers; when it is the last one
    owed, the proposal is replied and the proposers are asked to rate."""
    proposal = proposal_workflow.begin("release_reply_last", obj=proposal, actor=actor)
    released = reply_workflow.apply(
        "release", obj=_reply_of(proposal, reply), actor=actor, changes={"reviewed_by": actor}
    )
    transition = "release_reply_partial" if _owing(proposal) else "release_reply_last"
    return proposal_workflow.apply(transition, obj=proposal, actor=actor, note=released.unit.name)


@transaction.atomic
def proposal_return_reply(*, proposal: Proposal, actor: User, reply: int, note: str) -> Proposal:
    """The secretariat returns a reply it has reviewed to its unit, with a note; the unit replies
    again. The proposers never see the returned reply."""
    proposal = proposal_workflow.begin("return_reply", obj=proposal, actor=actor)
    if not note.strip():
        raise ValidationError({"note": _("Say why the reply is returned.")})
    returned = reply_workflow.apply(
        "return",
        obj=_reply_of(proposal, reply),
        actor=actor,
        changes={"reviewed_by": actor, "review_note": note},
    )
    Assignment.objects.filter(proposal=proposal, unit_id=returned.unit_id).update(replied_at=None)
    return proposal_workflow.apply(
        "return_reply", obj=proposal, actor=actor, note=f"{returned.unit.name}：{note}"
    )


@transaction.atomic
def proposal_contact(
    *,
    proposal: Proposal,
    actor: User,
    date: datetime.date,
    method: str,
    summary: str,
    unit: HandlingUnit | None = None,
) -> Contact:
    """An assigned unit records a contact with the proposer (办前沟通), for the proposer to confirm
    or dispute; the secretariat may record one for a unit it names."""
    proposal = proposal_workflow.begin("contact", obj=proposal, actor=actor)
    assignment = _replying_assignment(proposal, actor, unit, Assignment.Role.values)
    if method not in ContactMethod.values:
        raise ValidationError({"method": _("Choose phone, visit, meeting, letter or online.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Say what was discussed.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A contact cannot be in the future.")})
    if date < assignment.assigned_on:
        raise ValidationError({"date": _("A contact cannot be before the assignment.")})
    contact = Contact(
        proposal=proposal,
        unit=assignment.unit,
        date=date,
        method=method,
        summary=summary,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    contact.full_clean(exclude=["answer"])
    contact = contact_workflow.apply("record", obj=contact, actor=actor)
    proposal_workflow.apply(
        "contact",
        obj=proposal,
        actor=actor,
        note=f"{assignment.unit.name} {ContactMethod(method).label} {date.isoformat()}",
    )
    return contact


@transaction.atomic
def contact_answer(*, contact: Contact, actor: User, confirm: bool, comment: str = "") -> Contact:
    """The proposer confirms a recorded contact, or disputes it (with a comment if they wish)."""
    return contact_workflow.apply(
        "confirm" if confirm else "dispute", obj=contact, actor=actor, changes={"answer_comment": comment}
    )


@transaction.atomic
def proposal_rate_quality(*, proposal: Proposal, actor: User, grade: str, comment: str = "") -> QualityRating:
    """A replying unit grades the proposal's quality (双向评议) once its reply is released; the
    grade stays hidden from the proposers."""
    proposal = proposal_workflow.begin("rate_quality", obj=proposal, actor=actor)
    if grade not in QualityGrade.values:
        raise ValidationError({"grade": _("Choose excellent, good, fair or poor.")})
    access = access_for(actor)
    units = [a.unit_id for a in proposal.assignments.all() if a.must_reply and a.unit_id in access.unit_ids]
    released = Reply.objects.filter(proposal=proposal, unit_id__in=units, status=Reply.Status.RELEASED)
    unit_id = released.order_by("replied_at").values_list("unit_id", flat=True).first()
    if unit_id is None:
        raise InvalidTransition(
            _("Your unit rates the proposal once its reply is released."), code="not_replied"
        )
    if QualityRating.objects.filter(proposal=proposal, unit_id=unit_id).exists():
        raise InvalidTransition(_("Your unit has already rated this proposal."), code="already_rated")
    rating = QualityRating(
        proposal=proposal, unit_id=unit_id, grade=grade, comment=comment, rated_by=actor, at=timezone.now()
    )
    rating.full_clean()
    rating.save()
    proposal_workflow.apply("rate_quality", obj=proposal, actor=actor)
    return rating


@transaction.atomic
def proposal_unit_opinion(*, proposal: Proposal, actor: User, content: str) -> UnitOpinion:
    """A co-unit (会办) sends its opinion to the lead unit while the proposal is being handled."""
    proposal = proposal_workflow.begin("unit_opinion", obj=proposal, actor=actor)
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
    proposal_workflow.apply("unit_opinion", obj=proposal, actor=actor, note=assignment.unit.name)
    return opinion


@transaction.atomic
def proposal_feedback(*, proposal: Proposal, actor: User, satisfaction: str, comment: str = "") -> Proposal:
    """The lead proposer rates the replies: satisfied closes; unsatisfied sends it back to the units
    (rehandling) with a new due date the committee's rehandling period on (one month by default)."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose satisfied, basically satisfied or unsatisfied.")})
    unsatisfied_before = proposal.feedback.filter(satisfaction=Satisfaction.UNSATISFIED).count()
    if satisfaction != Satisfaction.UNSATISFIED:
        transition = "feedback_satisfied"
    elif unsatisfied_before:
        transition = "feedback_unsatisfied_again"
    else:
        transition = "feedback_unsatisfied"
    proposal = proposal_workflow.begin(transition, obj=proposal, actor=actor)
    if unsatisfied_before >= 2:
        raise InvalidTransition(
            _("The reply was rated twice unsatisfied; the secretariat closes the proposal.")
        )
    Feedback.objects.create(
        proposal=proposal,
        member=proposal.proposer,
        satisfaction=satisfaction,
        comment=comment,
        at=timezone.now(),
    )
    if transition == "feedback_unsatisfied":
        today = timezone.localdate()
        months = HandlingRules.of(proposal.committee_id).rehandling_months
        for assignment in proposal.assignments.all():
            if assignment.must_reply:
                assignment.replied_at = None
                assignment.started_on = today
                assignment.due_on = add_months(today, months)
                assignment.rehandling = True
                assignment.extension_reason = ""
                assignment.save(
                    update_fields=["replied_at", "started_on", "due_on", "rehandling", "extension_reason"]
                )
    return proposal_workflow.apply(transition, obj=proposal, actor=actor, note=comment)


def awaits_closing_note(proposal: Proposal) -> bool:
    """Whether the proposer rated the replies unsatisfied twice: no third round, the secretariat
    closes the proposal with a note."""
    return proposal.feedback.filter(satisfaction=Satisfaction.UNSATISFIED).count() >= 2


@transaction.atomic
def proposal_close(*, proposal: Proposal, actor: User, note: str = "") -> Proposal:
    """The secretariat closes a replied proposal whose proposer gave no rating in time, or one
    rated unsatisfied a second time, which needs the secretariat's note."""
    proposal = proposal_workflow.begin("close", obj=proposal, actor=actor)
    if awaits_closing_note(proposal) and not note.strip():
        raise ValidationError({"note": _("The proposer was twice unsatisfied: write the closing note.")})
    return proposal_workflow.apply("close", obj=proposal, actor=actor, note=note)


@transaction.atomic
def attachment_add(*, proposal: Proposal, actor: User, upload, reply: Reply | None = None) -> Attachment:
    """Attach a file: the proposer to their draft, a unit (or the secretariat) to its reply."""
    access = access_for(actor)
    if reply is None:
        allowed = "edit" in proposal_workflow.available_actions(obj=proposal, actor=actor)
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


@transaction.atomic
def digest_create(
    *,
    committee: Committee,
    year: int,
    title: str,
    issued_on: datetime.date,
    actor: User | None,
    recipients: str = "",
    items: Sequence[tuple[Proposal, str]] = (),
) -> Digest:
    """A new digest (提案摘报) of the committee's secretariat with the next number of the year, under
    a lock on the year's counter, so numbers are gapless and never given twice; ``items`` are the
    proposals with their core suggestions, in order."""
    if actor is not None and not access_for(actor).manages_committee(committee.pk):
        raise PermissionDenied(_("Only the committee's secretariat composes its digests."))
    counter, _created = DigestCounter.objects.select_for_update().get_or_create(
        committee=committee, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    digest = Digest(
        committee=committee,
        year=year,
        number=counter.last_number,
        title=title,
        issued_on=issued_on,
        recipients=recipients,
    )
    digest.full_clean()
    digest.save()
    for order, (proposal, suggestions) in enumerate(items, start=1):
        item = DigestItem(digest=digest, proposal=proposal, suggestions=suggestions, order=order)
        item.full_clean()
        item.save()
    return digest


# Public leads (提案线索征集) ---------------------------------------------------------------------

# Receipt characters: no 0/O, 1/I/L, so a receipt read out over the phone is not misheard.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 6
RECEIPT_ATTEMPTS = 3


def lead_receipt(year: int) -> str:
    """A new receipt number, ``XS<year>-<six random characters>`` (see ``Lead``)."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
    return f"XS{year}-{code}"


@transaction.atomic
def lead_submit(
    *,
    committee: Committee,
    description: str,
    category: Category,
    name: str = "",
    phone: str = "",
    actor: User | None = None,
) -> Lead:
    """A lead from the public form, received with a new receipt number. The length and link checks
    are the model's (``Lead.clean``); the honeypot and the per-address throttle are the form's and
    the API's, which see the request."""
    lead = Lead(
        committee=committee,
        description=description.strip(),
        category=category,
        name=name.strip(),
        phone=phone.strip(),
        receipt=lead_receipt(timezone.localdate().year),
    )
    lead.full_clean(exclude=["receipt"])
    attempts = RECEIPT_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                return lead_workflow.apply("send", obj=lead, actor=actor)
        except IntegrityError:  # the receipt drawn is taken: draw again
            attempts -= 1
            if not attempts:
                raise
            lead.receipt = lead_receipt(timezone.localdate().year)


@transaction.atomic
def lead_accept(*, lead: Lead, actor: User) -> Lead:
    """Accept a lead into the members' 线索库."""
    return lead_workflow.apply("accept", obj=lead, actor=actor, changes={"decided_by": actor})


@transaction.atomic
def lead_merge(*, lead: Lead, actor: User, into: Lead) -> Lead:
    """Merge a lead into another lead of the same committee (received or accepted) that says the
    same, under locks on both."""
    lead = lead_workflow.begin("merge", obj=lead, actor=actor)
    target = Lead.objects.select_for_update().filter(pk=into.pk).first()
    if (
        target is None
        or target.pk == lead.pk
        or target.committee_id != lead.committee_id
        or target.state not in (LeadState.RECEIVED, LeadState.ACCEPTED)
    ):
        raise ValidationError({"into": _("Choose another received or accepted lead of the same committee.")})
    return lead_workflow.apply(
        "merge", obj=lead, actor=actor, changes={"merged_into": target, "decided_by": actor}
    )


@transaction.atomic
def lead_decline(*, lead: Lead, actor: User, reason: str) -> Lead:
    """Decline a lead, saying why."""
    lead = lead_workflow.begin("decline", obj=lead, actor=actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the lead is declined.")})
    return lead_workflow.apply(
        "decline", obj=lead, actor=actor, changes={"reason": reason.strip(), "decided_by": actor}
    )


LEAD_TITLE_LENGTH = 40


def lead_title(description: str) -> str:
    """A draft's first title from a lead: its first sentence, at most 40 characters."""
    first = description.strip().splitlines()[0]
    for stop in "。！？!?；;":
        first = first.split(stop)[0]
    return first[:LEAD_TITLE_LENGTH].strip() or description[:LEAD_TITLE_LENGTH]


@transaction.atomic
def lead_to_draft(*, lead: Lead, actor: User) -> Proposal:
    """A member of the lead's committee turns an accepted lead into a draft proposal of their own,
    in the committee's latest session; the draft names the lead, which its page credits."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    access = access_for(actor)
    if access.member_id is None or lead.committee_id not in access.member_of:
        raise PermissionDenied(_("Only the committee's members turn its leads into proposals."))
    if lead.state != LeadState.ACCEPTED:
        raise InvalidTransition(_("Only an accepted lead becomes a draft proposal."))
    session = Session.objects.filter(committee_id=lead.committee_id).order_by("-opened_on").first()
    if session is None:
        raise ValidationError({"session": _("The committee has no session to file proposals in.")})
    return proposal_create(
        actor=actor,
        committee=lead.committee,
        session=session,
        title=lead_title(lead.description),
        content=lead.description,
        category=lead.category,
        lead=lead,
    )
