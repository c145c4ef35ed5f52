import datetime

import pytest
from django.utils import timezone

from .factories import ActivityFactory


@pytest.fixture
def coming(city):
    """An inspection of the city next week."""
    return ActivityFactory(
        committee=city, title="冬季安全生产视察", date=timezone.localdate() + datetime.timedelta(days=7)
    )


@pytest.fixture
def past(city):
    return ActivityFactory(committee=city, title="城区河道综合治理视察", date=datetime.date(2024, 10, 9))
