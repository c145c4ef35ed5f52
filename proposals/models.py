"""Proposals (提案): the proposal with its co-signatures, assignments to handling units, replies,
ratings, attachments and the timeline of its transitions; per-committee categories and reply labels;
the per-session counter that hands out gapless numbers."""

import re
import unicodedata
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cppcc.core.files import attachment_upload_to, validate_attachment
from cppcc.core.querysets import VIEW, ThroughParentQuerySet
from cppcc.org.models import (
    Committee,
    HandlingUnit,
    Member,
    Party,
    Sector,
    Session,
    SpecialCommittee,
    TimelineEntry,
    timeline_of,
)
from cppcc.org.querysets import AccessQuerySet, CommitteeRecordsQuerySet, OrganisationQuerySet


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal", "submitted")
    REGISTERED = "registered", _("registered")
    NOT_REGISTERED = "not_registered", _("not registered")
    MERGED = "merged", _("merged")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ASSIGNED = "assigned", _("assigned")
    REPLIED = "replied", _("replied")
    REHANDLING = "rehandling", _("rehandling")
    CLOSED = "closed", _("closed")


# From registration on, a proposal is public to the members of its committee.
REGISTERED_STATES = (State.REGISTERED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED)
# From the release of its reply on, a proposal may be published (提案公开) where its proposers consent.
PUBLISHABLE_STATES = (State.REPLIED, State.REHANDLING, State.CLOSED)


class Kind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    JOINT = "joint", _("joint")
    SECTOR = "sector", _("sector")
    PARTY = "party", _("party")
    SPECIAL_COMMITTEE = "special_committee", _("special committee")


COLLECTIVE_KINDS = (Kind.SECTOR, Kind.PARTY, Kind.SPECIAL_COMMITTEE)


class RejectionReason(models.TextChoices):
    STATE_SECRET = "state_secret", _("involves state secrets")
    PARTY_PERSONNEL = "party_personnel", _("concerns party personnel matters")
    LITIGATION = "litigation", _("already in litigation or arbitration")
    ACADEMIC = "academic", _("academic discussion")
    PERSONAL = "personal", _("personal or family matter")
    PROMOTION = "promotion", _("promotes products")
    ACCUSATION = "accusation", _("named accusation")
    EMPTY = "empty", _("content too vague")
    OUT_OF_SCOPE = "out_of_scope", _("outside the committee's functions")
    OTHER = "other", _("other")


class ReplyCategory(models.TextChoices):
    A = "A", _("solved or adopted")
    B = "B", _("in plan to be solved")
    C = "C", _("kept for reference")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")


class ProposalQuerySet(CommitteeRecordsQuerySet):
    """Secretariat and leaders read every proposal of the committees they oversee; members their own
    in every state (as proposer, co-signer or invitee) and their committee's from registration on;
    handling units those assigned to them. The committee's secretariat writes them."""

    def allowed(self, access, action: str) -> QuerySet:
        if action != VIEW:
            return super().allowed(access, action)
        rules = [self.of_committees(access.oversees)]
        if access.member_id is not None:
            rules += [
                Q(proposer_id=access.member_id),
                Q(pk__in=Cosignature.objects.filter(member_id=access.member_id).values("proposal_id")),
                self.of_committees(access.member_of) & Q(state__in=REGISTERED_STATES),
            ]
        if access.unit_ids:
            rules.append(Q(pk__in=assigned_to(access.unit_ids)))
        return self.any_of(*rules)

    def published(self) -> QuerySet:
        """What anyone reads without signing in (提案公开): the proposals the secretariat published,
        each still consented to by its proposers and past the release of its reply."""
        return self.filter(is_published=True, publish_consent=True, state__in=PUBLISHABLE_STATES)


class ThroughProposalQuerySet(ThroughParentQuerySet):
    """A proposal's co-signatures, assignments, replies, ratings, attachments and timeline: as the
    proposal."""

    parent = "proposal"


class UnitOpinionQuerySet(AccessQuerySet):
    """A co-unit's opinion for the lead unit: read by those who oversee the proposal's committee and
    by the units the proposal is assigned to, not by its other readers; written by the secretariat."""

    def allowed(self, access, action: str) -> QuerySet:
        committee = "proposal__committee"
        if action != VIEW:
            return self.any_of(self.of_committees(access.manages, committee))
        units = Q(proposal__in=assigned_to(access.unit_ids)) if access.unit_ids else None
        return self.any_of(self.of_committees(access.oversees, committee), units)


