import pytest

from cppcc.org.models import Role
from tests.factories import UserFactory, grant


@pytest.fixture
def county_leader(county):
    return grant(UserFactory(username="county_leader", name="区政协主席"), county, Role.LEADER)
