"""The planned serializers (``PlannedSerializer``, cppcc/core/rest.py) over rows prefetched into
lists (``listed``) write, byte for byte, what DRF's own ``to_representation`` writes over Django's
ordinary prefetches: every list and detail of the heavy endpoints, as every
persona of the world (so with and without private fields, replies, assignments, co-signers)."""

import pytest
from django.db.models import Prefetch
from rest_framework import serializers

from cppcc.core.rest import PlannedSerializer
from opinions import api as opinions_api
from platforms import api as platforms_api
from proposals import api as proposals_api

URLS = [
    "/api/proposals/?page_size=200",
    "/api/proposals/?page_size=2",
    "/api/opinions/?page_size=200",
    "/api/activities/?page_size=200",
    "/api/members/?page_size=200",
    "/api/committees/",
    "/api/sessions/",
    "/api/handling-units/",
    "/api/publications/",
    "/api/sector-groups/",
]


def details(world) -> list[str]:
    return [
        f"/api/proposals/{world.proposal.pk}/",
        f"/api/proposals/{world.replied.pk}/",
        f"/api/proposals/{world.draft.pk}/",
        f"/api/opinions/{world.accepted_report.pk}/",
        f"/api/activities/{world.activity.pk}/",
        f"/api/members/{world.members['member'].pk}/",
    ]


@pytest.mark.django_db
def test_the_plan_writes_what_drf_writes(api, world, monkeypatch):
    urls = URLS + details(world)
    for name, user in world.users.items():
        if user is None:
            continue
        planned = {url: api.as_user(user).get(url, HTTP_CACHE_CONTROL="no-cache") for url in urls}
        with monkeypatch.context() as drf:
            drf.setattr(PlannedSerializer, "to_representation", serializers.ModelSerializer.to_representation)
            for module in (proposals_api, opinions_api, platforms_api):
                drf.setattr(module, "listed", Prefetch)
            for url, response in planned.items():
                expected = api.as_user(user).get(url, HTTP_CACHE_CONTROL="no-cache")
                assert response.status_code == expected.status_code, (name, url)
                assert response.content == expected.content, (name, url)


@pytest.mark.django_db
def test_the_lists_read_the_rows_they_show(api, world):
    """Not vacuous: the pages compared above hold proposals with co-signers, replies and units."""
    rows = api.as_user(world.users["city_clerk"]).get("/api/proposals/?page_size=200").json()["results"]
    assert any(row["cosignatures"] for row in rows) and any(row["replies"] for row in rows)
    assert any(row["assignments"] for row in rows) and any(row["proposers"] for row in rows)
