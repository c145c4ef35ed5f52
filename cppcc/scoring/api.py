"""The duty record (履职档案) of a member and the score ranking of a committee."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cppcc.core.schema import ErrorDetail
from cppcc.core.years import YearField
from cppcc.org.models import Committee, Member
from cppcc.org.selectors import default_year
from opinions.selectors import member_record_opinions
from platforms.selectors import member_record_activities
from proposals.selectors import member_record_proposals

from . import selectors
from .models import Grade


class YearInput(serializers.Serializer):
    year = YearField(required=False)


class RankingInput(YearInput):
    committee = serializers.IntegerField(min_value=1)
    sector = serializers.IntegerField(min_value=1, required=False)
    special_committee = serializers.IntegerField(min_value=1, required=False)


def parse_query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data.setdefault("year", default_year())
    return data


def dimensions_data(score: selectors.Score) -> list[dict]:
    return [
        {
            "dimension": part.dimension,
            "dimension_display": part.dimension_display,
            "total": float(part.total),
            "items": [
                {
                    "rule": line.item,
                    "rule_display": line.item_display,
                    "count": line.count,
                    "points": float(line.points),
                }
                for line in part.lines
            ],
        }
        for part in score.dimensions
    ]


def score_data(score: selectors.Score) -> dict:
    return {
        "total": float(score.total),
        "grade": score.grade,
        "grade_display": str(Grade(score.grade).label),
        "dimensions": {dimension: float(points) for dimension, points in score.by_dimension.items()},
        "items": [
            {
                "rule": item.rule.item,
                "rule_display": item.rule.item_display,
                "dimension": item.rule.dimension,
                "dimension_display": item.rule.dimension_display,
                "points": float(item.points),
                "source": {
                    "kind": item.source.kind,
                    "id": item.source.id,
                    "label": item.source.label,
                    "date": item.source.on.isoformat(),
                    "url": item.source.api_url,
                },
            }
            for item in score.items
        ],
    }


COUNTS = serializers.IntegerField()
RECORD_SCHEMA = inline_serializer(
    "MemberRecord",
    {
        "member": serializers.IntegerField(),
        "name": serializers.CharField(),
        "year": serializers.IntegerField(),
        "proposals": inline_serializer(
            "RecordProposals", {"lead": COUNTS, "cosigned": COUNTS, "registered": COUNTS}
        ),
        "opinions": inline_serializer(
            "RecordOpinions",
            {
                "submitted": COUNTS,
                "adopted": inline_serializer(
                    "RecordAdopted", {"city": COUNTS, "province": COUNTS, "national": COUNTS}
                ),
            },
        ),
        "activities": inline_serializer(
            "RecordActivities", {"attended": COUNTS, "leave": COUNTS, "absent": COUNTS}
        ),
        "dimensions": serializers.ListField(
            child=inline_serializer(
                "RecordDimension",
                {
                    "dimension": serializers.CharField(),
                    "dimension_display": serializers.CharField(),
                    "total": serializers.FloatField(),
                    "items": serializers.ListField(child=serializers.DictField()),
                },
            )
        ),
        "score": inline_serializer(
            "RecordScore",
            {
                "total": serializers.FloatField(),
                "grade": serializers.CharField(),
                "grade_display": serializers.CharField(),
                "dimensions": serializers.DictField(child=serializers.FloatField()),
                "items": serializers.ListField(child=serializers.DictField()),
            },
        ),
    },
)


class MemberRecordView(APIView):
    """A member's duty record for a year: proposals, opinion reports, activities and the score with
    every item and the record that earned it. For the member, the secretariat and leaders."""

    @extend_schema(parameters=[YearInput], responses=RECORD_SCHEMA)
    def get(self, request, pk: int):
        year = parse_query(YearInput, request)["year"]
        member = get_object_or_404(Member.objects.restrict(request.user, "view_record"), pk=pk)
        score = selectors.member_score(member=member, year=year)
        return Response(
            {
                "member": member.pk,
                "name": member.name,
                "year": year,
                "proposals": member_record_proposals(member=member, year=year),
                "opinions": member_record_opinions(member=member, year=year),
                "activities": member_record_activities(member=member, year=year),
                "dimensions": dimensions_data(score),
                "score": score_data(score),
            }
        )


class RankingView(APIView):
    """A committee's members ranked by score for a year, with sector and special-committee
    averages. For the secretariat and leaders of that committee or one above it."""

    @extend_schema(
        parameters=[
            OpenApiParameter("committee", int, required=True),
            OpenApiParameter("year", int),
            OpenApiParameter("sector", int),
            OpenApiParameter("special_committee", int),
        ],
        responses={
            200: inline_serializer(
                "Ranking",
                {
                    "committee": serializers.IntegerField(),
                    "year": serializers.IntegerField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                    "by_sector": serializers.ListField(child=serializers.DictField()),
                    "by_special_committee": serializers.ListField(child=serializers.DictField()),
                },
            ),
            404: OpenApiResponse(ErrorDetail, description="No such committee overseen by the user."),
        },
    )
    def get(self, request):
        params = parse_query(RankingInput, request)
        if not Committee.objects.restrict(request.user, "oversee").filter(pk=params["committee"]).exists():
            raise exceptions.NotFound(_("No such committee."))
        rows = selectors.ranking(
            committee_id=params["committee"],
            year=params["year"],
            sector=params.get("sector"),
            special_committee=params.get("special_committee"),
        )
        return Response(
            {
                "committee": params["committee"],
                "year": params["year"],
                "results": [
                    {
                        "rank": row.rank,
                        "member": row.member.pk,
                        "name": row.member.name,
                        "sector": row.member.sector.name if row.member.sector_id else None,
                        "position": row.member.position,
                        "total": float(row.score.total),
                        "grade": row.score.grade,
                        "grade_display": str(Grade(row.score.grade).label),
                        "dimensions": {k: float(v) for k, v in row.score.by_dimension.items()},
                    }
                    for row in rows
                ],
                "by_sector": [{**g, "average": float(g["average"])} for g in selectors.by_sector(rows)],
                "by_special_committee": [
                    {**g, "average": float(g["average"])} for g in selectors.by_special_committee(rows)
                ],
            }
        )
