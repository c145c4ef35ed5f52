"""Proposals API (API.md, "Proposals"): list, create, edit drafts, the workflow actions, history,
similar proposals and attachments. Every write calls one service."""

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cppcc.accounts.throttles import AddressRateThrottle
from cppcc.core.downloads import DOCX
from cppcc.core.querysets import CHANGE, VIEW
from cppcc.core.rest import JSONOnly, PlannedSerializer, VisibleModelViewSet, display, listed
from cppcc.core.schema import NOT_FOUND
from cppcc.org.models import Committee, HandlingUnit, Member, Party, Sector, Session, SpecialCommittee
from cppcc.org.roles import access_for

from . import selectors, services
from .documents import reply_letter_response
from .filters import LeadFilter, ProposalFilter
from .models import (
    Assignment,
    Attachment,
    Category,
    Contact,
    ContactMethod,
    Cosignature,
    Feedback,
    Kind,
    Lead,
    Objection,
    Proposal,
    ProposalTimelineEntry,
    QualityGrade,
    QualityRating,
    RejectionReason,
    Reply,
    ReplyCategory,
    ReplyLabel,
    Satisfaction,
    UnitOpinion,
)

SPONSOR_MODELS = {Kind.SECTOR: Sector, Kind.PARTY: Party, Kind.SPECIAL_COMMITTEE: SpecialCommittee}


