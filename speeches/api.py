"""Speeches API: ``/api/speeches/`` (list, create, retrieve, edit while a draft) with the lifecycle
actions ``submit``, ``return``, ``select`` and ``reject``, attachments, and a meeting's selected
speeches ``/api/activities/{id}/speeches/`` as JSON or as the Word compilation (``format=docx``)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cppcc.core.downloads import DOCX
from cppcc.core.files import DOWNLOAD_RESPONSES, attachment_download
from cppcc.core.querysets import VIEW
from cppcc.core.rest import JSONOnly, VisibleModelViewSet, display
from cppcc.core.schema import NOT_FOUND
from cppcc.org.models import Member, Party, Sector, SpecialCommittee
from cppcc.org.roles import access_for
from platforms.models import Activity

from . import selectors, services
from .documents import compilation_response
from .filters import SpeechFilter
from .models import Mode, Speech, SpeechAttachment, SpeechTimelineEntry


class VisibleField(serializers.PrimaryKeyRelatedField):
    """A foreign key the requesting user may read: another id is as unknown as a missing one."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.context["request"].user, VIEW)


class SpeechAttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = SpeechAttachment
        fields = ["id", "name", "uploaded_at"]


class SpeechSerializer(serializers.ModelSerializer):
    activity = VisibleField(queryset=Activity.objects.all())
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    author = VisibleField(queryset=Member.objects.all(), required=False, allow_null=True)
    author_sector = VisibleField(queryset=Sector.objects.all(), required=False, allow_null=True)
    author_party = VisibleField(queryset=Party.objects.all(), required=False, allow_null=True)
    author_special_committee = VisibleField(
        queryset=SpecialCommittee.objects.all(), required=False, allow_null=True
    )
    speaker = serializers.CharField(read_only=True)
    state_display = display("state")
    # Blank until the speech is selected (a read-only field of the model would lose allow_blank).
    mode = serializers.ChoiceField(choices=Mode.choices, allow_blank=True, read_only=True)
    mode_display = display("mode")
    attachments = SpeechAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Speech
        fields = [
            "id",
            "committee",
            "activity",
            "activity_title",
            "title",
            "content",
            "author",
            "author_sector",
            "author_party",
            "author_special_committee",
            "speaker",
            "state",
            "state_display",
            "mode",
            "mode_display",
            "order",
            "note",
            "created_at",
            "submitted_at",
            "decided_at",
            "attachments",
        ]
        read_only_fields = ["committee", "state", "mode", "order", "note", "submitted_at", "decided_at"]


class SpeechUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speech
        fields = ["title", "content"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class SelectSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=Mode.choices)


class OrderSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1, max_value=999)


class SpeechAttachmentInput(serializers.Serializer):
    file = serializers.FileField()


class SpeechTimelineSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = SpeechTimelineEntry
        fields = ["at", "actor", "action", "from_state", "to_state", "note"]


def parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class SpeechViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    VisibleModelViewSet,
):
    """Speeches at meetings (大会发言). Members read their own and their collectives' in every state,
    and the selected speeches of their committee; secretariat and leaders every speech of their
    committees and those below. New speeches are drafts."""

    queryset = Speech.objects.all()
    serializer_class = SpeechSerializer
    filterset_class = SpeechFilter
    search_fields = ["title", "content", "author__name"]
    ordering_fields = ["id", "submitted_at", "order", "title"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.speech_list(super().get_queryset())

    def _reload(self, speech) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=speech.pk)).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        speech = services.speech_create(actor=request.user, **serializer.validated_data)
        response = self._reload(speech)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=SpeechUpdateSerializer, responses=SpeechSerializer)
    def partial_update(self, request, *args, **kwargs):
        speech = self.get_object()
        body = SpeechUpdateSerializer(speech, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.speech_update(speech=speech, actor=request.user, **body.validated_data)
        return self._reload(speech)

    @extend_schema(request=SpeechUpdateSerializer, responses=SpeechSerializer)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=SpeechSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._reload(services.speech_submit(speech=self.get_object(), actor=request.user))

    @extend_schema(request=NoteSerializer, responses=SpeechSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        speech = self.get_object()
        return self._reload(
            services.speech_return(speech=speech, actor=request.user, **parse(NoteSerializer, request))
        )

    @extend_schema(request=SelectSerializer, responses=SpeechSerializer)
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        speech = self.get_object()
        return self._reload(
            services.speech_select(speech=speech, actor=request.user, **parse(SelectSerializer, request))
        )

    @extend_schema(request=NoteSerializer, responses=SpeechSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        speech = self.get_object()
        return self._reload(
            services.speech_reject(speech=speech, actor=request.user, **parse(NoteSerializer, request))
        )

    @extend_schema(request=OrderSerializer, responses=SpeechSerializer)
    @action(detail=True, methods=["post"])
    def order(self, request, pk=None):
        speech = self.get_object()
        return self._reload(
            services.speech_order(speech=speech, actor=request.user, **parse(OrderSerializer, request))
        )

    @extend_schema(
        request={"multipart/form-data": SpeechAttachmentInput}, responses={201: SpeechAttachmentSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        speech = self.get_object()
        data = parse(SpeechAttachmentInput, request)
        attachment = services.speech_attach(speech=speech, file=data["file"], actor=request.user)
        return Response(SpeechAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def attachment(self, request, pk=None, attachment_id=None):
        """The file of one of the speech's attachments; 404 unless the user reads the speech."""
        speech = self.get_object()
        return attachment_download(speech.attachments.all(), attachment_id)

    @extend_schema(responses=SpeechTimelineSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        speech = self.get_object()
        entries = speech.timeline.select_related("actor").order_by("at", "id")
        return Response(SpeechTimelineSerializer(entries, many=True).data)


class SelectedSpeechSerializer(serializers.ModelSerializer):
    speaker = serializers.CharField(read_only=True)
    mode_display = display("mode")

    class Meta:
        model = Speech
        fields = ["id", "mode", "mode_display", "order", "title", "speaker"]


class CompilationView(GenericAPIView):
    """A meeting's selected speeches, oral ones first, each mode in its order: as JSON (those the
    user reads), or with ``format=docx`` as the Word compilation (发言汇编), for those who oversee the
    meeting's committee (secretariat and leaders)."""

    serializer_class = SelectedSpeechSerializer
    content_negotiation_class = JSONOnly
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "docx"])],
        responses={
            (200, "application/json"): SelectedSpeechSerializer(many=True),
            (200, DOCX): OpenApiResponse(
                OpenApiTypes.BINARY, description="The compilation as a Word document."
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int):
        activity = get_object_or_404(Activity.objects.restrict(request.user, VIEW), pk=pk)
        output = request.query_params.get("format", "json")
        if output not in ("json", "docx"):
            raise exceptions.ValidationError({"format": [_("Choose one of the formats json and docx.")]})
        speeches = list(selectors.selected_for(activity, request.user))
        if output == "docx":
            if activity.committee_id not in access_for(request.user).oversees:
                raise exceptions.PermissionDenied(
                    _("Only the secretariat and leaders export the compilation.")
                )
            return compilation_response(activity, speeches)
        return Response(SelectedSpeechSerializer(speeches, many=True).data)


def register(router) -> None:
    router.register("speeches", SpeechViewSet, basename="speech")
