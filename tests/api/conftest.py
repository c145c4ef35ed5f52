import datetime

import pytest
from django.core.cache import cache

from tests.platforms.factories import ActivityFactory


@pytest.fixture
def fuzz_world(transactional_db, world):
    """``world`` for the fuzzing tests, which run against a live server (so in transactions that
    commit), with a plenary of the city for speeches to be written for."""
    world.plenary = ActivityFactory(committee=world.city, kind="plenary", date=datetime.date(2024, 1, 8))
    yield world
    cache.clear()  # the token endpoint's throttle counts in the cache