class CosignatureSerializer(PlannedSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    status_display = display("status")

    class Meta:
        model = Cosignature
        fields = ["member", "name", "status", "status_display"]


class AssignmentSerializer(PlannedSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_display = display("role")
    replied = serializers.BooleanField(read_only=True)
    due_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "unit",
            "unit_name",
            "role",
            "role_display",
            "assigned_at",
            "due_on",
            "extension_reason",
            "due_reason",
            "replied",
        ]

    assigned_at = serializers.DateField(source="assigned_on", read_only=True)


class ObjectionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    suggested_unit_name = serializers.CharField(
        source="suggested_unit.name", read_only=True, default=None, allow_null=True
    )
    outcome_display = display("outcome")

    class Meta:
        model = Objection
        fields = [
            "id",
            "proposal",
            "unit",
            "unit_name",
            "reason",
            "suggested_unit",
            "suggested_unit_name",
            "raised_at",
            "outcome",
            "outcome_display",
            "resolved_at",
            "note",
        ]


class ReplySerializer(PlannedSerializer):
    category_display = serializers.SerializerMethodField()
    status_display = display("status")

    class Meta:
        model = Reply
        fields = [
            "id",
            "unit",
            "category",
            "category_display",
            "content",
            "replied_at",
            "signer",
            "contact_person",
            "contact_phone",
            "co_units_note",
            "status",
            "status_display",
            "review_note",
            "reviewed_at",
        ]

    def get_category_display(self, reply: Reply) -> str:
        labels = self.context.get("reply_labels", {})
        return labels.get((reply.proposal_committee, reply.category)) or str(reply.get_category_display())


class ContactSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    method_display = display("method")
    answer_display = display("answer")
    recorded_by = serializers.CharField(
        source="recorded_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "unit",
            "unit_name",
            "date",
            "method",
            "method_display",
            "summary",
            "recorded_by",
            "recorded_at",
            "answer",
            "answer_display",
            "answer_comment",
            "answered_at",
        ]
        read_only_fields = fields


class UnitOpinionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitOpinion
        fields = ["id", "unit", "unit_name", "content", "at"]
        read_only_fields = fields


class QualityRatingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    grade_display = display("grade")

    class Meta:
        model = QualityRating
        fields = ["id", "unit", "unit_name", "grade", "grade_display", "comment", "at"]
        read_only_fields = fields


class FeedbackSerializer(PlannedSerializer):
    satisfaction_display = display("satisfaction")

    class Meta:
        model = Feedback
        fields = ["member", "satisfaction", "satisfaction_display", "comment", "at"]


class AttachmentSerializer(PlannedSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "reply", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        return reverse("proposals:attachment", args=[attachment.pk])


class ProposalSerializer(PlannedSerializer):
    """A proposal as every client reads it."""

    code = serializers.CharField(read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    kind_display = display("kind")
    state_display = display("state")
    proposer_name = serializers.CharField(
        source="proposer.name", read_only=True, default=None, allow_null=True
    )
    sponsor = serializers.IntegerField(source="sponsor_id", read_only=True, allow_null=True)
    sponsor_name = serializers.SerializerMethodField()
    cosignatures = CosignatureSerializer(many=True, read_only=True)
    proposers = serializers.SerializerMethodField()
    rejection_reason = serializers.ChoiceField(
        choices=RejectionReason.choices, allow_blank=True, read_only=True
    )
    rejection_reason_display = display("rejection_reason")
    assignments = AssignmentSerializer(many=True, read_only=True)
    replies = ReplySerializer(many=True, read_only=True)
    feedback = FeedbackSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "committee",
            "session",
            "number",
            "code",
            "title",
            "content",
            "category",
            "category_name",
            "kind",
            "kind_display",
            "proposer",
            "proposer_name",
            "sponsor",
            "sponsor_name",
            "cosignatures",
            "proposers",
            "suggested_units",
            "during_plenary",
            "publish_consent",
            "state",
            "state_display",
            "rejection_reason",
            "rejection_reason_display",
            "rejection_note",
            "created_at",
            "submitted_at",
            "registered_at",
            "closed_at",
            "is_key",
            "supervisors",
            "is_excellent",
            "is_published",
            "merged_into",
            "converted_opinion",
            "assignments",
            "replies",
            "feedback",
            "attachments",
            "overdue",
        ]
        read_only_fields = fields

    def get_sponsor_name(self, proposal: Proposal) -> str | None:
        sponsor = proposal.sponsor
        return sponsor.name if sponsor else None

    def get_proposers(self, proposal: Proposal) -> list[int]:
        return selectors.credited_members(proposal)


class ProposalCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=20000)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.INDIVIDUAL)
    proposer = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), required=False)
    sponsor = serializers.IntegerField(required=False, min_value=1)
    cosigners = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )
    suggested_units = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), many=True, required=False
    )
    during_plenary = serializers.BooleanField(default=True)
    publish_consent = serializers.BooleanField(default=True)

    def validate(self, data):
        model = SPONSOR_MODELS.get(data["kind"])
        if model is None:
            if "sponsor" in data:
                raise serializers.ValidationError(
                    {"sponsor": _("Only a collective proposal names a sponsor.")}
                )
            return data
        if "sponsor" not in data:
            raise serializers.ValidationError({"sponsor": _("Name the sector, party or special committee.")})
        data["sponsor"] = model.objects.filter(pk=data["sponsor"]).first()
        if data["sponsor"] is None:
            raise serializers.ValidationError({"sponsor": _("No such sponsor.")})
        return data


class ProposalUpdateSerializer(serializers.Serializer):
    """What a proposer may change in a draft, and what the secretariat may set at any time."""

    title = serializers.CharField(max_length=200, required=False)
    content = serializers.CharField(max_length=20000, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False)
    during_plenary = serializers.BooleanField(required=False)
    publish_consent = serializers.BooleanField(required=False)
    suggested_units = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), many=True, required=False
    )
    cosigners = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )
    is_key = serializers.BooleanField(required=False)
    supervisors = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True, required=False)
    is_excellent = serializers.BooleanField(required=False)
    is_published = serializers.BooleanField(required=False)

    FLAGS = ("is_key", "supervisors", "is_excellent", "is_published")


class CosignInput(serializers.Serializer):
    accept = serializers.BooleanField()


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RejectInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RejectionReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    convert_to = serializers.ChoiceField(
        choices=[("opinion", _("opinion report"))], required=False, allow_null=True, default=None
    )


class MergeInput(serializers.Serializer):
    into = serializers.IntegerField(min_value=1)


class UnitRoleInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())
    role = serializers.ChoiceField(choices=Assignment.Role.choices)


class AssignInput(serializers.Serializer):
    units = UnitRoleInput(many=True, allow_empty=False, max_length=50)
    due_on = serializers.DateField(required=False)


