"""The benchmark's generator, run at its smallest size: what it writes by COPY satisfies the
invariants the measurements and the later suggested-units work rely on."""

from collections import Counter, defaultdict

import pytest
from django.db import connection

from cppcc.bench.generate import (
    SIZES,
    TOPIC_UNIT_SHARE,
    VOLUME,
    Generator,
    scale_of,
    size,
)
from cppcc.bench.texts import MAX_LENGTH, MIN_LENGTH, TOPICS
from cppcc.org.models import Committee
from opinions.models import OpinionReport
from platforms.models import Attendance
from proposals.models import Assignment, NumberCounter, Proposal, State

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


@pytest.fixture
def generated():
    return Generator(scale_of("ci")).run()


def test_the_sizes_are_named():
    assert scale_of("ci") == SIZES["ci"] == 1
    assert scale_of("province") == 170
    assert scale_of("3") == 3
    with pytest.raises(ValueError):
        scale_of("country")


def test_it_writes_one_city_year_over_the_province_and_counts_what_it_wrote(generated):
    assert Committee.objects.count() == 157
    assert Proposal.objects.count() == VOLUME["proposals"]
    assert OpinionReport.objects.count() == VOLUME["reports"]
    counts = size()
    assert counts["proposal"] == generated.rows["proposal"]
    assert counts["attendance"] == generated.rows["attendance"] == counts["attendancetimelineentry"]
    assert generated.rows_per_s > 0


def test_proposal_texts_are_distinct_and_800_to_3000_characters(generated):
    contents = list(Proposal.objects.values_list("content", flat=True))
    assert len(set(contents)) == len(contents)
    assert all(MIN_LENGTH <= len(content) <= MAX_LENGTH for content in contents)


def test_registered_proposals_have_gapless_numbers_per_session(generated):
    numbers = defaultdict(list)
    for session, number in Proposal.objects.filter(number__isnull=False).values_list("session", "number"):
        numbers[session].append(number)
    counters = dict(NumberCounter.objects.values_list("session", "last_number"))
    assert numbers and counters == {session: len(got) for session, got in numbers.items()}
    assert all(sorted(got) == list(range(1, len(got) + 1)) for got in numbers.values())
    assert not Proposal.objects.filter(number__isnull=False, registered_at__isnull=True).exists()
    assert not Proposal.objects.filter(state=State.NOT_REGISTERED, number__isnull=False).exists()


def test_records_arrive_with_their_timelines_as_the_engine_records_them(generated):
    closed = Proposal.objects.filter(state=State.CLOSED).first()
    assert [e.to_state for e in closed.timeline.order_by("at", "id")] == [
        State.DRAFT,
        State.SUBMITTED,
        State.REGISTERED,
        State.ASSIGNED,
        State.REPLIED,
        State.CLOSED,
    ]
    assert closed.submitted_at < closed.registered_at < closed.closed_at
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT).first()
    assert present.timeline.get().to_state == Attendance.Status.PRESENT


def test_most_proposals_go_to_the_unit_of_their_topic(generated):
    department = {subject: topic.department for topic in TOPICS for subject in topic.subjects}
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("proposal", "unit")
    outcome = Counter(
        lead.unit.name.endswith(next(d for s, d in department.items() if s in lead.proposal.title))
        for lead in leads
    )
    share = outcome[True] / sum(outcome.values())
    assert sum(outcome.values()) > 300
    assert TOPIC_UNIT_SHARE - 0.06 < share < TOPIC_UNIT_SHARE + 0.06
    assert Assignment.objects.filter(role=Assignment.Role.CO).exists()