class HandlersQuerySet(ThroughProposalQuerySet):
    """Records of a proposal's handling that only its handlers read in full: as the proposal, but
    rows ``hidden`` names (a reply still under review, a step of the review) only for those who
    oversee the proposal's committee and the units it is assigned to, never for its proposers."""

    def hidden(self) -> Q:
        raise NotImplementedError(f"{type(self).__name__} hides nothing")

    def restricted(self, user, action: str) -> QuerySet:
        from cppcc.org.roles import access_for

        rows = super().restricted(user, action)
        if action != VIEW:
            return rows
        access = access_for(user)
        handlers = [AccessQuerySet.of_committees(access.oversees, "proposal__committee")]
        if access.unit_ids:
            handlers.append(Q(proposal__in=assigned_to(access.unit_ids)))
        return rows.filter(reduce(or_, [~self.hidden(), *[rule for rule in handlers if rule is not None]]))


class ReplyQuerySet(HandlersQuerySet):
    """A reply waiting for the secretariat's review, or returned by it, is not yet the proposers'."""

    def hidden(self) -> Q:
        return ~Q(status=Reply.Status.RELEASED)


class TimelineQuerySet(HandlersQuerySet):
    """The steps of reply review stay between the units and the secretariat."""

    def hidden(self) -> Q:
        return Q(action__in=REVIEW_ACTIONS)


# The timeline's actions of reply review (``workflow.py``), which the proposers do not see.
REVIEW_ACTIONS = ("submit_reply", "return_reply")


class QualityRatingQuerySet(AccessQuerySet):
    """A unit's grade of a proposal's quality: read by those who oversee the proposal's committee and
    by the unit that gave it, never by the proposers; written by the secretariat."""

    def allowed(self, access, action: str) -> QuerySet:
        committee = "proposal__committee"
        if action != VIEW:
            return self.any_of(self.of_committees(access.manages, committee))
        units = Q(unit__in=list(access.unit_ids)) if access.unit_ids else None
        return self.any_of(self.of_committees(access.oversees, committee), units)


class ObjectionQuerySet(UnitOpinionQuerySet):
    """An objection to an assignment: read as a co-unit opinion (those who oversee the committee and
    the units assigned), and by the objecting unit also after the proposal has left it."""

    def allowed(self, access, action: str) -> QuerySet:
        allowed = super().allowed(access, action)
        if action != VIEW or not access.unit_ids:
            return allowed
        return allowed | self.filter(unit__in=list(access.unit_ids))


def assigned_to(unit_ids) -> QuerySet:
    """The ids of the proposals assigned to one of the units."""
    return Assignment.objects.filter(unit__in=list(unit_ids)).values("proposal_id")


class Category(models.Model):
    """A proposal category (经济、政治、文化 …); each committee keeps its own list."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="proposal_categories"
    )
    name = models.CharField(_("name"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal category")
        verbose_name_plural = _("proposal categories")
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="proposal_category_unique_name",
                violation_error_message=_("This committee already has a proposal category with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReplyLabel(models.Model):
    """A committee's own wording of a reply category (A/B/C)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="reply_labels"
    )
    category = models.CharField(_("reply category"), max_length=1, choices=ReplyCategory.choices)
    label = models.CharField(_("label"), max_length=50)
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply category label")
        verbose_name_plural = _("reply category labels")
        ordering = ["committee", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "category"],
                name="reply_label_unique_category",
                violation_error_message=_("This committee already labels this reply category."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.label}"


class ReplyReview(models.TextChoices):
    OFF = "off", _("no review")
    KEY = "key", _("key proposals only")
    ALL = "all", _("every proposal")


