"""The personas every test speaks of: a city committee with a county below it, a secretariat clerk
of each, a leader, two members, and a handling-unit contact; plus API clients logged in as them."""

import copy

import pytest
from rest_framework.test import APIClient

from cppcc.org.models import Committee, Role

from .factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SessionFactory,
    TermFactory,
    UserFactory,
    grant,
    member_user,
)


@pytest.fixture
def city(db):
    return CommitteeFactory(code="city", name="聊城市政协", short_name="聊城市", level=Committee.Level.CITY)


@pytest.fixture
def county(city):
    return CommitteeFactory(
        code="county", name="东昌府区政协", short_name="东昌府区", level=Committee.Level.COUNTY, parent=city
    )


@pytest.fixture
def other_city(db):
    return CommitteeFactory(code="other", name="德州市政协", short_name="德州市", level=Committee.Level.CITY)


@pytest.fixture
def city_term(city):
    return TermFactory(committee=city)


@pytest.fixture
def city_session(city_term):
    return SessionFactory(term=city_term, number=3, name="十四届三次会议")


@pytest.fixture
def city_clerk(city):
    return grant(UserFactory(username="clerk", name="市政协工作人员", is_staff=True), city, Role.SECRETARIAT)


@pytest.fixture
def county_clerk(county):
    return grant(
        UserFactory(username="county_clerk", name="区政协工作人员", is_staff=True), county, Role.SECRETARIAT
    )


@pytest.fixture
def leader(city):
    return grant(UserFactory(username="leader", name="市政协主席"), city, Role.LEADER)


@pytest.fixture
def member(city, city_term):
    return MemberFactory(committee=city, term=city_term, name="李明远")


@pytest.fixture
def member_login(member):
    return member_user(member, "member")


@pytest.fixture
def member2(city, city_term):
    return MemberFactory(committee=city, term=city_term, name="王晓梅")


@pytest.fixture
def member2_login(member2):
    return member_user(member2, "member2")


@pytest.fixture
def unit(city):
    return HandlingUnitFactory(committee=city, name="市住房城乡建设局")


@pytest.fixture
def unit_contact(unit):
    return grant(UserFactory(username="unit", name="住建局联络员"), unit.committee, Role.HANDLING_UNIT, unit)


class PersonaClient(APIClient):
    """An API client acting as a persona; each request sees a fresh copy of the user, as a real
    request would (nothing cached on the user object survives from one request to the next)."""

    persona = None

    def as_user(self, user):
        self.persona = user
        return self

    def logout(self):
        self.persona = None
        super().logout()

    def request(self, **kwargs):
        if self.persona is not None:
            user = copy.copy(self.persona)
            user.__dict__.pop("_cppcc_access", None)
            self.force_authenticate(user=user)
        return super().request(**kwargs)


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` acts as that user."""
    return PersonaClient()
