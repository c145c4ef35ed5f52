"""The rule table of the duty-performance score (履职积分). The score itself is never stored: it is
computed from the records by ``selectors.py``, every point linked to the record that earned it."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc.core.years import OUT_OF_RANGE, sensible_year
from cppcc.org.models import Committee
from cppcc.org.querysets import CommitteeRecordsQuerySet


class Dimension(models.TextChoices):
    PARTY_BUILDING = "party_building", _("party building")
    DUTY = "duty", _("duty performance")
    CREDIT = "credit", _("credit")


class Item(models.TextChoices):
    """What a rule counts. Each code is computed from records in ``selectors.py``."""

    PLENARY_PRESENT = "plenary_present", _("plenary meeting attended")
    PLENARY_LEAVE = "plenary_leave", _("plenary meeting missed with approved leave")
    PLENARY_ABSENT = "plenary_absent", _("plenary meeting missed without leave")
    STANDING_PRESENT = "standing_present", _("standing committee meeting attended")
    STANDING_LEAVE = "standing_leave", _("standing committee meeting missed with approved leave")
    STANDING_ABSENT = "standing_absent", _("standing committee meeting missed without leave")
    PARTY_LEARNING_PRESENT = "party_learning_present", _("party learning session attended")
    LEARNING_PRESENT = "learning_present", _("political study session attended")
    ACTIVITY_PRESENT = "activity_present", _("other activity attended")
    ACTIVITY_ABSENT = "activity_absent", _("other activity missed without leave")
    SPEECH = "speech", _("speech at a meeting or activity")
    PROPOSAL_LEAD = "proposal_lead", _("registered proposal as lead proposer")
    PROPOSAL_COSIGNED = "proposal_cosigned", _("registered proposal as co-signer")
    PROPOSAL_KEY = "proposal_key", _("key proposal")
    PROPOSAL_EXCELLENT = "proposal_excellent", _("excellent proposal")
    PROPOSAL_QUALITY_EXCELLENT = "proposal_quality_excellent", _("proposal graded excellent by its unit")
    PROPOSAL_QUALITY_POOR = "proposal_quality_poor", _("proposal graded poor by its unit")
    OPINION_SUBMITTED = "opinion_submitted", _("opinion report submitted")
    OPINION_ADOPTED_CITY = "opinion_adopted_city", _("opinion report adopted at city level")
    OPINION_ADOPTED_PROVINCE = "opinion_adopted_province", _("opinion report adopted at province level")
    OPINION_ADOPTED_NATIONAL = "opinion_adopted_national", _("opinion report adopted at national level")
    OPINION_INSTRUCTED = "opinion_instructed", _("leader instruction on an opinion report")
    LEAVE_LATE = "leave_late", _("leave requested after the deadline")
    PROPOSAL_EMPTY = "proposal_empty", _("proposal not registered as too vague")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    COMPETENT = "competent", _("competent")
    TALK = "talk", _("talk")


# A leave request is late when it comes less than this many days before the activity's date
# (LEAVE_LATE): on the day of the activity or after it.
LEAVE_NOTICE_DAYS = 1

# The typical rules of DOMAIN.md ("Duty-performance score"): item → (dimension, points, yearly cap),
# in its three dimensions: 党建 (party building: 三会一课 and political study attended), 履职 (duty)
# and 信用 (credit: absences without leave, late leave requests, proposals rejected as too vague).
DEFAULT_RULES = {
    Item.PLENARY_PRESENT: (Dimension.DUTY, 50, None),
    Item.PLENARY_LEAVE: (Dimension.CREDIT, 30, None),
    Item.PLENARY_ABSENT: (Dimension.CREDIT, -30, None),
    Item.STANDING_PRESENT: (Dimension.DUTY, 30, None),
    Item.STANDING_ABSENT: (Dimension.CREDIT, -5, None),
    Item.PARTY_LEARNING_PRESENT: (Dimension.PARTY_BUILDING, 5, 20),
    Item.LEARNING_PRESENT: (Dimension.PARTY_BUILDING, 2, 10),
    Item.ACTIVITY_PRESENT: (Dimension.DUTY, 5, 30),
    Item.SPEECH: (Dimension.DUTY, 2, 10),
    Item.PROPOSAL_LEAD: (Dimension.DUTY, 15, None),
    Item.PROPOSAL_COSIGNED: (Dimension.DUTY, 5, None),
    Item.PROPOSAL_KEY: (Dimension.DUTY, 5, None),
    Item.PROPOSAL_EXCELLENT: (Dimension.DUTY, 10, None),
    Item.PROPOSAL_QUALITY_EXCELLENT: (Dimension.DUTY, 3, None),
    Item.PROPOSAL_QUALITY_POOR: (Dimension.CREDIT, -3, None),
    Item.OPINION_SUBMITTED: (Dimension.DUTY, 2, None),
    Item.OPINION_ADOPTED_CITY: (Dimension.DUTY, 10, None),
    Item.OPINION_ADOPTED_PROVINCE: (Dimension.DUTY, 20, None),
    Item.OPINION_ADOPTED_NATIONAL: (Dimension.DUTY, 40, None),
    Item.OPINION_INSTRUCTED: (Dimension.DUTY, 6, None),
    Item.ACTIVITY_ABSENT: (Dimension.CREDIT, -2, 10),
    Item.LEAVE_LATE: (Dimension.CREDIT, -2, 10),
    Item.PROPOSAL_EMPTY: (Dimension.CREDIT, -5, None),
}

GRADE_THRESHOLDS = ((Decimal(85), Grade.EXCELLENT), (Decimal(60), Grade.COMPETENT))


def grade_for(total: Decimal) -> str:
    for threshold, grade in GRADE_THRESHOLDS:
        if total >= threshold:
            return grade
    return Grade.TALK


class ScoreRule(models.Model):
    """One line of a committee's rule table for a year: what an item is worth, and its cap."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="score_rules"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("item"), max_length=40, choices=Item.choices)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    points = models.DecimalField(_("points per unit"), max_digits=6, decimal_places=1)
    cap = models.DecimalField(
        _("yearly cap"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The most this item can add (or take away) in a year; blank for no cap."),
    )
    objects = CommitteeRecordsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score rule")
        verbose_name_plural = _("score rules")
        ordering = ["committee", "-year", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "item"],
                name="score_rule_unique_item",
                violation_error_message=_("This committee already has a rule for this item in this year."),
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gte=0),
                name="score_rule_cap_not_negative",
                violation_error_message=_("A cap cannot be negative."),
            ),
            models.CheckConstraint(
                condition=sensible_year(),
                name="score_rule_year_sensible",
                violation_error_message=OUT_OF_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} {self.get_item_display()}"
