"""Numbers stay gapless and registration happens once when clerks act at the same moment
(PostgreSQL: real row locks between real connections)."""

import threading

import pytest
from django.db import connection, connections

from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import NumberCounter, Proposal, State

from .factories import ProposalFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(jobs):
    """Run the callables in threads released at once; return their results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def many_submitted(city_session, member, member_login, category):
    proposals = [ProposalFactory(session=city_session, proposer=member, category=category) for _ in range(12)]
    for proposal in proposals:
        services.proposal_submit(proposal=proposal, actor=member_login)
    return proposals


def test_concurrent_registrations_give_gapless_numbers(many_submitted, city_clerk):
    assert connection.vendor == "postgresql"
    results = run_together(
        [lambda p=p: services.proposal_register(proposal=p, actor=city_clerk) for p in many_submitted]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert NumberCounter.objects.get().last_number == 12


def test_double_registration_registers_once(many_submitted, city_clerk):
    target = many_submitted[0]
    results = run_together([lambda: services.proposal_register(proposal=target, actor=city_clerk)] * 4)
    assert sum(isinstance(r, Proposal) for r in results) == 1
    assert sum(isinstance(r, InvalidTransition) for r in results) == 3
    assert Proposal.objects.filter(state=State.REGISTERED).count() == 1
    assert NumberCounter.objects.get().last_number == 1


def test_double_registration_through_the_api_answers_409(many_submitted, city_clerk):
    from rest_framework.test import APIClient

    target = many_submitted[0]

    def post():
        client = APIClient()
        client.force_authenticate(user=city_clerk)
        return client.post(f"/api/proposals/{target.pk}/register/").status_code

    assert sorted(run_together([post] * 3)) == [200, 409, 409]


def test_register_and_reject_at_once_do_one_thing(many_submitted, city_clerk):
    target = many_submitted[0]
    results = run_together(
        [
            lambda: services.proposal_register(proposal=target, actor=city_clerk),
            lambda: services.proposal_reject(proposal=target, actor=city_clerk, reason="other"),
        ]
    )
    assert sum(isinstance(r, InvalidTransition) for r in results) == 1
    assert target.timeline.exclude(action__in=["create", "submit"]).count() == 1
