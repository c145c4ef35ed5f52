"""Opinion reports (社情民意信息): the reports, their authors, the issues of the periodical
《社情民意》 they are edited into, the adoptions, forwardings and instructions they receive, and the
timeline of their lifecycle."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cppcc.core.querysets import VIEW, ThroughParentQuerySet
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee, TimelineEntry, timeline_of
from cppcc.org.querysets import CommitteeRecordsQuerySet


class Level(models.TextChoices):
    """The level of a receiving body, and so of an adoption; a report's level is the highest."""

    CITY = "city", _("city level")
    PROVINCE = "province", _("province level")
    NATIONAL = "national", _("national level")


LEVEL_RANK = {Level.CITY: 1, Level.PROVINCE: 2, Level.NATIONAL: 3}


class Body(models.TextChoices):
    """A body that receives reports: it adopts, forwards or instructs on them."""

    CITY_CPPCC = "city_cppcc", _("city CPPCC")
    CITY_PARTY_COMMITTEE = "city_party_committee", _("city party committee")
    CITY_GOVERNMENT = "city_government", _("city government")
    PROVINCE_CPPCC = "province_cppcc", _("provincial CPPCC")
    PROVINCE_PARTY_OFFICE = "province_party_office", _("provincial party committee general office")
    PROVINCE_GOVERNMENT = "province_government", _("provincial government")
    NATIONAL_CPPCC = "national_cppcc", _("national CPPCC")


BODY_LEVEL = {
    Body.CITY_CPPCC: Level.CITY,
    Body.CITY_PARTY_COMMITTEE: Level.CITY,
    Body.CITY_GOVERNMENT: Level.CITY,
    Body.PROVINCE_CPPCC: Level.PROVINCE,
    Body.PROVINCE_PARTY_OFFICE: Level.PROVINCE,
    Body.PROVINCE_GOVERNMENT: Level.PROVINCE,
    Body.NATIONAL_CPPCC: Level.NATIONAL,
}


def bodies_at(level: str) -> list[str]:
    return [body.value for body, body_level in BODY_LEVEL.items() if body_level == level]


class Issue(models.Model):
    """A numbered issue (期) of the periodical 《社情民意》, e.g. 2024年第35期."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="opinion_issues"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(pgettext_lazy("opinion report", "number"))
    published_on = models.DateField(_("published on"))
    objects = CommitteeRecordsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["committee", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                name="opinion_issue_unique_number",
                violation_error_message=_("This committee already has an issue with this number this year."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="opinion_issue_number_positive",
                violation_error_message=_("Issue numbers start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s, issue %(number)s") % {"year": self.year, "number": self.number}

    def clean(self) -> None:
        if self.published_on and self.year and self.published_on.year != self.year:
            raise ValidationError({"published_on": _("An issue is published in its own year.")})


class OpinionReportQuerySet(CommitteeRecordsQuerySet):
    """Secretariat and leaders read every report of the committees they oversee; members the reports
    they wrote, in every state. The committee's secretariat writes them."""

    def allowed(self, access, action: str) -> QuerySet:
        if action != VIEW:
            return super().allowed(access, action)
        own = has_author(access.member_id) if access.member_id is not None else None
        return self.any_of(self.of_committees(access.oversees), own)

    def authored_by(self, member_id: int) -> QuerySet:
        """The reports the member is one of the authors of."""
        return self.filter(has_author(member_id))


def has_author(member_id: int) -> Exists:
    """The report has the member among its authors."""
    return Exists(ReportAuthor.objects.filter(report=OuterRef("pk"), member_id=member_id))


class ThroughReportQuerySet(ThroughParentQuerySet):
    """A report's authors, adoptions and timeline: as the report."""

    parent = "report"


