"""Activities (履职活动) with attendance, and the entities of the five platforms: deliberation rooms,
sector groups, study rooms, publications and visits."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cppcc.core.files import attachment_upload_to, validate_attachment
from cppcc.core.querysets import VIEW, ThroughParentQuerySet
from cppcc.org.models import Committee, Member, Sector, TimelineEntry, timeline_of
from cppcc.org.querysets import AccessQuerySet, ActivitiesQuerySet

EARLIEST = datetime.date(1949, 9, 21)  # the first CPPCC plenary: no record is dated before it


def dated_on_or_after_earliest(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": EARLIEST}),
        name=name,
        violation_error_message=_("Dates before 21 September 1949 are not accepted."),
    )


class PlatformEntity(models.Model):
    """What rooms and study rooms share: a committee, a name, where it is, when it was founded."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("county, township or street"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActivitiesQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class DeliberationRoom(PlatformEntity):
    """A deliberation room (民生议事室) or member lounge (委员会客厅): platform 1, 有事多商量·聊"成"协商."""

    class Kind(models.TextChoices):
        ROOM = "room", _("deliberation room")
        LOUNGE = "lounge", _("member lounge")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROOM)
    history = HistoricalRecords()

    class Meta(PlatformEntity.Meta):
        verbose_name = _("deliberation room")
        verbose_name_plural = _("deliberation rooms")
        indexes = [models.Index(fields=["committee", "founded_on"], name="room_committee_founded")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="room_unique_name",
                violation_error_message=_("This committee already has a room with this name."),
            ),
            dated_on_or_after_earliest("founded_on", "room_founded_on_valid"),
        ]


class StudyRoom(PlatformEntity):
    """A study room (学而书房) or book corner (书香政协): platform 3, 学而系列."""

    class Kind(models.TextChoices):
        STUDY_ROOM = "study_room", _("study room")
        BOOK_CORNER = "book_corner", _("book corner")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STUDY_ROOM)
    history = HistoricalRecords()

    class Meta(PlatformEntity.Meta):
        verbose_name = _("study room")
        verbose_name_plural = _("study rooms")
        indexes = [models.Index(fields=["committee", "founded_on"], name="study_room_committee_founded")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="study_room_unique_name",
                violation_error_message=_("This committee already has a study room with this name."),
            ),
            dated_on_or_after_earliest("founded_on", "study_room_founded_on_valid"),
        ]


class SectorGroup(models.Model):
    """A sector group (界别同心汇): platform 2. Spans sectors, is led by members, has a team."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="sector_groups")
    lead_members = models.ManyToManyField(
        Member, verbose_name=_("lead members"), blank=True, related_name="led_sector_groups"
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    objects = ActivitiesQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sectors, lead_members])

    class Meta:
        verbose_name = _("sector group")
        verbose_name_plural = _("sector groups")
        ordering = ["committee", "name"]
        indexes = [models.Index(fields=["committee", "founded_on"], name="group_committee_founded")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="sector_group_unique_name",
                violation_error_message=_("This committee already has a sector group with this name."),
            ),
            dated_on_or_after_earliest("founded_on", "sector_group_founded_on_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class ThroughGroupQuerySet(ThroughParentQuerySet):
    """A sector group's team members: as the group."""

    parent = "group"