class HandlingRules(models.Model):
    """How a committee's proposal office runs handling (提案办理规则): the period in which a unit may
    object to an assignment, the rehandling period after an unsatisfied rating, whether a lead reply
    needs a recorded contact with the proposer first, and which replies the secretariat reviews
    before the proposer sees them. A committee without a row follows the defaults."""

    committee = models.OneToOneField(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="handling_rules"
    )
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (working days after assignment)"), default=5
    )
    rehandling_months = models.PositiveSmallIntegerField(_("rehandling period (months)"), default=1)
    contact_required = models.BooleanField(
        _("a contact with the proposer before the lead reply"), default=False
    )
    reply_review = models.CharField(
        _("replies reviewed by the secretariat"),
        max_length=10,
        choices=ReplyReview.choices,
        default=ReplyReview.OFF,
    )
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal handling rules")
        verbose_name_plural = _("proposal handling rules")
        ordering = ["committee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rehandling_months__gte=1),
                name="handling_rules_rehandling_months_positive",
                violation_error_message=_("The rehandling period is at least one month."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.committee)

    @classmethod
    def of(cls, committee_id: int) -> "HandlingRules":
        """The committee's rules, or the defaults where it has set none."""
        return cls.objects.filter(committee_id=committee_id).first() or cls(committee_id=committee_id)

    def reviews(self, proposal) -> bool:
        """Whether the secretariat reviews the replies to ``proposal`` before its proposers see them."""
        return self.reply_review == ReplyReview.ALL or (
            self.reply_review == ReplyReview.KEY and proposal.is_key
        )


class ThroughSessionQuerySet(ThroughParentQuerySet):
    """A session's proposal counter: as the session."""

    parent = "session"


class NumberCounter(models.Model):
    """The last number given in a session; locked while a proposal is registered, so numbers are
    gapless and never given twice."""

    session = models.OneToOneField(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="proposal_counter"
    )
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    objects = ThroughSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal number counter")
        verbose_name_plural = _("proposal number counters")

    def __str__(self) -> str:
        return f"{self.session} {self.last_number}"


class Proposal(models.Model):
    """A proposal (提案): one issue, filed by a member, members jointly, or a collective."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="proposals"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(pgettext_lazy("proposal", "title"), max_length=200)
    content = models.TextField(pgettext_lazy("proposal", "content"), max_length=20000)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    proposer = models.ForeignKey(
        Member,
        verbose_name=_("lead proposer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    sponsor_sector = models.ForeignKey(
        Sector, verbose_name=_("sponsoring sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    sponsor_party = models.ForeignKey(
        Party, verbose_name=_("sponsoring party"), null=True, blank=True, on_delete=models.PROTECT
    )
    sponsor_special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name=_("sponsoring special committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    suggested_units = models.ManyToManyField(
        HandlingUnit, verbose_name=_("suggested handling units"), blank=True, related_name="+"
    )
    during_plenary = models.BooleanField(_("filed during the plenary"), default=True)
    publish_consent = models.BooleanField(_("consents to publication"), default=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(_("rejection note"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    converted_opinion = models.OneToOneField(
        "opinions.OpinionReport",
        verbose_name=_("converted into opinion report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="converted_from_proposal",
    )
    is_key = models.BooleanField(_("key proposal"), default=False)
    supervisors = models.ManyToManyField(
        Member, verbose_name=_("supervising leaders"), blank=True, related_name="supervised_proposals"
    )
    is_excellent = models.BooleanField(_("excellent proposal"), default=False)
    is_published = models.BooleanField(pgettext_lazy("proposal", "published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(pgettext_lazy("proposal", "submitted at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    lead = models.ForeignKey(
        "Lead",
        verbose_name=_("from the public lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[supervisors])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-session__opened_on", "number", "-id"]
        indexes = [
            models.Index(fields=["committee", "state"], name="proposal_committee_state"),
            models.Index(fields=["session", "number"], name="proposal_session_number"),
            models.Index(fields=["registered_at"], name="proposal_registered_at"),
            models.Index(fields=["submitted_at"], name="proposal_submitted_at"),
            # A year's registered proposals of some committees (the report card, key proposals).
            models.Index(
                fields=["committee", "registered_at", "is_key"], name="proposal_committee_registered"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                name="proposal_unique_number",
                violation_error_message=_("This session already has a proposal with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="proposal_number_positive",
                violation_error_message=_("Proposal numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["individual", "joint"]) & Q(proposer__isnull=False))
                | (Q(kind="sector") & Q(sponsor_sector__isnull=False))
                | (Q(kind="party") & Q(sponsor_party__isnull=False))
                | (Q(kind="special_committee") & Q(sponsor_special_committee__isnull=False)),
                name="proposal_filer_matches_kind",
                violation_error_message=_(
                    "A member's proposal names its lead proposer; a collective one names its sponsor."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="proposal_not_merged_into_itself",
                violation_error_message=_("A proposal cannot be merged into itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.number else self.title

    @property
    def code(self) -> str:
        """The display number (案号), e.g. 十四届三次会议第0012号; empty until registered."""
        return f"{self.session.name}第{self.number:04d}号" if self.number else ""

    @property
    def sponsor(self):
        return self.sponsor_sector or self.sponsor_party or self.sponsor_special_committee

    @property
    def sponsor_id(self) -> int | None:
        return self.sponsor_sector_id or self.sponsor_party_id or self.sponsor_special_committee_id

    def clean(self) -> None:
        errors = {}
        if self.session_id and self.committee_id and self.session.committee_id != self.committee_id:
            errors["session"] = _("The session belongs to another committee.")
        if self.category_id and self.committee_id and self.category.committee_id != self.committee_id:
            errors["category"] = _("The category belongs to another committee.")
        if self.proposer_id and self.committee_id and self.proposer.committee_id != self.committee_id:
            errors["proposer"] = _("The proposer is a member of another committee.")
        if self.kind in COLLECTIVE_KINDS and self.proposer_id:
            errors["proposer"] = _("A collective proposal has no lead proposer.")
        if self.kind in (Kind.INDIVIDUAL, Kind.JOINT) and not self.proposer_id:
            errors["proposer"] = _("Name the lead proposer.")
        sponsors = {
            Kind.SECTOR: self.sponsor_sector,
            Kind.PARTY: self.sponsor_party,
            Kind.SPECIAL_COMMITTEE: self.sponsor_special_committee,
        }
        for kind, sponsor in sponsors.items():
            if sponsor is not None and self.kind != kind:
                errors["sponsor"] = _("Only a collective proposal of this kind names this sponsor.")
        sponsor = sponsors.get(self.kind)
        if self.kind in COLLECTIVE_KINDS:
            if sponsor is None:
                errors["sponsor"] = _("Name the sector, party or special committee that files it.")
            elif getattr(sponsor, "committee_id", None) not in (None, self.committee_id):
                errors["sponsor"] = _("The sponsor belongs to another committee.")
        if errors:
            raise ValidationError(errors)


class Cosignature(models.Model):
    """An invitation to co-sign a joint proposal (联名), and the member's answer."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", pgettext_lazy("cosignature", "accepted")
        DECLINED = "declined", pgettext_lazy("cosignature", "declined")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="cosignatures"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="cosignatures"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    objects = ThroughProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["proposal_id", "id"]
        indexes = [models.Index(fields=["member", "status"], name="cosignature_member_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"],
                name="cosignature_unique_member",
                violation_error_message=_("This member is already invited to co-sign this proposal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"

    def clean(self) -> None:
        if self.proposal_id and self.member_id and self.proposal.proposer_id == self.member_id:
            raise ValidationError({"member": _("The lead proposer cannot co-sign their own proposal.")})


class Assignment(models.Model):
    """A handling unit's part in a proposal: lead (主办), co-unit (会办) or separate (分办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        CO = "co", _("co-unit")
        SEPARATE = "separate", _("separate unit")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    assigned_on = models.DateField(_("assigned on"))
    started_on = models.DateField(_("handling round started on"))
    due_on = models.DateField(_("reply due on"))
    extension_reason = models.CharField(_("extension reason"), max_length=300, blank=True)
    rehandling = models.BooleanField(
        _("rehandling"), default=False, help_text=_("This round started after an unsatisfied rating.")
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    objects = ThroughProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["proposal_id", "id"]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="assignment_unit_due"),
            models.Index(fields=["due_on", "replied_at"], name="assignment_due_replied"),
            # The replies still owed, by due date: the overdue ones are those before today.
            models.Index(
                fields=["due_on", "proposal"],
                condition=Q(replied_at__isnull=True, role__in=["lead", "separate"]),
                name="assignment_owed_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                name="assignment_unique_unit",
                violation_error_message=_("This unit is already assigned this proposal."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("started_on")),
                name="assignment_due_after_start",
                violation_error_message=_("The due date cannot be before the assignment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def replied(self) -> bool:
        return self.replied_at is not None

    @property
    def must_reply(self) -> bool:
        return self.role in (self.Role.LEAD, self.Role.SEPARATE)

    @property
    def due_reason(self) -> str:
        """Why the reply is due when it is: an extension, the rehandling period after an
        unsatisfied rating, or the assignment."""
        if self.extension_reason:
            return _("Extended: %(reason)s") % {"reason": self.extension_reason}
        if self.rehandling:
            return _(
                "Rehandling: the proposer rated the reply unsatisfied on %(date)s; the committee's "
                "rehandling period runs from that day."
            ) % {"date": self.started_on.isoformat()}
        return _("Assigned on %(date)s.") % {"date": self.assigned_on.isoformat()}

    def clean(self) -> None:
        if self.unit_id and self.proposal_id and self.unit.committee_id != self.proposal.committee_id:
            raise ValidationError({"unit": _("The handling unit belongs to another committee.")})


class Reply(models.Model):
    """A unit's answer (答复) to a proposal, with its category A/B/C. Where the committee reviews
    replies (``HandlingRules.reviews``), it waits for the secretariat, which releases it to the
    proposers or returns it to the unit with a note (the unit then replies again)."""

    class Status(models.TextChoices):
        PENDING_REVIEW = "pending_review", _("waiting for review")
        RELEASED = "released", _("released")
        RETURNED = "returned", pgettext_lazy("reply", "returned")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="replies"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="replies"
    )
    category = models.CharField(_("reply category"), max_length=1, choices=ReplyCategory.choices)
    content = models.TextField(_("reply content"), max_length=20000)
    replied_at = models.DateTimeField(_("replied at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer = models.CharField(_("signed by (签发人)"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    co_units_note = models.CharField(_("why without every co-unit's opinion"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RELEASED)
    review_note = models.CharField(_("review note"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objects = ReplyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["proposal_id", "replied_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_category_display()}"


class UnitOpinion(models.Model):
    """A co-unit's opinion (会办意见) on a proposal, for the lead unit to take into its reply."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="unit_opinions"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("co-unit opinion"), max_length=20000)
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objects = UnitOpinionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-unit opinion")
        verbose_name_plural = _("co-unit opinions")
        ordering = ["proposal_id", "at", "id"]
        indexes = [models.Index(fields=["proposal", "unit"], name="unit_opinion_proposal_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {timezone.localdate(self.at):%Y-%m-%d}"

    def clean(self) -> None:
        if self.unit_id and self.proposal_id and self.unit.committee_id != self.proposal.committee_id:
            raise ValidationError({"unit": _("The handling unit belongs to another committee.")})


class Objection(models.Model):
    """A handling unit's objection to its assignment (交办异议): the proposal is not its business,
    perhaps another unit's. The secretariat reassigns the proposal or dismisses the objection."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        REASSIGNED = "reassigned", _("reassigned")
        DISMISSED = "dismissed", _("dismissed")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="objections"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="objections"
    )
    reason = models.TextField(_("objection reason"), max_length=2000)
    suggested_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("suggested handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.TextField(_("secretariat's note"), max_length=2000, blank=True)
    objects = ObjectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection to an assignment")
        verbose_name_plural = _("objections to assignments")
        ordering = ["proposal_id", "raised_at", "id"]
        indexes = [models.Index(fields=["unit", "raised_at"], name="objection_unit_raised")]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=Q(outcome="pending"),
                name="objection_one_pending_per_unit",
                violation_error_message=_("This unit's objection to this proposal is still pending."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", resolved_at__isnull=True)
                | (~Q(outcome="pending") & Q(resolved_at__isnull=False)),
                name="objection_resolved_when_decided",
                violation_error_message=_("A decided objection has the time it was decided."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_outcome_display()}"

    def clean(self) -> None:
        if self.unit_id and self.proposal_id and self.unit.committee_id != self.proposal.committee_id:
            raise ValidationError({"unit": _("The handling unit belongs to another committee.")})
        if (
            self.suggested_unit_id
            and self.proposal_id
            and self.suggested_unit.committee_id != self.proposal.committee_id
        ):
            raise ValidationError({"suggested_unit": _("The handling unit belongs to another committee.")})
        if self.suggested_unit_id and self.suggested_unit_id == self.unit_id:
            raise ValidationError({"suggested_unit": _("Suggest a unit other than your own.")})


class Feedback(models.Model):
    """The lead proposer's rating (委员评价) of the replies."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="feedback"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    at = models.DateTimeField(_("at"))
    objects = ThroughProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["proposal_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_satisfaction_display()}"


class Attachment(models.Model):
    """A file attached to a proposal or to a reply; stored under a random name, served by a view
    that checks who may read the proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, validators=[validate_attachment])
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    objects = ThroughProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["proposal_id", "id"]

    def __str__(self) -> str:
        return self.original_name

    def clean(self) -> None:
        if self.reply_id and self.proposal_id and self.reply.proposal_id != self.proposal_id:
            raise ValidationError({"reply": _("The reply belongs to another proposal.")})


class Digest(models.Model):
    """A digest (提案摘报): a numbered document of chosen proposals' core suggestions, composed by
    the secretariat for the leaders; read by those who oversee its committee. Numbers run gapless
    per committee and year."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="proposal_digests"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("issue number"))
    title = models.CharField(pgettext_lazy("digest", "title"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    recipients = models.CharField(
        _("sent to (报/送)"), max_length=300, blank=True, help_text=_("For example: 市委、市政府主要领导")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    objects = CommitteeRecordsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal digest")
        verbose_name_plural = _("proposal digests")
        ordering = ["committee", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                name="digest_unique_number",
                violation_error_message=_(
                    "This committee already has a digest with this number in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="digest_number_positive",
                violation_error_message=_("Digest numbers start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期 {self.title}"


class DigestCounter(models.Model):
    """The last digest number of a committee's year; locked while a digest is numbered, so numbers
    are gapless and never given twice."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)
    objects = CommitteeRecordsQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest number counter")
        verbose_name_plural = _("digest number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="digest_counter_unique_year",
                violation_error_message=_("This committee already counts its digests of this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} {self.last_number}"


class ThroughDigestQuerySet(ThroughParentQuerySet):
    """A digest's items: as the digest."""

    parent = "digest"


class DigestItem(models.Model):
    """One proposal in a digest, with its core suggestions as the secretariat edited them."""

    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.CASCADE, related_name="items"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="digest_items"
    )
    suggestions = models.TextField(_("core suggestions"), max_length=5000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objects = ThroughDigestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["digest_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "proposal"],
                name="digest_item_unique_proposal",
                violation_error_message=_("This proposal is already in the digest."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.proposal)

    def clean(self) -> None:
        if self.digest_id and self.proposal_id and self.proposal.committee_id != self.digest.committee_id:
            raise ValidationError({"proposal": _("The proposal belongs to another committee.")})


class ProposalTimelineEntry(TimelineEntry):
    """One transition in a proposal's timeline."""

    proposal = timeline_of(Proposal, _("proposal"))

    objects = TimelineQuerySet.as_manager()

    class Meta(TimelineEntry.Meta):
        verbose_name = _("proposal timeline entry")
        verbose_name_plural = _("proposal timeline")
        indexes = [models.Index(fields=["proposal", "at"], name="proposal_timeline_at")]


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("phone")
    VISIT = "visit", _("visit")
    MEETING = "meeting", _("meeting")
    LETTER = "letter", _("letter")
    ONLINE = "online", _("online")


class Contact(models.Model):
    """A handling unit's contact with the proposer before replying (办前沟通), and the proposer's
    answer: confirmed, or disputed with a comment."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("awaiting the proposer")
        CONFIRMED = "confirmed", pgettext_lazy("contact", "confirmed")
        DISPUTED = "disputed", _("disputed")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="contacts"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date of the contact"))
    method = models.CharField(_("contact method"), max_length=10, choices=ContactMethod.choices)
    summary = models.TextField(_("summary"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    answer = models.CharField(
        _("proposer's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answer_comment = models.CharField(_("proposer's comment"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    objects = ThroughProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact with the proposer")
        verbose_name_plural = _("contacts with the proposer")
        ordering = ["proposal_id", "date", "id"]
        indexes = [models.Index(fields=["proposal", "unit"], name="contact_proposal_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.date:%Y-%m-%d} · {self.get_method_display()}"

    def clean(self) -> None:
        if self.unit_id and self.proposal_id and self.unit.committee_id != self.proposal.committee_id:
            raise ValidationError({"unit": _("The handling unit belongs to another committee.")})


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")


class QualityRating(models.Model):
    """A replying unit's grade of the proposal's quality (双向评议), hidden from the proposers."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="quality_ratings"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("proposal quality"), max_length=10, choices=QualityGrade.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    objects = QualityRatingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal quality rating")
        verbose_name_plural = _("proposal quality ratings")
        ordering = ["proposal_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                name="quality_rating_unique_unit",
                violation_error_message=_("This unit has already rated this proposal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_grade_display()}"


class LeadState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("lead", "received")
    ACCEPTED = "accepted", pgettext_lazy("lead", "accepted")
    MERGED = "merged", pgettext_lazy("lead", "merged")
    DECLINED = "declined", pgettext_lazy("lead", "declined")


class LeadQuerySet(AccessQuerySet):
    """Public leads: read by those who oversee the committee (the sender's name and phone only by
    its secretariat, ``private_data``); its members read the accepted ones (the 线索库); the
    committee's secretariat screens them."""

    def allowed(self, access, action: str) -> QuerySet:
        if action != VIEW:
            return self.any_of(self.of_committees(access.manages))
        members = self.of_committees(access.member_of)
        return self.any_of(
            self.of_committees(access.oversees),
            members & Q(state=LeadState.ACCEPTED) if members is not None else None,
        )


LEAD_MIN_LENGTH = 10
LEAD_MAX_LENGTH = 300
# A web address in any common spelling: a scheme, "www.", or a host under a common top-level domain
# (full-width letters and dots are folded first, so "ｗｗｗ．" counts too).
LINK = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|info|cc|io|me|vip|shop|site|link)\b)",
    re.IGNORECASE,
)


def has_link(text: str) -> bool:
    return LINK.search(unicodedata.normalize("NFKC", text).replace("。", ".")) is not None


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 -]{5,18}[0-9]$", _("Enter a phone number of digits (a dash or space may separate them).")
)


class Lead(models.Model):
    """A proposal lead (提案线索) sent by anyone through the public form: a short description of a
    problem, the area it concerns and, if the sender wishes, a name and phone for a call back. The
    secretariat screens it (accept, merge into another, decline with a reason); accepted leads are
    the members' 线索库, from which a member starts a draft proposal.

    The receipt number (``XS2026-7K4Q9M``) is the year and six random characters, not a running
    count: a sender learns nothing of how many others wrote, cannot guess another's number, and
    anonymous submissions never wait on a shared counter row."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="leads"
    )
    receipt = models.CharField(_("receipt number"), max_length=20, unique=True, editable=False)
    description = models.CharField(pgettext_lazy("lead", "description"), max_length=LEAD_MAX_LENGTH)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="leads"
    )
    name = models.CharField(pgettext_lazy("lead", "sender's name"), max_length=50, blank=True)
    phone = models.CharField(
        pgettext_lazy("lead", "sender's phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    state = models.CharField(_("state"), max_length=10, choices=LeadState.choices, default=LeadState.RECEIVED)
    reason = models.TextField(pgettext_lazy("lead", "reason for declining"), max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(pgettext_lazy("lead", "received at"), default=timezone.now)
    decided_at = models.DateTimeField(pgettext_lazy("lead", "screened at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("lead", "screened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    objects = LeadQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal lead")
        verbose_name_plural = _("proposal leads")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "state", "created_at"], name="lead_committee_state")]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("description"), LEAD_MIN_LENGTH)
                & LessThanOrEqual(Length("description"), LEAD_MAX_LENGTH),
                name="lead_description_length",
                violation_error_message=_("Describe the matter in 10 to 300 characters."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="lead_not_merged_into_itself",
                violation_error_message=_("A lead cannot be merged into itself."),
            ),
            models.CheckConstraint(
                condition=Q(state=LeadState.MERGED, merged_into__isnull=False)
                | (~Q(state=LeadState.MERGED) & Q(merged_into__isnull=True)),
                name="lead_merged_names_target",
                violation_error_message=_("A merged lead names the lead it was merged into."),
            ),
            models.CheckConstraint(
                condition=~Q(state=LeadState.DECLINED) | ~Q(reason=""),
                name="lead_declined_gives_reason",
                violation_error_message=_("Say why the lead is declined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt} {self.description[:20]}"

    def clean(self) -> None:
        errors = {}
        if self.category_id and self.committee_id and self.category.committee_id != self.committee_id:
            errors["category"] = _("The category belongs to another committee.")
        if self.merged_into_id and self.committee_id and self.merged_into.committee_id != self.committee_id:
            errors["merged_into"] = _("The lead belongs to another committee.")
        if has_link(self.description or ""):
            errors["description"] = _("Please describe the matter in words, without web addresses.")
        elif len((self.description or "").strip()) < LEAD_MIN_LENGTH:
            errors["description"] = _("Describe the matter in 10 to 300 characters.")
        if errors:
            raise ValidationError(errors)
