"""Organisation API: the current user, committees, sessions, sectors, special committees, parties,
members and handling units. All read-only: the secretariat edits them in the admin."""

import json

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cppcc.core.audit import private_fields_read
from cppcc.core.rest import PlannedSerializer, ReadOnlyViewSet, display

from . import selectors
from .filters import (
    CommitteeListFilter,
    HandlingUnitFilter,
    MemberFilter,
    PartyFilter,
    SectorFilter,
    SessionFilter,
    SpecialCommitteeFilter,
)
from .models import (
    Committee,
    HandlingUnit,
    Member,
    NotificationKind,
    Party,
    Sector,
    Session,
    SpecialCommittee,
)
from .roles import access_for
from .services import notification_preferences_set


class MeView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "display_name": serializers.CharField(),
                "roles": inline_serializer(
                    "MeRole",
                    {"role": serializers.CharField(), "committee": serializers.IntegerField()},
                    many=True,
                ),
                "member": serializers.IntegerField(allow_null=True),
                "handling_unit": serializers.IntegerField(allow_null=True),
            },
        )
    )
    def get(self, request):
        access = access_for(request.user)
        return Response(
            {
                "id": request.user.pk,
                "username": request.user.username,
                "display_name": request.user.display_name,
                "roles": [{"role": role, "committee": committee} for role, committee in access.roles],
                "member": access.member_id,
                "handling_unit": min(access.unit_ids) if access.unit_ids else None,
            }
        )


class NotificationPreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField(required=False)
    email = serializers.BooleanField(required=False)
    sms = serializers.BooleanField(required=False)
    sms_fixed = serializers.BooleanField(read_only=True, help_text="SMS always on for this kind.")


class NotificationPreferencesSerializer(serializers.Serializer):
    phone_on_record = serializers.BooleanField(read_only=True)
    preferences = NotificationPreferenceSerializer(many=True)


class NotificationPreferencesView(APIView):
    """The signed-in user's channels per kind of notification (in the platform, e-mail, SMS).
    PUT sets the kinds it names; a channel left out keeps its value; SMS of meeting notices and
    reminders stays on."""

    def _answer(self, user):
        return Response(
            {
                "phone_on_record": selectors.phone_on_record(user),
                "preferences": selectors.notification_channels(user),
            }
        )

    @extend_schema(responses=NotificationPreferencesSerializer)
    def get(self, request):
        return self._answer(request.user)

    @extend_schema(request=NotificationPreferencesSerializer, responses=NotificationPreferencesSerializer)
    def put(self, request):
        serializer = NotificationPreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        choices = {
            row["kind"]: {channel: row[channel] for channel in ("in_app", "email", "sms") if channel in row}
            for row in serializer.validated_data["preferences"]
        }
        notification_preferences_set(user=request.user, choices=choices, actor=request.user)
        return self._answer(request.user)


class CommitteeSerializer(PlannedSerializer):
    level_display = display("level")

    class Meta:
        model = Committee
        fields = ["id", "code", "name", "short_name", "level", "level_display", "parent"]


class SessionSerializer(PlannedSerializer):
    term_name = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "committee", "term", "term_name", "number", "name", "opened_on"]


class SectorSerializer(PlannedSerializer):
    class Meta:
        model = Sector
        fields = ["id", "committee", "name"]


class SpecialCommitteeSerializer(PlannedSerializer):
    class Meta:
        model = SpecialCommittee
        fields = ["id", "committee", "name"]


class PartySerializer(PlannedSerializer):
    class Meta:
        model = Party
        fields = ["id", "committee", "name"]


class MemberSerializer(PlannedSerializer):
    """Public fields for everyone who may read the directory; contact details for the secretariat."""

    gender_display = display("gender")
    position_display = display("position")
    sector_name = serializers.CharField(source="sector.name", read_only=True, default=None, allow_null=True)
    party_name = serializers.CharField(source="party.name", read_only=True, default=None, allow_null=True)
    phone = serializers.CharField(required=False, help_text="Secretariat only.")
    email = serializers.CharField(required=False, help_text="Secretariat only.")
    address = serializers.CharField(required=False, help_text="Secretariat only.")
    id_number = serializers.CharField(required=False, help_text="Secretariat only (居民身份证号).")

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "committee",
            "term",
            "sector",
            "sector_name",
            "party",
            "party_name",
            "special_committees",
            "position",
            "position_display",
            "is_standing_committee",
            "workplace",
            "is_active",
            "phone",
            "email",
            "address",
            "id_number",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not selectors.may_see_private_data(self.context["request"].user, instance):
            for field in Member.PRIVATE_FIELDS:
                data.pop(field)
        return data


class HandlingUnitSerializer(PlannedSerializer):
    kind_display = display("kind")

    class Meta:
        model = HandlingUnit
        fields = ["id", "committee", "name", "kind", "kind_display", "is_active"]


class CommitteeViewSet(ReadOnlyViewSet):
    queryset = Committee.objects.all()
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeListFilter
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["id", "name", "level"]


class SessionViewSet(ReadOnlyViewSet):
    queryset = Session.objects.select_related("term")
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ["name"]
    ordering_fields = ["id", "opened_on", "number"]


class SectorViewSet(ReadOnlyViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    filterset_class = SectorFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name", "order"]


class SpecialCommitteeViewSet(ReadOnlyViewSet):
    queryset = SpecialCommittee.objects.all()
    serializer_class = SpecialCommitteeSerializer
    filterset_class = SpecialCommitteeFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name", "order"]


class PartyViewSet(ReadOnlyViewSet):
    queryset = Party.objects.all()
    serializer_class = PartySerializer
    filterset_class = PartyFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name", "order"]


class MemberViewSet(ReadOnlyViewSet):
    """The member directory. A page or a member shown with private fields (to the secretariat) is
    announced to the audit log, once per request with every member shown, whether the response was
    built or came from the response cache."""

    queryset = Member.objects.select_related("sector", "party").prefetch_related("special_committees")
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    search_fields = ["name", "workplace"]
    ordering_fields = ["id", "name", "position"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and self.action in ("list", "retrieve"):
            members = shown_with_private_fields(response)
            if members:
                private_fields_read.send(
                    sender=Member, user=request.user, request=request, members=members, where=request.path
                )
        return response


def shown_with_private_fields(response) -> list[tuple[int, int]]:
    """The ``(id, committee)`` of the members a member response shows with private fields."""
    data = response.data if hasattr(response, "data") else json.loads(response.content)
    if isinstance(data, dict):
        data = data.get("results", [data])
    private = Member.PRIVATE_FIELDS[0]
    return [(row["id"], row["committee"]) for row in data if isinstance(row, dict) and private in row]


class HandlingUnitViewSet(ReadOnlyViewSet):
    queryset = HandlingUnit.objects.all()
    serializer_class = HandlingUnitSerializer
    filterset_class = HandlingUnitFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name"]


def register(router) -> None:
    router.register("committees", CommitteeViewSet, basename="committee")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("sectors", SectorViewSet, basename="sector")
    router.register("special-committees", SpecialCommitteeViewSet, basename="special-committee")
    router.register("parties", PartyViewSet, basename="party")
    router.register("members", MemberViewSet, basename="member")
    router.register("handling-units", HandlingUnitViewSet, basename="handling-unit")
