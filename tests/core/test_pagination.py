"""The keys-first paginator (cppcc/core/conventions.py) gives exactly the pages a plain LIMIT gives,
in one statement per page, whatever the ordering, annotations or joins of the list."""

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from cppcc.core.conventions import KeysFirstPaginator
from cppcc.org.models import Member

from ..factories import MemberFactory

NAMES = ["丁", "乙", "丙", "甲", "乙", "丁", "戊"]  # ties on purpose


@pytest.fixture
def members(city, city_term):
    return [MemberFactory(committee=city, term=city_term, name=name) for name in NAMES]


@pytest.mark.parametrize(
    "queryset",
    [
        pytest.param(lambda: Member.objects.order_by("name", "id"), id="own-field"),
        pytest.param(lambda: Member.objects.order_by("-committee__name", "-name", "id"), id="joined-field"),
        pytest.param(
            lambda: (
                Member.objects.select_related("committee")
                .annotate(roles=Count("special_committees"), key=F("id") * -1)
                .order_by("key")
            ),
            id="annotations",
        ),
        pytest.param(lambda: Member.objects.order_by("name", "id").distinct(), id="distinct"),
    ],
)
def test_every_page_is_the_plain_slice(members, queryset):
    paginator = KeysFirstPaginator(queryset(), 3)
    expected = [m.pk for m in queryset()]
    pages = []
    for number in paginator.page_range:
        with CaptureQueriesContext(connection) as queries:
            pages += [m.pk for m in paginator.page(number)]
        assert len(queries) == 1
    assert pages == expected and len(pages) == len(NAMES)


def test_rows_keep_their_joins_and_annotations(members):
    queryset = Member.objects.select_related("committee").annotate(twice=F("id") * 2).order_by("-id")
    page = KeysFirstPaginator(queryset, 2).page(2)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page)
        assert [(m.committee.name, m.twice) for m in rows] == [
            (m.committee.name, m.pk * 2) for m in members[-3:-5:-1]
        ]
    assert len(queries) == 1
