"""Activities with attendance, and the platform lists: rooms, sector groups, study rooms,
publications and visits. Writes go through ``services``; every read through the visibility gate."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cppcc.core.files import DOWNLOAD_RESPONSES, attachment_download
from cppcc.core.querysets import CHANGE, VIEW
from cppcc.core.rest import PlannedSerializer, ReadOnlyViewSet, VisibleModelViewSet, display, listed
from cppcc.org.models import Member
from cppcc.org.roles import access_for

from . import checkin, selectors, services
from .filters import (
    ActivityFilter,
    PublicationFilter,
    RoomFilter,
    SectorGroupFilter,
    StudyRoomFilter,
    VisitFilter,
)
from .models import (
    Activity,
    ActivityAttachment,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    Visit,
)


class ActivityAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")


class ActivitySerializer(PlannedSerializer):
    kind_display = display("kind")
    topic_source_display = display("topic_source")
    participants_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Members recorded present."
    )
    attachments = ActivityAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "committee",
            "kind",
            "kind_display",
            "title",
            "topic",
            "date",
            "starts_at",
            "ends_at",
            "venue",
            "room",
            "sector_group",
            "study_room",
            "topic_source",
            "topic_source_display",
            "plan_task",
            "completed",
            "suggestions",
            "problems_found",
            "problems_solved",
            "people_reached",
            "summary",
            "agenda",
            "participants_count",
            "attachments",
        ]
        # The model's constraints are checked by the service (full_clean), in Chinese.
        validators = []


class AttendanceSerializer(PlannedSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    status_display = display("status")

    class Meta:
        model = Attendance
        fields = ["member", "name", "status", "status_display", "spoke", "leave_reason", "seat"]


class AttendanceWriteSerializer(serializers.Serializer):
    """Secretariat: ``{"member", "status", "spoke"?}``; a member for themself:
    ``{"status": "leave_requested", "reason"}``."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), required=False)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    spoke = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


