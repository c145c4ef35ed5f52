"""The lifecycle engine itself: what a declaration may say, that ``apply`` does everything or nothing,
and ``arrive``, the one entry for records that arrive already in a state (ledgers, demo data, the
benchmark). The transitions of each lifecycle are tested from their tables (tests/lifecycle.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cppcc.core.workflow import NEW, STAYS, InvalidTransition, Notice, Step, Transition, Workflow
from cppcc.org.models import Notification
from cppcc.org.roles import access_for
from proposals.models import Cosignature, Proposal, ProposalTimelineEntry, State
from proposals.workflow import cosignature_workflow, proposal_workflow
from tests.factories import MemberFactory
from tests.proposals.factories import CategoryFactory

pytestmark = pytest.mark.django_db

anyone = lambda access, obj: True  # noqa: E731


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2024, 3, day, 9))


@pytest.fixture
def build(city_session, member):
    category = CategoryFactory(committee=city_session.committee)
    return lambda: Proposal(
        committee=city_session.committee,
        session=city_session,
        title="关于城市停车难治理的建议",
        content="建议……",
        category=category,
        proposer=member,
    )


@pytest.mark.parametrize(
    ("transitions", "complaint"),
    [
        ([Transition("close", {State.REPLIED}, "flying", anyone)], "unknown states"),
        ([Transition("close", {"flying"}, State.CLOSED, anyone)], "unknown states"),
        ([Transition("create", {NEW}, STAYS, anyone)], "cannot stay"),
        ([Transition("close", {State.REPLIED}, State.CLOSED, anyone)] * 2, "share a name"),
    ],
)
def test_a_declaration_names_known_states_and_distinct_transitions(transitions, complaint):
    with pytest.raises(ValueError, match=complaint):
        Workflow(model=Proposal, transitions=transitions, access=access_for)


def test_an_action_that_stays_records_the_state_it_stays_in(build, member_login, city_clerk):
    (proposal,) = proposal_workflow.arrive(
        [(build(), [Step(name) for name in ("create", "submit", "register", "assign")])]
    )
    proposal_workflow.apply("extend", obj=proposal, actor=city_clerk, note="2024-09-01 调研")
    entry = proposal.timeline.last()
    assert (entry.action, entry.from_state, entry.to_state, entry.note) == (
        "extend",
        "assigned",
        "assigned",
        "2024-09-01 调研",
    )


def test_apply_does_everything_or_nothing(build, member_login):
    def broken(proposal):
        raise RuntimeError("the mail server is down")

    workflow = Workflow(
        model=Proposal,
        timeline=ProposalTimelineEntry,
        access=access_for,
        notify=lambda **kwargs: None,
        transitions=[
            Transition("create", {NEW}, State.DRAFT, anyone),
            Transition("submit", {State.DRAFT}, State.SUBMITTED, anyone, notice=Notice(broken, str)),
        ],
    )
    proposal = workflow.apply("create", obj=build(), actor=member_login)
    with pytest.raises(RuntimeError):
        workflow.apply("submit", obj=proposal, actor=member_login)
    proposal.refresh_from_db()
    assert proposal.state == State.DRAFT and proposal.submitted_at is None
    assert list(proposal.timeline.values_list("action", flat=True)) == ["create"]


def test_arrive_plays_the_path_with_its_times_actors_and_notes(build, member_login, city_clerk):
    steps = [
        Step("create", at=at(1), actor=member_login),
        Step("submit", at=at(2), actor=member_login),
        Step("register", at=at(5), actor=city_clerk),
        Step("assign", at=at(8), actor=city_clerk, note="2024-06-08"),
        Step("reply_last", at=at(20), actor=city_clerk, note="市住房城乡建设局"),
        Step("feedback_unsatisfied", at=at(25), actor=member_login, note="不够具体"),
        Step("reply_last", at=at(28), actor=city_clerk),
        Step("feedback_satisfied", at=at(30), actor=member_login),
    ]
    (proposal,) = proposal_workflow.arrive([(build(), steps)])
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED
    assert (proposal.submitted_at, proposal.registered_at, proposal.closed_at) == (at(2), at(5), at(30))
    assert list(proposal.timeline.values_list("at", "actor", "action", "from_state", "to_state", "note")) == [
        (at(1), member_login.pk, "create", "", "draft", ""),
        (at(2), member_login.pk, "submit", "draft", "submitted", ""),
        (at(5), city_clerk.pk, "register", "submitted", "registered", ""),
        (at(8), city_clerk.pk, "assign", "registered", "assigned", "2024-06-08"),
        (at(20), city_clerk.pk, "reply", "assigned", "replied", "市住房城乡建设局"),
        (at(25), member_login.pk, "feedback", "replied", "rehandling", "不够具体"),
        (at(28), city_clerk.pk, "reply", "rehandling", "replied", ""),
        (at(30), member_login.pk, "feedback", "replied", "closed", ""),
    ]
    assert not Notification.objects.exists()  # these things happened before: nobody is told again


@pytest.mark.parametrize(
    "path",
    [
        ["create", "register"],  # not submitted first
        ["assign"],  # a proposal created as a draft (no step from NEW) is not registered
        ["create", "submit", "reject", "register"],  # not registered is the end
        ["create", "teleport"],
    ],
)
def test_arrive_refuses_a_path_the_table_does_not_declare_and_writes_nothing(build, path):
    good = (build(), [Step("create")])
    with pytest.raises((InvalidTransition, KeyError)):
        proposal_workflow.arrive([good, (build(), [Step(name) for name in path])])
    assert not Proposal.objects.exists()


def test_a_path_that_does_not_create_starts_in_the_initial_state(build, member2, city):
    """How invitations arrive: a co-signature still invited has no step, one answered has its answer."""
    (draft,) = proposal_workflow.arrive([(build(), [Step("create")])])
    invited, accepted = cosignature_workflow.arrive(
        [
            (Cosignature(proposal=draft, member=member2), []),
            (Cosignature(proposal=draft, member=MemberFactory(committee=city)), [Step("accept", at=at(3))]),
        ]
    )
    assert (invited.status, invited.answered_at) == (Cosignature.Status.INVITED, None)
    assert (accepted.status, accepted.answered_at) == (Cosignature.Status.ACCEPTED, at(3))


def test_arrive_costs_the_same_for_one_record_and_twenty(build):
    """Twenty proposals with six steps each fit one batch even under SQLite's bound on parameters."""
    path = ["create", "submit", "register", "assign", "reply_last", "feedback_satisfied"]

    def cost(count: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            proposal_workflow.arrive([(build(), [Step(name) for name in path]) for _ in range(count)])
        return len(captured)

    assert cost(1) == cost(20) == 2  # the records, then their timelines
