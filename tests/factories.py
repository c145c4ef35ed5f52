"""factory-boy factories for the organisation (apps add theirs in tests/<app>/factories.py), and the
helpers that build records through the services: ``on`` a given day, by the committee's clerk or a
member's own login."""

import datetime
from contextlib import contextmanager
from unittest import mock

import factory
from django.utils import timezone

from cppcc.core.workflow import Step
from cppcc.org.models import (
    Committee,
    HandlingUnit,
    Member,
    Party,
    Role,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)

from .lifecycle import path_to


class ArrivingFactory(factory.django.DjangoModelFactory):
    """A record of a lifecycle, in whichever of its states the test names (by the lifecycle's state
    field, ``state=`` or ``status=``): brought there through the engine's entry for records that
    arrive in a state, along the shortest path the lifecycle declares, so that its stamps and
    timeline are those of a real record and no test sets a state by hand. Subclasses name the
    lifecycle in ``_workflow``."""

    class Meta:
        abstract = True

    _workflow = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        workflow = cls._workflow
        state = kwargs.pop(workflow.state_field, workflow.initial)
        record = model_class(*args, **kwargs)
        (record,) = workflow.arrive([(record, [Step(name) for name in path_to(workflow, state)])])
        return record


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    code = factory.Sequence(lambda n: f"committee-{n}")
    name = factory.Sequence(lambda n: f"测试{n}政协")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    level = Committee.Level.CITY


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    committee = factory.SubFactory(CommitteeFactory)
    number = 14
    name = "第十四届"
    start_year = 2022
    end_year = 2027


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    committee = factory.SelfAttribute("term.committee")
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"十四届{o.number}次会议")
    opened_on = datetime.date(2024, 1, 8)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"界别{n}")


class SpecialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCommittee

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"专委会{n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"党派{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    committee = factory.SubFactory(CommitteeFactory)
    term = factory.LazyAttribute(
        lambda o: Term.objects.filter(committee=o.committee).first() or TermFactory(committee=o.committee)
    )
    name = factory.Sequence(lambda n: f"委员{n}")
    gender = Member.Gender.MALE
    workplace = "聊城大学 教授"
    phone = factory.Sequence(lambda n: f"1380000{n:04d}")


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"承办单位{n}")


def grant(user: User, committee: Committee, role: str, handling_unit: HandlingUnit | None = None) -> User:
    RoleAssignment.objects.create(user=user, committee=committee, role=role, handling_unit=handling_unit)
    return user


def member_user(member: Member, username: str) -> User:
    """A login for a member, with the member role in the member's committee."""
    user = UserFactory(username=username, name=member.name)
    member.user = user
    member.save(update_fields=["user"])
    return grant(user, member.committee, Role.MEMBER)


def at(year: int, month: int = 6, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@contextmanager
def on(day: datetime.date):
    """Run the services as of ``day``, ten in the morning: the dates they stamp fall on it."""
    with mock.patch("django.utils.timezone.now", return_value=at(day.year, day.month, day.day)):
        yield


def session_of(committee: Committee) -> Session:
    session = Session.objects.filter(committee=committee).first()
    if session is None:
        term = Term.objects.filter(committee=committee).first() or TermFactory(committee=committee)
        session = SessionFactory(term=term, committee=committee)
    return session


def clerk_of(committee: Committee) -> User:
    """The committee's secretariat, who registers, assigns and accepts."""
    role = RoleAssignment.objects.filter(committee=committee, role=Role.SECRETARIAT).select_related("user")
    found = role.first()
    return found.user if found else grant(UserFactory(is_staff=True), committee, Role.SECRETARIAT)


def member_of(committee: Committee) -> Member:
    return Member.objects.filter(committee=committee).first() or MemberFactory(committee=committee)


def login_of(member: Member) -> User:
    return member.user or member_user(member, f"member-{member.pk}")
