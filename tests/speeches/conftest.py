import datetime

import pytest

from speeches import services
from tests.factories import PartyFactory, SectorFactory
from tests.platforms.factories import ActivityFactory


@pytest.fixture
def plenary(city):
    return ActivityFactory(
        committee=city, kind="plenary", title="聊城市政协2024年全体会议", date=datetime.date(2024, 1, 8)
    )


@pytest.fixture
def county_plenary(county):
    return ActivityFactory(
        committee=county, kind="plenary", title="东昌府区政协2024年全体会议", date=datetime.date(2024, 1, 5)
    )


@pytest.fixture
def sector(city):
    return SectorFactory(committee=city, name="经济界")


@pytest.fixture
def party(db):
    return PartyFactory(committee=None, name="民盟")


@pytest.fixture
def speech_of(plenary):
    """A member's speech for the plenary, brought to a state through the services."""

    def make(login, state="draft", *, clerk=None, title="以数字化转型赋能传统制造业", mode="oral"):
        speech = services.speech_create(activity=plenary, title=title, content="发言正文。", actor=login)
        if state == "draft":
            return speech
        speech = services.speech_submit(speech=speech, actor=login)
        if state == "selected":
            return services.speech_select(speech=speech, mode=mode, actor=clerk)
        if state == "not_selected":
            return services.speech_reject(speech=speech, note="主题重复", actor=clerk)
        return speech

    return make
