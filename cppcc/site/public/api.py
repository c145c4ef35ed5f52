"""The public API (API.md, "Additions"): ``GET /api/public/proposals/`` and
``/api/public/proposals/{id}/``, without signing in, read-only: the published proposals with their
released replies, public fields only (``selectors``), paginated and filtered as the public list
page is (``year``, ``committee``, ``category``, ``unit``, ``search``)."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from cppcc.core.years import YearField
from proposals.models import Proposal

from . import selectors


class FilterInput(serializers.Serializer):
    year = YearField(required=False)
    committee = serializers.IntegerField(required=False, min_value=1)
    category = serializers.IntegerField(required=False, min_value=1)
    unit = serializers.IntegerField(required=False, min_value=1)
    search = serializers.CharField(required=False, max_length=100, allow_blank=True, default="")


class PublicProposerSerializer(serializers.Serializer):
    name = serializers.CharField()
    sector = serializers.CharField()


class PublicUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")


class PublicReplySerializer(serializers.Serializer):
    unit_name = serializers.CharField(source="unit")
    category = serializers.CharField()
    category_display = serializers.CharField(source="category_label")
    content = serializers.CharField()
    replied_at = serializers.DateTimeField(source="replied_on")


class PublicProposalSerializer(serializers.ModelSerializer):
    """A published proposal as anyone may read it: no contact data, no state of its handling."""

    committee_name = serializers.CharField(source="committee.name")
    code = serializers.CharField()
    content = serializers.SerializerMethodField()
    category_name = serializers.CharField(source="category.name")
    year = serializers.IntegerField(source="session.opened_on.year")
    proposers = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    rating_display = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "committee",
            "committee_name",
            "year",
            "number",
            "code",
            "title",
            "content",
            "category",
            "category_name",
            "proposers",
            "units",
            "replies",
            "rating",
            "rating_display",
        ]
        read_only_fields = fields

    def get_content(self, proposal: Proposal) -> str:
        return selectors.withheld(proposal.content)

    @extend_schema_field(PublicProposerSerializer(many=True))
    def get_proposers(self, proposal: Proposal) -> list[dict]:
        return PublicProposerSerializer(selectors.proposers(proposal), many=True).data

    @extend_schema_field(PublicUnitSerializer(many=True))
    def get_units(self, proposal: Proposal) -> list[dict]:
        return PublicUnitSerializer(selectors.units(proposal), many=True).data

    @extend_schema_field(PublicReplySerializer(many=True))
    def get_replies(self, proposal: Proposal) -> list[dict]:
        labels = self.context["reply_labels"]
        return PublicReplySerializer(selectors.public_replies(proposal, labels), many=True).data

    def get_rating(self, proposal: Proposal) -> str | None:
        rating = selectors.rating(proposal)
        return rating.satisfaction if rating else None

    def get_rating_display(self, proposal: Proposal) -> str | None:
        rating = selectors.rating(proposal)
        return str(rating.get_satisfaction_display()) if rating else None


@extend_schema_view(list=extend_schema(parameters=[FilterInput]))
class PublicProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Published proposals for anyone, signed in or not: the same for everyone."""

    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = []
    serializer_class = PublicProposalSerializer
    queryset = Proposal.objects.none()

    def get_queryset(self):
        proposals = selectors.published()
        if self.action == "list":
            query = FilterInput(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            proposals = selectors.filtered(selectors.Filters(**query.validated_data), proposals)
        return selectors.with_public_answers(selectors.with_public_fields(proposals))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "reply_labels": selectors.reply_labels()}


urlpatterns = [
    path("proposals/", PublicProposalViewSet.as_view({"get": "list"}), name="api-public-proposals"),
    path(
        "proposals/<int:pk>/",
        PublicProposalViewSet.as_view({"get": "retrieve"}),
        name="api-public-proposal",
    ),
]
