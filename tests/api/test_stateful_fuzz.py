"""Schemathesis' stateful fuzzing: sequences of requests that follow the links between operations
(a create's or a list's ids used by the next request: create a proposal, then submit, edit or
withdraw it; list the proposals, then register, assign or reply to one), as the city secretariat
and as a member, against a live server. The links are those Schemathesis infers from the schema
(an id in one operation's answer feeds the ``{id}`` of the operations on that resource).

Every answer passes the checks of ``fuzzing.CHECKS``. ``FUZZ_SCENARIOS`` derandomized scenarios
of up to ``FUZZ_STEPS`` requests each per persona: a few in the suite, 100 in ``make fuzz``."""

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.generation.stateful.control import TransitionController

from .fuzzing import CHECKS, Persona, aim_at

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "6"))
STEPS = int(os.environ.get("FUZZ_STEPS", "10"))


WRITES = ("POST", "PUT", "PATCH", "DELETE")


class StartWithWrites(TransitionController):
    """Scenarios start only with a request whose answer gives a write its ids (a create, or a list
    of records with actions), never with an action on an id made up at random (the one-operation
    fuzzing covers those) nor with a read that leads to reads only."""

    def __init__(self, control: TransitionController):
        operations = control.transitions.operations
        starts = {
            label
            for label in control.roots
            if any(link.target.label.startswith(WRITES) for link in operations[label].outgoing)
        }
        super().__init__(control.transitions, starts)

    def allow_root_transition(self, source, bundles) -> bool:
        return source in self.roots and super().allow_root_transition(source, bundles)


@pytest.mark.timeout(max(300, 6 * SCENARIOS * STEPS))
@pytest.mark.parametrize("persona", ["city_clerk", "member"])
def test_linked_requests_survive_fuzzing(live_server, fuzz_world, persona):
    world = fuzz_world
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    aim_at(schema, world)
    who = Persona(persona, world.users[persona])
    answers: Counter = Counter()

    class Workflow(schema.as_state_machine()):
        def setup(self):
            self.control = StartWithWrites(self.control)

        def before_call(self, case):
            who.keep_signed_in()

        def get_call_kwargs(self, case):
            return {"base_url": live_server.url, "headers": who.headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            answers[case.operation.label, response.status_code] += 1
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    try:
        Workflow.run(
            settings=settings(
                max_examples=SCENARIOS,
                stateful_step_count=STEPS,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                # A scenario changes the database, so replaying a shorter one would not repeat it:
                # a failure is reported with the whole scenario instead.
                phases=[Phase.explicit, Phase.generate],
            )
        )
    finally:
        print(f"\n{persona}: {sum(answers.values())} requests")
        for (label, status), count in sorted(answers.items()):
            print(f"  {count:4} × {status} {label}")