class TeamMember(models.Model):
    """A team member (团队成员) of a sector group; named, and linked when they are a member."""

    group = models.ForeignKey(
        SectorGroup, verbose_name=_("sector group"), on_delete=models.CASCADE, related_name="team_members"
    )
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    workplace = models.CharField(_("workplace and title"), max_length=200, blank=True)
    objects = ThroughGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["group_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "name"],
                name="team_member_unique_name",
                violation_error_message=_("This group already has a team member with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An activity (履职活动): a meeting, consultation, inspection, gathering, lecture, visit …"""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("plenary meeting")
        STANDING_COMMITTEE = "standing_committee", _("standing committee meeting")
        THEMATIC_STANDING_COMMITTEE = "thematic_standing_committee", _("thematic standing committee meeting")
        THEMATIC_CONSULTATION = "thematic_consultation", _("thematic consultation")
        COUNTERPART_CONSULTATION = "counterpart_consultation", _("counterpart consultation")
        SECTOR_CONSULTATION = "sector_consultation", _("sector consultation")
        PROPOSAL_CONSULTATION = "proposal_consultation", _("proposal handling consultation")
        DEMOCRATIC_SUPERVISION = "democratic_supervision", _("democratic supervision")
        INSPECTION = "inspection", _("inspection and research")
        ROOM_DELIBERATION = "room_deliberation", _("deliberation room activity")
        SECTOR_GATHERING = "sector_gathering", _("sector group “4+X” gathering")
        LEARNING = "learning", _("learning activity")
        READING = "reading", _("reading activity")
        LECTURE = "lecture", _("CPPCC lecture")
        VISIT = "visit", _("visit")
        CHAIR_RECEPTION = "chair_reception", _("chair reception day")
        THREE_CONTACTS = "three_contacts", _("three contacts")
        PARTY_LEARNING = "party_learning", _("party learning session")
        CULTURE_SPORTS = "culture_sports", _("culture and sports event")

    # Counted together as 履职活动 on the report card.
    DUTY_KINDS = (
        Kind.PLENARY,
        Kind.STANDING_COMMITTEE,
        Kind.THEMATIC_STANDING_COMMITTEE,
        Kind.THEMATIC_CONSULTATION,
        Kind.COUNTERPART_CONSULTATION,
        Kind.SECTOR_CONSULTATION,
        Kind.PROPOSAL_CONSULTATION,
        Kind.DEMOCRATIC_SUPERVISION,
        Kind.INSPECTION,
        Kind.VISIT,
        Kind.CHAIR_RECEPTION,
        Kind.THREE_CONTACTS,
    )
    # Meetings whose members are invited as soon as the meeting is created.
    PLENARY_KINDS = (Kind.PLENARY,)
    STANDING_KINDS = (Kind.STANDING_COMMITTEE, Kind.THEMATIC_STANDING_COMMITTEE)

    class TopicSource(models.TextChoices):
        ASSIGNED = "assigned", _("assigned by the party and government")
        RECOMMENDED = "recommended", _("recommended by members")
        SOLICITED = "solicited", _("solicited from the public")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("activity", "title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    room = models.ForeignKey(
        DeliberationRoom,
        verbose_name=_("deliberation room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    sector_group = models.ForeignKey(
        SectorGroup,
        verbose_name=_("sector group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    study_room = models.ForeignKey(
        StudyRoom,
        verbose_name=_("study room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    topic_source = models.CharField(_("topic source"), max_length=20, choices=TopicSource.choices, blank=True)
    plan_task = models.BooleanField(_("consultation plan task"), default=False)
    completed = models.BooleanField(_("completed"), default=False)
    suggestions = models.PositiveIntegerField(_("suggestions made"), default=0)
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    problems_solved = models.PositiveIntegerField(_("problems solved"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    summary = models.TextField(_("summary or minutes"), blank=True)
    agenda = models.TextField(
        _("agenda"), blank=True, help_text=_("One item a line; shown in the meeting pack.")
    )
    objects = ActivitiesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [
            # The report card's year of activities read from the index alone, without the table.
            models.Index(
                fields=[
                    "committee",
                    "date",
                    "kind",
                    "plan_task",
                    "completed",
                    "problems_solved",
                    "people_reached",
                ],
                name="activity_committee_figures",
            ),
            models.Index(fields=["kind", "date"], name="activity_kind_date"),
            # A list's page of keys in its order (latest first), the committee read from the index.
            models.Index(fields=["date", "id", "committee"], name="activity_date_id"),
        ]
        constraints = [
            dated_on_or_after_earliest("date", "activity_date_valid"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="activity_times_in_order",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(plan_task=True),
                name="activity_completed_only_plan_tasks",
                violation_error_message=_("Only a consultation plan task can be marked completed."),
            ),
            models.CheckConstraint(
                condition=Q(suggestions__gte=0)
                & Q(problems_found__gte=0)
                & Q(problems_solved__gte=0)
                & Q(people_reached__gte=0),
                name="activity_counts_not_negative",
                violation_error_message=_("Counts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    def clean(self) -> None:
        errors = {}
        for field in ("room", "sector_group", "study_room"):
            entity = getattr(self, field)
            if entity is not None and self.committee_id and entity.committee_id != self.committee_id:
                errors[field] = _("It belongs to another committee.")
        if errors:
            raise ValidationError(errors)


class ActivityAttachmentQuerySet(AccessQuerySet):
    """An activity's materials: read by those who oversee its committee and by its participants
    (members on its list, in its committee); written by its committee's secretariat."""

    def allowed(self, access, action: str) -> QuerySet:
        committee = "activity__committee"
        if action != VIEW:
            return self.any_of(self.of_committees(access.manages, committee))
        participant = None
        if access.member_id is not None and access.member_of:
            participant = Q(
                activity__in=Attendance.objects.filter(member_id=access.member_id).values("activity_id")
            ) & self.of_committees(access.member_of, committee)
        return self.any_of(self.of_committees(access.oversees, committee), participant)


class ActivityAttachment(models.Model):
    """A file of an activity: minutes, photos, the signed sheet."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, validators=[validate_attachment])
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    objects = ActivityAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["activity_id", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        if not self.original_name and self.file:
            self.original_name = self.file.name.rsplit("/", 1)[-1][:200]
        super().save(*args, **kwargs)


class AttendanceQuerySet(AccessQuerySet):
    """Those who oversee an activity's committee read its whole list and its secretariat writes it;
    a member reads their own entry on the activities of their committee (asking for leave is a
    transition of the entry's lifecycle)."""

    def allowed(self, access, action: str) -> QuerySet:
        committee = "activity__committee"
        if action != VIEW:
            return self.any_of(self.of_committees(access.manages, committee))
        own = None
        if access.member_id is not None:
            own = Q(member_id=access.member_id) & self.of_committees(access.member_of, committee)
        return self.any_of(self.of_committees(access.oversees, committee), own)


class Attendance(models.Model):
    """A member's participation in an activity: invited, on leave, present or absent; spoke or not."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        LEAVE_REQUESTED = "leave_requested", _("leave requested")
        LEAVE_APPROVED = "leave_approved", _("leave approved")
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")

    # PROTECT: an activity with attendance (a member's duty record) is never deleted.
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    leave_reason = models.CharField(_("leave reason"), max_length=300, blank=True)
    spoke = models.BooleanField(_("spoke"), default=False)
    seat = models.CharField(_("seat"), max_length=50, blank=True)
    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity_id", "member_id"]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="attendance_unique_member",
                violation_error_message=_("This member is already on the list of this activity."),
            ),
            models.CheckConstraint(
                condition=Q(spoke=False) | Q(status="present"),
                name="attendance_spoke_only_present",
                violation_error_message=_("Only a member who was present can have spoken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"

    def clean(self) -> None:
        if self.activity_id and self.member_id and self.member.committee_id != self.activity.committee_id:
            raise ValidationError({"member": _("The member belongs to another committee.")})


class ThroughAttendanceQuerySet(ThroughParentQuerySet):
    """An attendance's timeline: as the attendance."""

    parent = "attendance"


class AttendanceTimelineEntry(TimelineEntry):
    """One transition of an attendance: leave asked, approved or refused, the sign-in recorded."""

    attendance = timeline_of(Attendance, _("attendance"))

    objects = ThroughAttendanceQuerySet.as_manager()

    class Meta(TimelineEntry.Meta):
        verbose_name = _("attendance timeline entry")
        verbose_name_plural = _("attendance timeline")
        indexes = [models.Index(fields=["attendance", "at"], name="attendance_timeline_at")]


class Publication(models.Model):
    """An article or post (协商"聊"亮, platform 5): where it appeared, at which level, when."""

    Level = Committee.Level  # the level of the medium: national, provincial, city or county

    class Channel(models.TextChoices):
        NEWSPAPER = "newspaper", _("newspaper")
        TV = "tv", _("television")
        RADIO = "radio", _("radio")
        WEBSITE = "website", _("website")
        WECHAT = "wechat", _("WeChat account")
        OTHER = "other", _("other")

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    title = models.CharField(pgettext_lazy("publication", "title"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), max_length=300, blank=True)
    objects = ActivitiesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-id"]
        indexes = [
            # The report card's year of publications read from the index alone, without the table.
            models.Index(
                fields=["committee", "published_on", "level", "channel", "id"],
                name="publication_committee_figures",
            ),
            models.Index(fields=["channel", "level"], name="publication_channel_level"),
            # A list's page of keys in its order (latest first), the committee read from the index.
            models.Index(fields=["published_on", "id", "committee"], name="publication_date_id"),
        ]
        constraints = [dated_on_or_after_earliest("published_on", "publication_date_valid")]

    def __str__(self) -> str:
        return self.title


class Visit(models.Model):
    """A visit (走访) to a chamber of commerce or a member enterprise, usually within an activity."""

    class Kind(models.TextChoices):
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("chamber of commerce")
        MEMBER_ENTERPRISE = "member_enterprise", _("member enterprise")

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    organisation = models.CharField(_("organisation visited"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    objects = ActivitiesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["committee", "date"], name="visit_committee_date")]
        constraints = [
            dated_on_or_after_earliest("date", "visit_date_valid"),
            models.UniqueConstraint(
                fields=["committee", "organisation", "date"],
                name="visit_unique_per_day",
                violation_error_message=_("This visit is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.organisation}"

    def clean(self) -> None:
        if self.activity_id and self.committee_id and self.activity.committee_id != self.committee_id:
            raise ValidationError({"activity": _("It belongs to another committee.")})
