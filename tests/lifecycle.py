"""Tests generated from a lifecycle's table (``cppcc.core.workflow``): every transition, every persona,
every source state. Each app's ``test_transitions.py`` gives what the table cannot say about itself:
who may take each transition (written from DOMAIN.md, not read from the predicates), how to build
its record, and the fields a transition needs to satisfy the model's constraints.

A record in a given state is built through the engine's own entry for records that arrive in a
state (``Workflow.arrive``), along the shortest path the table declares; the personas' rows around
it (co-signatures, assignments, authors) are the same whatever its state, so that who may act and
from which state are tested independently.
"""

from collections import deque
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cppcc.core.workflow import NEW, InvalidTransition, Step, Workflow
from cppcc.org.models import Notification

REFUSED = "403"
WRONG_STATE = "409"


def path_to(workflow: Workflow, state: str) -> list[str]:
    """The shortest declared path from before the record exists to ``state``."""
    paths = {NEW: []}
    queue = deque([NEW])
    while queue:
        current = queue.popleft()
        # From NEW a record may also be created in the initial state, with no step.
        moves = [(t.name, t.reaches(current)) for t in workflow.transitions if current in t.sources]
        if current == NEW:
            moves.append((None, workflow.initial))
        for name, target in moves:
            if target not in paths:
                paths[target] = paths[current] + ([name] if name else [])
                queue.append(target)
    return paths[state]


def sources(workflow: Workflow) -> list[str]:
    """Every state a transition could be asked of: the lifecycle's states and NEW (unsaved)."""
    return [NEW, *workflow.states]


def expected(workflow: Workflow, name: str, state: str, may: bool, actor) -> object:
    """What the table says: 409 for an unsaved record the transition does not create, 403 for the
    wrong persona, 409 for the wrong state, else the state reached and the timeline row written."""
    transition = workflow[name]
    if state == NEW and NEW not in transition.sources:
        return WRONG_STATE
    if not may:
        return REFUSED
    if state not in transition.sources:
        return WRONG_STATE
    target = transition.reaches(state)
    row = (transition.action, state, target, actor.pk) if workflow.timeline and transition.recorded else None
    return target, row


def outcome(workflow: Workflow, name: str, obj, actor, changes: dict) -> object:
    """Apply ``name`` as ``actor`` and tell what happened, undoing it afterwards. When it is
    allowed, the notifications it sent must all be about the record, to the declared recipients."""
    with transaction.atomic():
        before = _timeline_ids(workflow, obj)
        notified = set(Notification.objects.values_list("pk", flat=True))
        try:
            moved = workflow.apply(name, obj=obj, actor=actor, changes=changes)
        except PermissionDenied:
            return REFUSED
        except InvalidTransition:
            return WRONG_STATE
        moved.refresh_from_db()
        rows = list(
            workflow.timeline._default_manager.filter(**{_subject(workflow): moved})
            .exclude(pk__in=before)
            .values_list("action", "from_state", "to_state", "actor_id")
            if workflow.timeline
            else []
        )
        assert len(rows) <= 1, rows
        _check_notices(workflow, name, moved, notified)
        transaction.set_rollback(True)
        return getattr(moved, workflow.state_field), rows[0] if rows else None


def _subject(workflow: Workflow) -> str:
    return next(
        f.name for f in workflow.timeline._meta.fields if f.is_relation and f.related_model is workflow.model
    )


def _timeline_ids(workflow: Workflow, obj) -> list[int]:
    if workflow.timeline is None or obj.pk is None:
        return []
    return list(
        workflow.timeline._default_manager.filter(**{_subject(workflow): obj}).values_list("pk", flat=True)
    )


def _check_notices(workflow: Workflow, name: str, obj, before: set[int]) -> None:
    sent = Notification.objects.exclude(pk__in=before)
    notice = workflow[name].notice
    wanted = {user.pk for user in notice.to(obj) if user is not None} if notice else set()
    assert {n.user_id for n in sent} == wanted
    kind = ContentType.objects.get_for_model(obj)
    assert all(n.content_type_id == kind.pk and n.object_id == obj.pk for n in sent)


PERSONAS = ("city_clerk", "county_clerk", "leader", "member_login", "member2_login", "unit_contact")


def personas(request) -> dict:
    """The personas of tests/conftest.py, by fixture name."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def compare(workflow: Workflow, name: str, state: str, *, personas: dict, who: set, record, changes=None):
    """(what happened, what the table says), persona by persona, for ``name`` from ``state``;
    ``record(state)`` makes a fresh record in that state for each persona (undone afterwards)."""
    got, want = {}, {}
    for persona, user in personas.items():
        with transaction.atomic():
            got[persona] = outcome(workflow, name, record(state), user, changes or {})
            transaction.set_rollback(True)
        want[persona] = expected(workflow, name, state, persona in who, user)
    return got, want


def record_in(workflow: Workflow, state: str, build: Callable[[str], object]):
    """A record of ``build(state)`` brought to ``state`` through ``Workflow.arrive``; for NEW, unsaved."""
    obj = build(state)
    if state == NEW:
        return obj
    (obj,) = workflow.arrive([(obj, [Step(name) for name in path_to(workflow, state)])])
    return obj


def matrix(workflow: Workflow) -> list[tuple[str, str]]:
    """(transition, source state) for every transition and every state, for ``parametrize``."""
    return [(t.name, state) for t in workflow.transitions for state in sources(workflow)]
