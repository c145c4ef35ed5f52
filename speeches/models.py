"""Speeches at meetings (大会发言): a member's or a collective's speech for a plenary or a standing
committee meeting, selected by the secretariat for oral delivery (口头发言) or as a written speech
(书面发言), ordered in the meeting's compilation (发言汇编); its attachments and its timeline."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cppcc.core.files import attachment_upload_to, validate_attachment
from cppcc.core.querysets import VIEW, ThroughParentQuerySet
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee, TimelineEntry, timeline_of
from cppcc.org.querysets import CommitteeRecordsQuerySet
from platforms.models import Activity

# The meetings members speak at.
MEETING_KINDS = (*Activity.PLENARY_KINDS, *Activity.STANDING_KINDS)


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", pgettext_lazy("speech", "submitted")
    SELECTED_ORAL = "selected_oral", _("selected for oral delivery")
    SELECTED_WRITTEN = "selected_written", _("selected as a written speech")
    NOT_SELECTED = "not_selected", _("not selected")


SELECTED_STATES = (State.SELECTED_ORAL, State.SELECTED_WRITTEN)


class Mode(models.TextChoices):
    ORAL = "oral", _("oral speech")
    WRITTEN = "written", _("written speech")


MODE_STATE = {Mode.ORAL: State.SELECTED_ORAL, Mode.WRITTEN: State.SELECTED_WRITTEN}


class SpeechQuerySet(CommitteeRecordsQuerySet):
    """Secretariat and leaders read every speech of the committees they oversee; members their own
    and their collectives' (their sector's, party's, special committees') in every state, and, once
    selected, every speech of their committee's meetings. The committee's secretariat writes them."""

    def allowed(self, access, action: str) -> QuerySet:
        if action != VIEW:
            return super().allowed(access, action)
        rules = [self.of_committees(access.oversees)]
        if access.member_id is not None:
            member = Member.objects.filter(pk=access.member_id)
            rules += [
                Q(author_id=access.member_id),
                Q(author_sector__in=member.values("sector_id")),
                Q(author_party__in=member.values("party_id")),
                Q(author_special_committee__in=member.values("special_committees")),
                self.of_committees(access.member_of) & Q(state__in=SELECTED_STATES),
            ]
        return self.any_of(*rules)

    def in_compilation_order(self) -> QuerySet:
        """Oral speeches first, then written ones, each in their order."""
        return self.order_by(
            models.Case(models.When(mode=Mode.ORAL, then=0), default=1), "order", "submitted_at", "id"
        )


class ThroughSpeechQuerySet(ThroughParentQuerySet):
    """A speech's attachments and timeline: as the speech."""

    parent = "speech"


class Speech(models.Model):
    """A speech (大会发言) for a meeting, by a member or by a sector, party or special committee."""

    AUTHOR_FIELDS = ("author", "author_sector", "author_party", "author_special_committee")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="speeches"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="speeches"
    )
    title = models.CharField(pgettext_lazy("speech", "title"), max_length=200)
    content = models.TextField(pgettext_lazy("speech", "content"), max_length=20000)
    author = models.ForeignKey(
        Member,
        verbose_name=pgettext_lazy("speech", "speaker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="speeches",
    )
    author_sector = models.ForeignKey(
        Sector, verbose_name=_("speaking sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    author_party = models.ForeignKey(
        Party, verbose_name=_("speaking party"), null=True, blank=True, on_delete=models.PROTECT
    )
    author_special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name=_("speaking special committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    mode = models.CharField(
        pgettext_lazy("speech", "mode"), max_length=10, choices=Mode.choices, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(_("order in the compilation"), null=True, blank=True)
    note = models.TextField(_("note for returning or not selecting"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(pgettext_lazy("speech", "submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    objects = SpeechQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "state"], name="speech_committee_state"),
            models.Index(fields=["activity", "state"], name="speech_activity_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        author__isnull=False,
                        author_sector__isnull=True,
                        author_party__isnull=True,
                        author_special_committee__isnull=True,
                    )
                    | Q(
                        author__isnull=True,
                        author_sector__isnull=False,
                        author_party__isnull=True,
                        author_special_committee__isnull=True,
                    )
                    | Q(
                        author__isnull=True,
                        author_sector__isnull=True,
                        author_party__isnull=False,
                        author_special_committee__isnull=True,
                    )
                    | Q(
                        author__isnull=True,
                        author_sector__isnull=True,
                        author_party__isnull=True,
                        author_special_committee__isnull=False,
                    )
                ),
                name="speech_one_author",
                violation_error_message=_(
                    "A speech has one speaker: a member, a sector, a party or a special committee."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["selected_oral", "selected_written"], mode__in=["oral", "written"])
                | (~Q(state__in=["selected_oral", "selected_written"]) & Q(mode="")),
                name="speech_mode_iff_selected",
                violation_error_message=_("A speech has a mode exactly when it is selected."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="speech_submitted_has_time",
                violation_error_message=_("A submitted speech has a submission time."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def collective(self):
        """The sector, party or special committee that speaks, or None for a member's speech."""
        return self.author_sector or self.author_party or self.author_special_committee

    @property
    def speaker(self) -> str:
        """Who speaks, as the compilation prints it."""
        speaker = self.author or self.collective
        return speaker.name if speaker is not None else ""

    def clean(self) -> None:
        errors = {}
        if self.activity_id is not None:
            if self.activity.kind not in MEETING_KINDS:
                errors["activity"] = _("Speeches are given at plenary and standing committee meetings.")
            elif self.committee_id is not None and self.activity.committee_id != self.committee_id:
                errors["activity"] = _("The meeting belongs to another committee.")
        given = [name for name in self.AUTHOR_FIELDS if getattr(self, f"{name}_id") is not None]
        if len(given) != 1:
            errors["author"] = _(
                "A speech has one speaker: a member, a sector, a party or a special committee."
            )
        elif self.author_id is not None and self.author.committee_id != self.committee_id:
            errors["author"] = _("The speaker is a member of another committee.")
        elif given[0] != "author":
            owner = getattr(self, given[0]).committee_id
            if owner not in (None, self.committee_id):
                errors[given[0]] = _("The collective belongs to another committee.")
        if errors:
            raise ValidationError(errors)


class SpeechAttachment(models.Model):
    """A file attached to a speech; stored under a random name, served only to who reads the speech."""

    speech = models.ForeignKey(
        Speech, verbose_name=_("speech"), on_delete=models.CASCADE, related_name="attachments"
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
    objects = ThroughSpeechQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["speech_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class SpeechTimelineEntry(TimelineEntry):
    """One transition of a speech's lifecycle."""

    speech = timeline_of(Speech, _("speech"))

    objects = ThroughSpeechQuerySet.as_manager()

    class Meta(TimelineEntry.Meta):
        verbose_name = _("speech timeline entry")
        verbose_name_plural = _("speech timeline")
        indexes = [models.Index(fields=["speech", "at"], name="speech_timeline_at")]
