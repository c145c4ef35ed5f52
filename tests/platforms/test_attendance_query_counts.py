"""An activity's attendance list costs the same number of queries for 2 and 60 members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory

from .factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


def queries(client, activity) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/activities/{activity.pk}/attendance/")
    assert response.status_code == 200
    return len(captured), len(response.json())


@pytest.mark.parametrize("status", ["present", "leave_requested"])
def test_attendance_costs_the_same_for_few_and_many_members(api, city_clerk, city, city_term, status):
    small, large = ActivityFactory(committee=city), ActivityFactory(committee=city)
    for activity, n in ((small, 2), (large, 60)):
        for member in MemberFactory.create_batch(n, committee=city, term=city_term):
            AttendanceFactory(activity=activity, member=member, status=status)
    client = api.as_user(city_clerk)
    few, rows_few = queries(client, small)
    many, rows_many = queries(client, large)
    assert (rows_few, rows_many) == (2, 60)
    assert few == many