class ExtendInput(serializers.Serializer):
    due_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)
    unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False)


class ReplyInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=ReplyCategory.choices)
    content = serializers.CharField(max_length=20000)
    signer = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False)
    co_units_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReviewInput(serializers.Serializer):
    reply = serializers.IntegerField(min_value=1)


class ReturnReplyInput(ReviewInput):
    note = serializers.CharField(max_length=2000)


class ContactInput(serializers.Serializer):
    date = serializers.DateField()
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    summary = serializers.CharField(max_length=5000)
    unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False)


class ContactAnswerInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class UnitOpinionInput(serializers.Serializer):
    content = serializers.CharField(max_length=20000)


class QualityInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=QualityGrade.choices)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReplyLetterInput(serializers.Serializer):
    reply = serializers.IntegerField()


class FeedbackInput(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ObjectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    suggested_unit = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), required=False, allow_null=True, default=None
    )


class ReassignInput(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())
    co_units = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), many=True, required=False
    )
    separate_units = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), many=True, required=False
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class CloseInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class UnpublishInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField()
    reply = serializers.IntegerField(min_value=1, required=False)


class HistorySerializer(PlannedSerializer):
    actor = serializers.CharField(source="actor.display_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ProposalTimelineEntry
        fields = ["at", "actor", "action", "from_state", "to_state", "note"]


SimilarSerializer = inline_serializer(
    "SimilarProposal",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "state": serializers.CharField(),
        "score": serializers.FloatField(),
    },
    many=True,
)


class SuggestionReasonsSerializer(serializers.Serializer):
    similar_proposals = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("The similar proposals it handled, most similar first.")
    )
    category_share = serializers.FloatField(
        help_text=_("Of the category's assigned proposals, the share it handled.")
    )
    duty_terms = serializers.ListField(
        child=serializers.CharField(), help_text=_("Words of the proposal found in the unit's duties.")
    )


class SuggestedUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    score = serializers.FloatField()
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(SuggestionReasonsSerializer)
    def get_reasons(self, suggestion) -> dict:
        return SuggestionReasonsSerializer(suggestion).data


