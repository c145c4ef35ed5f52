"""The organisation: committees in a tree, their terms and sessions, sectors, special committees,
parties, members, handling units, and the roles users hold in committees."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc.core.crypto import SM3BlindIndexField, SM4EncryptedCharField
from cppcc.core.workflow import lifecycle_of_timeline

from .links import page_of
from .querysets import (
    AccountRecordsQuerySet,
    CalendarQuerySet,
    CommitteeQuerySet,
    CommitteeRecordsQuerySet,
    LogQuerySet,
    MemberQuerySet,
    OrganisationQuerySet,
    OwnQuerySet,
    PartyQuerySet,
    UserQuerySet,
)
from .validators import validate_id_number


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's account manager, with the visibility gate of ``UserQuerySet``."""

    use_in_migrations = True


class User(AbstractUser):
    """A login. What the user may do comes from their role assignments, not from Django groups."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    senior_mode = models.BooleanField(
        _("senior mode"),
        default=False,
        help_text=_("Large text and high contrast on every page (长辈模式), chosen by the user."),
    )
    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def get_short_name(self) -> str:
        """The name the admin greets (欢迎，张三) and signs changes with."""
        return self.name or self.first_name


class Committee(models.Model):
    """A CPPCC committee (政协组织) at one administrative level; committees form a tree."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county")

    RANK = {Level.NATIONAL: 0, Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3}

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="committee_not_own_parent",
                violation_error_message=_("A committee cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.level and self.RANK[self.parent.level] >= self.RANK[self.level]:
            raise ValidationError({"parent": _("The parent committee must be at a higher level.")})


class Term(models.Model):
    """A five-year term (届) of a committee."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="term_unique_number",
                violation_error_message=_("This committee already has a term with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="term_years_in_order",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.name}"


class Session(models.Model):
    """A yearly plenary session (次会议) of a term; proposals are numbered per session."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50)
    opened_on = models.DateField(_("opened on"))
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["committee", "-opened_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"],
                name="session_unique_number",
                violation_error_message=_("This term already has a session with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.name}"

    def clean(self) -> None:
        if self.term_id and self.committee_id and self.term.committee_id != self.committee_id:
            raise ValidationError({"term": _("The term belongs to another committee.")})


class Sector(models.Model):
    """A sector (界别) that members sit for."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="sector_unique_name",
                violation_error_message=_("This committee already has a sector with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SpecialCommittee(models.Model):
    """A special committee (专门委员会) of a committee."""

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("special committee")
        verbose_name_plural = _("special committees")
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="special_committee_unique_name",
                violation_error_message=_("This committee already has a special committee with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """A political affiliation (党派). Nationwide parties have no committee."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(committee__isnull=True),
                name="party_unique_national_name",
                violation_error_message=_("A nationwide party with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="party_unique_name",
                violation_error_message=_("This committee already has a party with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member (委员) of a committee in a term. Contact details are private: staff only."""

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        SECRETARY_GENERAL = "secretary_general", _("secretary general")
        STANDING = "standing", _("standing committee member")
        MEMBER = "member", _("member")

    # Shown to the secretariat only. Phone, address and ID number are SM4-encrypted at rest
    # (cppcc/core/crypto.py); the e-mail is not: it is the address notices go to, and the member's
    # account keeps it in plain text anyway (User.email, looked up by Django's password reset).
    PRIVATE_FIELDS = ("phone", "email", "address", "id_number")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="members"
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name=_("special committees"), blank=True, related_name="members"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    is_standing_committee = models.BooleanField(_("standing committee member"), default=False)
    workplace = models.CharField(_("workplace and title"), max_length=200, blank=True)
    phone = SM4EncryptedCharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = SM4EncryptedCharField(_("address"), max_length=200, blank=True)
    id_number = SM4EncryptedCharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    # Keyed SM3 digests of the phone and the ID number: the secretariat finds a member by either.
    phone_index = SM3BlindIndexField(_("phone digest"), source="phone")
    id_number_index = SM3BlindIndexField(_("ID number digest"), source="id_number")
    is_active = models.BooleanField(_("active"), default=True)
    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[special_committees], excluded_fields=["phone_index", "id_number_index"]
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["committee", "id"]
        indexes = [models.Index(fields=["committee", "name"], name="member_committee_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(position="member") | Q(is_standing_committee=True),
                name="member_leaders_sit_on_standing_committee",
                violation_error_message=_(
                    "Chairs, vice chairs, the secretary general and standing members "
                    "sit on the standing committee."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.term_id and self.committee_id and self.term.committee_id != self.committee_id:
            errors["term"] = _("The term belongs to another committee.")
        if self.sector_id and self.committee_id and self.sector.committee_id != self.committee_id:
            errors["sector"] = _("The sector belongs to another committee.")
        if self.party_id and self.party.committee_id not in (None, self.committee_id):
            errors["party"] = _("The party belongs to another committee.")
        self.id_number = self.id_number.upper()
        if errors:
            raise ValidationError(errors)


class HandlingUnit(models.Model):
    """A handling unit (承办单位): a department or body that answers proposals; its contacts log in."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government department")
        PARTY = "party", _("party organ")
        JUDICIAL = "judicial", _("court or procuratorate")
        PEOPLE_ORGANISATION = "people_organisation", _("people's organisation")
        OTHER = "other", _("other")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="handling_units"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.GOVERNMENT)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    duties = models.TextField(
        _("duties"),
        blank=True,
        help_text=_("What the unit is responsible for (职责); suggesting units reads it."),
    )
    assessment_order = models.PositiveSmallIntegerField(
        _("assessment order"),
        default=0,
        help_text=_("The unit's place in the committee's handling-unit assessment table (承办单位办理情况)."),
    )
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["committee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="handling_unit_unique_name",
                violation_error_message=_("This committee already has a handling unit with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday week (工作日历): a public holiday on a weekday, or a
    weekend day worked instead (调休上班). Nationwide, as the State Council publishes them each
    year; the secretariat keeps them. Every other Monday to Friday is a working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        WORKDAY = "workday", _("adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=30)
    objects = CalendarQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} · {self.get_kind_display()}"


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("secretariat")
    LEADER = "leader", _("leader")
    MEMBER = "member", _("member")
    HANDLING_UNIT = "handling_unit", _("handling unit")


class RoleAssignment(models.Model):
    """A role a user holds in a committee; a handling-unit contact also names the unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    objects = CommitteeRecordsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "committee", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"],
                name="role_assignment_unique",
                violation_error_message=_("This user already holds this role in this committee."),
            ),
            models.CheckConstraint(
                condition=(Q(role="handling_unit") & Q(handling_unit__isnull=False))
                | (~Q(role="handling_unit") & Q(handling_unit__isnull=True)),
                name="role_assignment_unit_iff_unit_role",
                violation_error_message=_("A handling-unit role names its unit; other roles name none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.committee} · {self.get_role_display()}"

    def clean(self) -> None:
        if (
            self.handling_unit_id
            and self.committee_id
            and self.handling_unit.committee_id != self.committee_id
        ):
            raise ValidationError({"handling_unit": _("The handling unit belongs to another committee.")})


class Notification(models.Model):
    """An in-app notification; the same message may also go by e-mail and a short one by SMS, as the
    user chose (``NotificationPreference``, ``cppcc.org.services.notify``). It names the object it
    is about; the site turns that into a link (``cppcc.org.links``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(_("message"), max_length=300)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about the kind of object"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("about the object"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.message

    @property
    def link(self) -> str:
        """The page that shows what the notification is about, or "" (nothing, or no page for it)."""
        if self.content_type_id is None:
            return ""
        return page_of(ContentType.objects.get_for_id(self.content_type_id).model_class(), self.object_id)


def timeline_of(model, verbose_name) -> models.ForeignKey:
    """A timeline's foreign key to its record: related name ``timeline``, and protecting (a record
    with a timeline is never deleted; it ends in a state instead)."""
    return models.ForeignKey(
        model, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="timeline"
    )


class TimelineEntry(models.Model):
    """One transition of a lifecycle: who, when, from which state to which, with the note.
    Each lifecycle keeps its own concrete timeline built on this, named ``<Thing>TimelineEntry``,
    with its foreign key to the record made by ``timeline_of``; the engine (``cppcc.core.workflow``)
    writes it."""

    # A default rather than auto_now_add: records that arrive with their history keep its times.
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        """``2024-03-01 10:00 立案 → 已立案（张三）``: the verb and the state in words, local time."""
        workflow = lifecycle_of_timeline(type(self))
        text = f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} "
        text += workflow.action_label(self.action) if workflow else self.action
        if workflow and self.to_state and self.to_state != self.from_state:
            text += f" → {workflow.label_of(self.to_state)}"
        return text + (f"（{self.actor}）" if self.actor_id else "")


class NotificationKind(models.TextChoices):
    """What a notification is about. It picks the SMS template, the parameters the message carries
    (``SMS_PARAMS``) and whether it goes by SMS whatever the user chose (``ALWAYS_SMS``)."""

    MEETING_NOTICE = "meeting_notice", _("meeting notice")
    MEETING_REMINDER = "meeting_reminder", _("meeting reminder")
    LEAVE_DECISION = "leave_decision", _("leave decision")
    REPLY_DUE = "reply_due", _("reply due")
    PROPOSAL_UPDATE = "proposal_update", _("proposal update")
    REPORT_UPDATE = "report_update", _("report update")
    GENERAL = "general", _("other notices")


ALWAYS_SMS = frozenset({NotificationKind.MEETING_NOTICE, NotificationKind.MEETING_REMINDER})
"""Kinds sent by SMS to every recipient whose phone is known, whatever their preferences."""

SMS_PARAMS: dict[str, tuple[str, ...]] = {
    NotificationKind.MEETING_NOTICE: ("title", "date", "place"),
    NotificationKind.MEETING_REMINDER: ("title", "date", "place"),
    NotificationKind.LEAVE_DECISION: ("title", "decision"),
    NotificationKind.REPLY_DUE: ("code", "date", "count"),
    NotificationKind.PROPOSAL_UPDATE: ("code", "title"),
    NotificationKind.REPORT_UPDATE: ("title",),
    NotificationKind.GENERAL: ("title",),
}
"""The only values a text message of each kind carries: its template's parameters."""


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in the platform")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")


class NotificationPreference(models.Model):
    """How a user wants notifications of one kind: in the platform, by e-mail, by SMS. Without a row
    the defaults hold (in the platform and by e-mail, not by SMS)."""

    DEFAULTS = {"in_app": True, "email": True, "sms": False}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the platform"), default=True)
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("text message"), default=False)

    objects = AccountRecordsQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class Delivery(models.Model):
    """One message sent (or not) by e-mail or SMS: to whom, of which kind, after how many attempts,
    the provider's id, the error. The phone is kept masked; the message itself is not kept."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("sent to"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = LogQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="delivery_user_at")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address} {self.get_status_display()}"


class SentReminder(models.Model):
    """A reminder claimed before it is sent: one row per kind, object, user and day, so that of
    several servers (or runs) sending the same reminder, only the one whose insert wins sends it."""

    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("about the kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("about the object"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    slot = models.DateField(_("for the day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = LogQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "user", "slot"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.slot}"