def one_or_many(serializer_class) -> PolymorphicProxySerializer:
    """In the schema: one object of ``serializer_class`` or a list of them (a write of one entry
    answers the entry, a write of a list the list)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return PolymorphicProxySerializer(
        component_name=f"{name}OneOrMany",
        serializers=[serializer_class, serializer_class(many=True)],
        resource_type_field_name=None,
        many=False,
    )


class CheckInCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The signed token of the current 30-second slot.")
    url = serializers.URLField(help_text="The portal page the QR code opens, carrying the code.")
    expires_at = serializers.DateTimeField(help_text="When the next code replaces this one.")
    open = serializers.BooleanField(help_text="Whether check-in is open now (the activity's window).")
    svg = serializers.CharField(help_text="The QR code of ``url``, an inline <svg> element.")


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=2000, help_text="The code read from the meeting's QR code.")


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    VisibleModelViewSet,
):
    """Activities of the committees the user reads. The secretariat creates and edits those of its
    own committee; plenary and standing-committee meetings invite their members when created."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    # A detail reads, of these tables, only its own record's rows and those naming it.
    cached_by_record = True
    filterset_class = ActivityFilter
    search_fields = ["title", "topic", "venue"]
    ordering_fields = ["id", "date", "kind", "problems_solved", "people_reached"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    uncached_actions = ("checkin_code",)

    def get_queryset(self):
        materials = ActivityAttachment.objects.restrict(self.request.user, VIEW)
        prefetch = listed if self.action == "list" else Prefetch
        return selectors.activity_list(super().get_queryset()).prefetch_related(
            prefetch("attachments", queryset=materials)
        )

    def perform_create(self, serializer):
        serializer.instance = services.activity_create(
            activity=Activity(**serializer.validated_data), actor=self.request.user
        )

    def perform_update(self, serializer):
        serializer.instance = services.activity_update(
            activity=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def _fresh(self, activity: Activity) -> Activity:
        return self.get_queryset().get(pk=activity.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(
            self.get_serializer(self._fresh(serializer.instance)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.get_serializer(self._fresh(serializer.instance)).data)

    @extend_schema(methods=["GET"], responses=AttendanceSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=one_or_many(AttendanceWriteSerializer),
        responses=one_or_many(AttendanceSerializer),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def attendance(self, request, pk=None):
        """``GET``: the attendance list (a member sees their own entry). ``POST``: the secretariat
        records one entry, or a list of them for the whole activity at once; a member asks for leave."""
        activity = self.get_object()
        if request.method == "GET":
            entries = Attendance.objects.restrict(request.user, VIEW).filter(activity=activity)
            return Response(
                AttendanceSerializer(entries.select_related("member").order_by("member_id"), many=True).data
            )
        many = isinstance(request.data, list)
        write = AttendanceWriteSerializer(data=request.data, many=many)
        write.is_valid(raise_exception=True)
        if many or Activity.objects.restrict(request.user, CHANGE).filter(pk=activity.pk).exists():
            rows = write.validated_data if many else [write.validated_data]
            for row in rows:
                if "member" not in row:
                    raise exceptions.ValidationError({"member": [_("This field is required.")]})
            saved = services.attendance_record_many(
                activity=activity,
                rows=[{**row, "leave_reason": row.get("reason")} for row in rows],
                actor=request.user,
            )
            data = AttendanceSerializer(saved, many=True).data
            return Response(data if many else data[0])
        return Response(AttendanceSerializer(self._request_leave(activity, write.validated_data)).data)

    def _request_leave(self, activity: Activity, data: dict) -> Attendance:
        member_id = access_for(self.request.user).member_id
        named = data.get("member")
        if member_id is None or (named is not None and named.pk != member_id):
            raise exceptions.PermissionDenied(_("A member may only request leave for themself."))
        if data["status"] != Attendance.Status.LEAVE_REQUESTED:
            raise exceptions.PermissionDenied(_("A member may only request leave."))
        return services.attendance_request_leave(
            activity=activity,
            member=Member.objects.get(pk=member_id),
            reason=data.get("reason", ""),
            actor=self.request.user,
        )

    @extend_schema(responses=CheckInCodeSerializer)
    @action(
        detail=True, methods=["get"], url_path="checkin-code", pagination_class=None, filterset_class=None
    )
    def checkin_code(self, request, pk=None):
        """The secretariat's check-in code for the screen: it changes every 30 seconds."""
        activity = self.get_object()
        if not Activity.objects.restrict(request.user, CHANGE).filter(pk=activity.pk).exists():
            raise exceptions.PermissionDenied(_("You may not do this."))
        return Response(CheckInCodeSerializer(checkin.code_for_screen(request, activity)).data)

    @extend_schema(request=CheckInSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filterset_class=None)
    def checkin(self, request, pk=None):
        """A member on the activity's list checks in with the code of its QR code: present, once
        (a second time is 409). A code that is forged, stale, for another activity or out of the
        activity's time is 400 ``{"code": [reason]}``."""
        activity = self.get_object()
        body = CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attendance = services.attendance_check_in(
            activity=activity, code=body.validated_data["code"], actor=request.user
        )
        return Response(AttendanceSerializer(attendance).data)

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    @action(
        detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)", filterset_class=None
    )
    def attachment(self, request, pk=None, attachment_id=None):
        """Download an attachment of an activity the user may read."""
        return attachment_download(self.get_object().attachments.restrict(request.user, VIEW), attachment_id)


class PlatformEntitySerializer(PlannedSerializer):
    """Rooms and study rooms: a place in a county, township or street, of one kind or another."""

    kind_display = display("kind")

    class Meta:
        fields = [
            "id",
            "committee",
            "name",
            "kind",
            "kind_display",
            "location",
            "address",
            "founded_on",
            "is_active",
        ]


class RoomSerializer(PlatformEntitySerializer):
    class Meta(PlatformEntitySerializer.Meta):
        model = DeliberationRoom


class StudyRoomSerializer(PlatformEntitySerializer):
    class Meta(PlatformEntitySerializer.Meta):
        model = StudyRoom


class SectorGroupSerializer(PlannedSerializer):
    sector_names = serializers.SerializerMethodField()
    lead_member_names = serializers.SerializerMethodField()
    team_members_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SectorGroup
        fields = [
            "id",
            "committee",
            "name",
            "sectors",
            "sector_names",
            "lead_members",
            "lead_member_names",
            "team_members_count",
            "founded_on",
            "is_active",
        ]

    def get_sector_names(self, group) -> list[str]:
        return [sector.name for sector in group.sectors.all()]

    def get_lead_member_names(self, group) -> list[str]:
        return [member.name for member in group.lead_members.all()]


class PublicationSerializer(PlannedSerializer):
    level_display = display("level")
    channel_display = display("channel")

    class Meta:
        model = Publication
        fields = [
            "id",
            "committee",
            "title",
            "outlet",
            "level",
            "level_display",
            "channel",
            "channel_display",
            "published_on",
            "url",
        ]


class VisitSerializer(PlannedSerializer):
    kind_display = display("kind")

    class Meta:
        model = Visit
        fields = ["id", "committee", "organisation", "kind", "kind_display", "date", "activity"]


class RoomViewSet(ReadOnlyViewSet):
    queryset = DeliberationRoom.objects.all()
    serializer_class = RoomSerializer
    filterset_class = RoomFilter
    search_fields = ["name", "location"]
    ordering_fields = ["id", "name", "founded_on"]


class StudyRoomViewSet(ReadOnlyViewSet):
    queryset = StudyRoom.objects.all()
    serializer_class = StudyRoomSerializer
    filterset_class = StudyRoomFilter
    search_fields = ["name", "location"]
    ordering_fields = ["id", "name", "founded_on"]


class SectorGroupViewSet(ReadOnlyViewSet):
    queryset = SectorGroup.objects.all()
    serializer_class = SectorGroupSerializer
    filterset_class = SectorGroupFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name", "founded_on"]

    def get_queryset(self):
        return selectors.sector_group_list(super().get_queryset())


class PublicationViewSet(ReadOnlyViewSet):
    queryset = Publication.objects.all()
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    search_fields = ["title", "outlet"]
    ordering_fields = ["id", "published_on"]


class VisitViewSet(ReadOnlyViewSet):
    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    search_fields = ["organisation"]
    ordering_fields = ["id", "date"]


def register(router) -> None:
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("rooms", RoomViewSet, basename="room")
    router.register("sector-groups", SectorGroupViewSet, basename="sector-group")
    router.register("study-rooms", StudyRoomViewSet, basename="study-room")
    router.register("publications", PublicationViewSet, basename="publication")
    router.register("visits", VisitViewSet, basename="visit")