def parse(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleModelViewSet
):
    queryset = Proposal.objects.all()
    serializer_class = ProposalSerializer
    # A detail reads, of these tables, only its own record's rows and those naming it.
    cached_by_record = True
    filterset_class = ProposalFilter
    search_fields = ["title", "content", "proposer__name"]
    ordering_fields = ["id", "number", "submitted_at", "registered_at", "title"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        # A page only serializes its rows: their relations as plain lists. A proposal an action
        # works on keeps Django's prefetches, which the services read.
        prefetch = listed if self.action == "list" else Prefetch
        return selectors.proposal_list(super().get_queryset(), self.request.user, prefetch=prefetch)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["reply_labels"] = selectors.reply_labels(ReplyLabel.objects.restrict(self.request.user, VIEW))
        return context

    def answer(self, proposal: Proposal, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=proposal.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request, *args, **kwargs):
        data = parse(ProposalCreateSerializer, request)
        proposal = services.proposal_create(actor=request.user, **data)
        return self.answer(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=ProposalUpdateSerializer, responses=ProposalSerializer)
    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        data = dict(parse(ProposalUpdateSerializer, request))
        flags = {name: data.pop(name) for name in ProposalUpdateSerializer.FLAGS if name in data}
        with transaction.atomic():
            if (
                set(data) == {"category"}
                and Proposal.objects.restrict(request.user, CHANGE).filter(pk=proposal.pk).exists()
            ):
                flags["category"] = data.pop("category")
            if data:
                services.proposal_update(proposal=proposal, actor=request.user, **data)
            if flags:
                services.proposal_set_flags(proposal=proposal, actor=request.user, **flags)
        return self.answer(proposal)

    def _act(self, service, input_class=None, convert=None) -> Response:
        """Find the proposal (404 first), parse the body (400), call the service (403/409)."""
        proposal = self.get_object()
        data = dict(parse(input_class, self.request)) if input_class else {}
        service(proposal=proposal, actor=self.request.user, **(convert(data) if convert else data))
        return self.answer(proposal)

    @extend_schema(request=CosignInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def cosign(self, request, pk=None):
        return self._act(services.proposal_cosign, CosignInput)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(services.proposal_submit)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(services.proposal_withdraw)

    @extend_schema(request=ReasonInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(services.proposal_return, ReasonInput)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._act(services.proposal_register)

    @extend_schema(request=RejectInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(services.proposal_reject, RejectInput)

    @extend_schema(request=MergeInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        def convert(data):
            into = Proposal.objects.restrict(request.user, VIEW).filter(pk=data["into"]).first()
            if into is None:
                raise exceptions.ValidationError({"into": [_("No such proposal.")]})
            return {"into": into}

        return self._act(services.proposal_merge, MergeInput, convert)

    @extend_schema(request=AssignInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        def convert(data):
            return {
                "units": [(item["unit"], item["role"]) for item in data["units"]],
                "due_on": data.get("due_on"),
            }

        return self._act(services.proposal_assign, AssignInput, convert)

    @extend_schema(request=ExtendInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._act(services.proposal_extend, ExtendInput)

    @extend_schema(request=ReplyInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._act(services.proposal_reply, ReplyInput)

    @extend_schema(request=ReviewInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="release-reply")
    def release_reply(self, request, pk=None):
        return self._act(services.proposal_release_reply, ReviewInput)

    @extend_schema(request=ReturnReplyInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="return-reply")
    def return_reply(self, request, pk=None):
        return self._act(services.proposal_return_reply, ReturnReplyInput)

    def _rows(self, model, serializer_class, proposal: Proposal, related=("unit",)) -> Response:
        rows = model.objects.restrict(self.request.user, VIEW).filter(proposal=proposal)
        rows = rows.select_related(*related)
        return Response(serializer_class(rows, many=True).data)

    @extend_schema(methods=["get"], responses=ContactSerializer(many=True))
    @extend_schema(methods=["post"], request=ContactInput, responses={201: ContactSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def contacts(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "GET":
            return self._rows(Contact, ContactSerializer, proposal, related=("unit", "recorded_by"))
        data = parse(ContactInput, request)
        contact = services.proposal_contact(proposal=proposal, actor=request.user, **data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    def _answer_contact(self, contact_id: str, confirm: bool) -> Response:
        proposal = self.get_object()
        contact = get_object_or_404(
            Contact.objects.restrict(self.request.user, VIEW).filter(proposal=proposal), pk=contact_id
        )
        data = parse(ContactAnswerInput, self.request)
        contact = services.contact_answer(contact=contact, actor=self.request.user, confirm=confirm, **data)
        return Response(ContactSerializer(contact).data)

    @extend_schema(request=ContactAnswerInput, responses=ContactSerializer)
    @action(detail=True, methods=["post"], url_path=r"contacts/(?P<contact_id>[0-9]+)/confirm")
    def confirm_contact(self, request, pk=None, contact_id=None):
        return self._answer_contact(contact_id, confirm=True)

    @extend_schema(request=ContactAnswerInput, responses=ContactSerializer)
    @action(detail=True, methods=["post"], url_path=r"contacts/(?P<contact_id>[0-9]+)/dispute")
    def dispute_contact(self, request, pk=None, contact_id=None):
        return self._answer_contact(contact_id, confirm=False)

    @extend_schema(methods=["get"], responses=UnitOpinionSerializer(many=True))
    @extend_schema(methods=["post"], request=UnitOpinionInput, responses={201: UnitOpinionSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="unit-opinions",
        pagination_class=None,
        filterset_class=None,
    )
    def unit_opinions(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "GET":
            return self._rows(UnitOpinion, UnitOpinionSerializer, proposal)
        data = parse(UnitOpinionInput, request)
        opinion = services.proposal_unit_opinion(proposal=proposal, actor=request.user, **data)
        return Response(UnitOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=QualityRatingSerializer(many=True))
    @extend_schema(methods=["post"], request=QualityInput, responses={201: QualityRatingSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def quality(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "GET":
            return self._rows(QualityRating, QualityRatingSerializer, proposal)
        data = parse(QualityInput, request)
        rating = services.proposal_rate_quality(proposal=proposal, actor=request.user, **data)
        return Response(QualityRatingSerializer(rating).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FeedbackInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        return self._act(services.proposal_feedback, FeedbackInput)

    @extend_schema(request=CloseInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(services.proposal_close, CloseInput)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._act(services.proposal_publish)

    @extend_schema(request=UnpublishInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        return self._act(services.proposal_unpublish, UnpublishInput)

    @extend_schema(request=ObjectInput, responses={201: ObjectionSerializer})
    @action(detail=True, methods=["post"], url_path="object")
    def object_(self, request, pk=None):
        proposal = self.get_object()
        data = parse(ObjectInput, request)
        objection = services.proposal_object(proposal=proposal, actor=request.user, **data)
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReassignInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        return self._act(services.proposal_reassign, ReassignInput)

    @extend_schema(request=NoteInput, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="dismiss-objection")
    def dismiss_objection(self, request, pk=None):
        return self._act(services.proposal_dismiss_objection, NoteInput)

    @extend_schema(
        parameters=[OpenApiParameter("reply", int, required=True)],
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The reply letter (答复函)."),
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="reply-letter",
        pagination_class=None,
        filterset_class=None,
        content_negotiation_class=JSONOnly,
    )
    def reply_letter(self, request, pk=None):
        """The reply letter (答复函) of one of the proposal's replies, as a Word document: for whoever
        may read that reply."""
        proposal = self.get_object()
        query = ReplyLetterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        reply = get_object_or_404(
            Reply.objects.restrict(request.user, VIEW).select_related(
                "unit", "proposal__committee", "proposal__session", "proposal__proposer"
            ),
            proposal=proposal,
            pk=query.validated_data["reply"],
        )
        return reply_letter_response(reply)

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        proposal = self.get_object()
        return Response(HistorySerializer(selectors.proposal_history(proposal, request.user), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="1–50, default 5")],
        responses=SimilarSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def similar(self, request, pk=None):
        limit = request.query_params.get("limit", "5")
        if not limit.isdigit() or not 1 <= int(limit) <= 50:
            raise exceptions.ValidationError({"limit": [_("Enter a whole number from 1 to 50.")]})
        proposal = self.get_object()
        visible = Proposal.objects.restrict(request.user, VIEW)
        return Response(selectors.similar_proposals(proposal, limit=int(limit), visible=visible))

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="1–20, default 5")],
        responses=SuggestedUnitSerializer(many=True),
    )
    @action(
        detail=True, methods=["get"], url_path="suggested-units", pagination_class=None, filterset_class=None
    )
    def suggested_units(self, request, pk=None):
        """The units of the proposal's committee most likely to handle it, best first, with the
        reasons: for the secretariat assigning it (智能交办)."""
        limit = request.query_params.get("limit", "5")
        if not limit.isdigit() or not 1 <= int(limit) <= 20:
            raise exceptions.ValidationError({"limit": [_("Enter a whole number from 1 to 20.")]})
        proposal = self.get_object()
        if not access_for(request.user).manages_committee(proposal.committee_id):
            raise exceptions.PermissionDenied(_("Only the committee's secretariat sees suggested units."))
        suggestions = selectors.suggested_units(proposal, limit=int(limit))
        return Response(SuggestedUnitSerializer(suggestions, many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentInput}, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        proposal = self.get_object()
        data = parse(AttachmentInput, request)
        reply = None
        if "reply" in data:
            reply = proposal.replies.filter(pk=data["reply"]).first()
            if reply is None:
                raise exceptions.ValidationError({"reply": [_("No such reply of this proposal.")]})
        attachment = services.attachment_add(
            proposal=proposal, actor=request.user, upload=data["file"], reply=reply
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


# Public leads (提案线索征集) ---------------------------------------------------------------------


class LeadThrottle(AddressRateThrottle):
    """Leads from one client address: the form's and the API's together."""

    scope = "public_leads"


HONEYPOT = "website"


class PublicLeadInput(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(
        queryset=Committee.objects.all(), required=False, help_text="Default: the category's committee."
    )
    description = serializers.CharField(max_length=300, help_text="10 to 300 characters, no web addresses.")
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    website = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Leave empty (a trap for robots)."
    )

    def validate_website(self, value: str) -> str:
        if value.strip():
            raise serializers.ValidationError(_("Leave this field empty."))
        return value


PublicLeadReceipt = inline_serializer(
    "PublicLeadReceipt", {"receipt": serializers.CharField(), "received_at": serializers.DateTimeField()}
)


class PublicLeadView(APIView):
    """``POST /api/public/leads/``: a proposal lead from anyone, without signing in; throttled per
    client address (429 with ``Retry-After``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LeadThrottle]

    @extend_schema(
        auth=[],
        request=PublicLeadInput,
        responses={
            201: PublicLeadReceipt,
            400: OpenApiResponse(
                description="Invalid input: too short or long, a web address, a trap field."
            ),
            429: OpenApiResponse(description="Too many leads from this address; see Retry-After."),
        },
    )
    def post(self, request):
        data = parse(PublicLeadInput, request)
        data.pop(HONEYPOT)
        data.setdefault("committee", data["category"].committee)
        lead = services.lead_submit(**data)
        return Response(
            {"receipt": lead.receipt, "received_at": lead.created_at}, status=status.HTTP_201_CREATED
        )


class LeadSerializer(PlannedSerializer):
    """A lead as the secretariat reads it; the sender's name and phone only for the secretariat of
    its committee or above (``private_data``)."""

    PRIVATE = ("name", "phone")

    category_name = serializers.CharField(source="category.name", read_only=True)
    state_display = display("state")
    proposals = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = [
            "id",
            "committee",
            "receipt",
            "description",
            "category",
            "category_name",
            "name",
            "phone",
            "state",
            "state_display",
            "reason",
            "merged_into",
            "created_at",
            "decided_at",
            "proposals",
        ]
        read_only_fields = fields

    def get_proposals(self, lead: Lead) -> list[int]:
        """The draft proposals members started from the lead."""
        return [proposal.pk for proposal in lead.proposals.all()]

    def to_representation(self, instance):
        row = super().to_representation(instance)
        private = self.context.get("private_data")
        if private is None:
            private = self.context["private_data"] = access_for(self.context["request"].user).private_data
        if instance.committee_id not in private:
            for field in self.PRIVATE:
                row.pop(field)
        return row


class LeadMergeInput(serializers.Serializer):
    into = serializers.IntegerField(min_value=1)


class LeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Public leads: the secretariat reads and screens them; members read their committee's
    accepted ones (the 线索库), without the sender's name and phone."""

    queryset = Lead.objects.select_related("category").prefetch_related("proposals")
    serializer_class = LeadSerializer
    filterset_class = LeadFilter
    search_fields = ["description", "receipt"]
    ordering_fields = ["id", "created_at", "decided_at"]

    def _act(self, service, input_class=None, convert=None) -> Response:
        lead = self.get_object()
        data = dict(parse(input_class, self.request)) if input_class else {}
        service(lead=lead, actor=self.request.user, **(convert(data) if convert else data))
        return Response(self.get_serializer(self.get_queryset().get(pk=lead.pk)).data)

    @extend_schema(request=None, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(services.lead_accept)

    @extend_schema(request=LeadMergeInput, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        def convert(data):
            into = Lead.objects.restrict(request.user, VIEW).filter(pk=data["into"]).first()
            if into is None:
                raise exceptions.ValidationError({"into": [_("No such lead.")]})
            return {"into": into}

        return self._act(services.lead_merge, LeadMergeInput, convert)

    @extend_schema(request=ReasonInput, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._act(services.lead_decline, ReasonInput)


def register(router) -> None:
    router.register("proposals", ProposalViewSet, basename="proposal")
    router.register("leads", LeadViewSet, basename="lead")
