"""factory-boy factories for activities and the platforms."""

import datetime

import factory

from platforms.models import (
    Activity,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    TeamMember,
    Visit,
)
from platforms.workflow import attendance_workflow
from tests.factories import ArrivingFactory, CommitteeFactory, MemberFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    committee = factory.SubFactory(CommitteeFactory)
    kind = Activity.Kind.INSPECTION
    title = factory.Sequence(lambda n: f"视察调研{n}")
    date = datetime.date(2024, 5, 10)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliberationRoom

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"民生议事室{n}")
    founded_on = datetime.date(2023, 3, 1)


class StudyRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyRoom

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"学而书房{n}")
    founded_on = datetime.date(2023, 3, 1)


class SectorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectorGroup
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"界别同心汇{n}")
    founded_on = datetime.date(2023, 3, 1)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    group = factory.SubFactory(SectorGroupFactory)
    name = factory.Sequence(lambda n: f"成员{n}")


class AttendanceFactory(ArrivingFactory):
    """A member's entry on an activity's list; ``status`` is reached through its lifecycle."""

    class Meta:
        model = Attendance

    _workflow = attendance_workflow

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory, committee=factory.SelfAttribute("..activity.committee"))
    status = Attendance.Status.PRESENT


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"稿件{n}")
    outlet = "大众日报"
    level = Publication.Level.PROVINCE
    channel = Publication.Channel.NEWSPAPER
    published_on = datetime.date(2024, 6, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    committee = factory.SubFactory(CommitteeFactory)
    organisation = factory.Sequence(lambda n: f"委员企业{n}")
    kind = Visit.Kind.MEMBER_ENTERPRISE
    date = datetime.date(2024, 6, 1)