class OpinionReport(models.Model):
    """A short report (社情民意信息) on what people think and need, by members or an organisation."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", pgettext_lazy("opinion report", "submitted")
        ACCEPTED = "accepted", pgettext_lazy("opinion report", "accepted")
        PUBLISHED = "published", pgettext_lazy("opinion report", "published")
        DECLINED = "declined", pgettext_lazy("opinion report", "declined")

    class Category(models.TextChoices):
        ECONOMY = "economy", _("economy")
        POLITICS = "politics", _("politics")
        CULTURE = "culture", _("culture")
        SOCIETY = "society", _("society")
        ECOLOGY = "ecology", _("ecological civilisation")
        OTHER = "other", _("other")

    ORGANISATION_FIELDS = ("author_party", "author_sector", "author_special_committee", "author_committee")

    # No index of its own: the indexes on (committee, state) and (committee, submitted_at) serve the
    # lookups by committee, and a lone one makes the planner read every year of a committee's reports.
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="opinion_reports",
        db_index=False,
    )
    title = models.CharField(pgettext_lazy("opinion report", "title"), max_length=200)
    content = models.TextField(pgettext_lazy("opinion report", "content"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    authors = models.ManyToManyField(
        Member, verbose_name=_("authors"), through="ReportAuthor", related_name="opinion_reports", blank=True
    )
    author_party = models.ForeignKey(
        Party,
        verbose_name=_("authoring party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_sector = models.ForeignKey(
        Sector,
        verbose_name=_("authoring sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name=_("authoring special committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_committee = models.ForeignKey(
        Committee,
        verbose_name=_("authoring county committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(
        pgettext_lazy("opinion report", "submitted at"), null=True, blank=True
    )
    reason = models.TextField(_("reason for declining or returning"), blank=True)
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    issue_order = models.PositiveSmallIntegerField(_("order in the issue"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    objects = OpinionReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion report")
        verbose_name_plural = _("opinion reports")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "state"], name="opinion_committee_state"),
            # The report card's year of reports read from the index alone, without the table.
            models.Index(
                fields=["committee", "submitted_at", "state", "id"], name="opinion_committee_figures"
            ),
            # A list's page of keys in its order (latest first), the committee read from the index.
            models.Index(fields=["submitted_at", "id", "committee"], name="opinion_submitted_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        author_party__isnull=True,
                        author_sector__isnull=True,
                        author_special_committee__isnull=True,
                    )
                    | Q(author_party__isnull=True, author_sector__isnull=True, author_committee__isnull=True)
                    | Q(
                        author_party__isnull=True,
                        author_special_committee__isnull=True,
                        author_committee__isnull=True,
                    )
                    | Q(
                        author_sector__isnull=True,
                        author_special_committee__isnull=True,
                        author_committee__isnull=True,
                    )
                ),
                name="opinion_at_most_one_organisation",
                violation_error_message=_("A report has at most one authoring organisation."),
            ),
            models.CheckConstraint(
                condition=Q(state="published", issue__isnull=False)
                | (~Q(state="published") & Q(issue__isnull=True)),
                name="opinion_issue_iff_published",
                violation_error_message=_("A report is in an issue exactly when it is published."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="opinion_submitted_has_time",
                violation_error_message=_("A submitted report has a submission time."),
            ),
            models.UniqueConstraint(
                fields=["issue", "issue_order"],
                name="opinion_unique_issue_order",
                violation_error_message=_("Two reports cannot share a place in an issue."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self):
        for name in self.ORGANISATION_FIELDS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None

    def clean(self) -> None:
        errors = {}
        for name in ("author_party", "author_sector", "author_special_committee"):
            value = getattr(self, name)
            if value is not None and value.committee_id not in (None, self.committee_id):
                errors[name] = _("The organisation belongs to another committee.")
        if self.author_committee is not None and self.author_committee.parent_id != self.committee_id:
            errors["author_committee"] = _("Only a committee directly below may author a report.")
        if sum(getattr(self, f"{name}_id") is not None for name in self.ORGANISATION_FIELDS) > 1:
            errors["author_party"] = _("A report has at most one authoring organisation.")
        if errors:
            raise ValidationError(errors)


class ReportAuthor(models.Model):
    """A member authoring a report, in order (the first is the lead author)."""

    report = models.ForeignKey(
        OpinionReport, verbose_name=_("opinion report"), on_delete=models.CASCADE, related_name="author_links"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(pgettext_lazy("opinion report", "order"), default=0)
    objects = ThroughReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["report_id", "order", "id"]
        indexes = [models.Index(fields=["member", "report"], name="opinion_author_member")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "member"],
                name="opinion_author_unique",
                violation_error_message=_("This member already authors this report."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)


class Adoption(models.Model):
    """An event on a report at a receiving body: adopted (采用), forwarded (报送) or instructed (批示)."""

    class Action(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        FORWARDED = "forwarded", _("forwarded")
        INSTRUCTED = "instructed", _("instructed")

    report = models.ForeignKey(
        OpinionReport, verbose_name=_("opinion report"), on_delete=models.CASCADE, related_name="adoptions"
    )
    body = models.CharField(_("receiving body"), max_length=30, choices=Body.choices)
    action = models.CharField(
        pgettext_lazy("opinion report", "action"), max_length=20, choices=Action.choices
    )
    date = models.DateField(_("date"))
    leader = models.CharField(_("instructing leader"), max_length=50, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    objects = ThroughReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["report_id", "date", "id"]
        indexes = [models.Index(fields=["body", "action", "report"], name="opinion_adoption_body_action")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "body", "action", "leader"],
                name="opinion_adoption_unique",
                violation_error_message=_("This event is already recorded on the report."),
            ),
            models.CheckConstraint(
                condition=Q(action="instructed") | Q(leader=""),
                name="opinion_adoption_leader_only_instructed",
                violation_error_message=_("Only an instruction names a leader."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} · {self.get_action_display()} · {self.date:%Y-%m-%d}"

    @property
    def level(self) -> str:
        return BODY_LEVEL[Body(self.body)].value

    def clean(self) -> None:
        if self.action == self.Action.INSTRUCTED and not self.leader.strip():
            raise ValidationError({"leader": _("An instruction names the instructing leader.")})
        if self.action != self.Action.INSTRUCTED and self.leader:
            raise ValidationError({"leader": _("Only an instruction names a leader.")})


class OpinionReportTimelineEntry(TimelineEntry):
    """One transition of a report's lifecycle."""

    report = timeline_of(OpinionReport, _("opinion report"))

    objects = ThroughReportQuerySet.as_manager()

    class Meta(TimelineEntry.Meta):
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["report", "at"], name="report_timeline_at")]


class ReviewQueueReport(OpinionReport):
    """The submitted reports waiting for the secretariat's review (an admin page of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("report to review")
        verbose_name_plural = _("review queue")
