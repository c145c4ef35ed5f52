import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from cppcc.core.rest import YearFilterMixin
from cppcc.org.filters import CommitteeFilterSet

from .models import Activity, Attendance, DeliberationRoom, Publication, SectorGroup, StudyRoom, Visit


class ActivityFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "date"
    room = django_filters.NumberFilter(label=_("deliberation room"))
    sector_group = django_filters.NumberFilter(label=_("sector group"))
    study_room = django_filters.NumberFilter(label=_("study room"))
    member = django_filters.NumberFilter(method="filter_member", label=_("member"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = Activity
        fields = ["kind", "topic_source", "plan_task", "completed"]

    def filter_member(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Activities the member is on the list of (invited, on leave, present or absent)."""
        return queryset.filter(Exists(Attendance.objects.filter(activity=OuterRef("pk"), member_id=value)))


class RoomFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "founded_on"

    class Meta:
        model = DeliberationRoom
        fields = ["kind", "is_active"]


class StudyRoomFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "founded_on"

    class Meta:
        model = StudyRoom
        fields = ["kind", "is_active"]


class SectorGroupFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "founded_on"
    sector = django_filters.NumberFilter(field_name="sectors", label=_("sector"))

    class Meta:
        model = SectorGroup
        fields = ["is_active"]


class PublicationFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "published_on"

    class Meta:
        model = Publication
        fields = ["level", "channel"]


class VisitFilter(YearFilterMixin, CommitteeFilterSet):
    year_field = "date"
    activity = django_filters.NumberFilter(label=_("activity"))

    class Meta:
        model = Visit
        fields = ["kind"]
