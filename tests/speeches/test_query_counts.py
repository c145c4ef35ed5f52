"""The speech list and a meeting's selected speeches cost the same number of queries whatever
their size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from speeches import services
from tests.factories import MemberFactory, member_user

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def speakers(numbers, plenary, clerk):
    for n in numbers:
        login = member_user(MemberFactory(committee=plenary.committee), f"speaker{n}")
        speech = services.speech_create(activity=plenary, title=f"发言{n}", content="正文", actor=login)
        services.speech_submit(speech=speech, actor=login)
        services.speech_select(speech=speech, mode="oral" if n % 2 else "written", actor=clerk)


def test_the_list_and_the_meetings_speeches_cost_the_same_for_2_and_12(api, plenary, city_clerk):
    client = api.as_user(city_clerk)
    speakers(range(2), plenary, city_clerk)
    queries(client, "/api/speeches/")  # warm the per-request caches
    few = (queries(client, "/api/speeches/"), queries(client, f"/api/activities/{plenary.pk}/speeches/"))
    speakers(range(2, 12), plenary, city_clerk)
    many = (queries(client, "/api/speeches/"), queries(client, f"/api/activities/{plenary.pk}/speeches/"))
    assert few == many
    assert many[0] <= 8
