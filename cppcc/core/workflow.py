"""The lifecycle engine. Each domain app declares its lifecycles with it in ``workflow.py``: the
states are the choices of the model's state field, and every transition names the states it leaves
from, the state it reaches (or ``STAYS`` where the action leaves the state as it is), who may take it,
the fields it stamps with the moment it is taken, and the notice it sends. An outcome that decides
where the record goes (a rating that closes or reopens) is one transition per outcome; outcomes of
one action share the action's verb in the timeline.

Services change a state only through ``Workflow.apply``; records that arrive already in a state (a
legacy ledger, the demo data, the benchmark's generator) only through ``Workflow.arrive``. No other
code assigns a state (``tests/core/test_state_assignments.py`` holds that).

Permission is checked before state: the wrong person gets 403 (``PermissionDenied``), the right
person in the wrong state 409 (``InvalidTransition``)."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import insert_rows

NEW = ""
"""The state of a record not yet created: the ``from_state`` of its first timeline entry. Only the
transitions that leave from ``NEW`` (creations, imports) apply to an unsaved record."""


class _Stays:
    def __repr__(self) -> str:
        return "STAYS"


STAYS = _Stays()
"""The target of an action that leaves the state as it is (an edit, a co-signature, an extension)."""


class InvalidTransition(Exception):
    """The object's current state does not allow the transition (HTTP 409). ``code`` names the rule
    for clients (``invalid_transition`` unless a rule of the lifecycle has its own)."""

    def __init__(self, message: str = "", code: str = "invalid_transition"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Notice:
    """What a transition tells, and whom, once it is applied: ``to(obj)`` are the users and
    ``message(obj, note)`` the text, both read from the moved object and the timeline note;
    ``kind`` names the notification's kind (its channels and its SMS template) and ``params(obj)``
    the few values a text message of that kind carries (None: those the notifier reads from obj)."""

    to: Callable[[Any], Iterable]
    message: Callable[[Any, str], str]
    kind: str = "general"
    params: Callable[[Any], dict] | None = None


@dataclass(frozen=True)
class Transition:
    name: str  # unique within its lifecycle
    sources: frozenset[str]  # the states it leaves from
    target: str | _Stays  # the state it reaches, or STAYS
    may: Callable[[Any, Any], bool]  # (access, obj) -> bool: who may take it
    label: str = ""
    action: str = ""  # the verb the timeline records; the name unless outcomes of one action share it
    stamps: tuple[str, ...] = ()  # date-time fields set to the moment it is taken
    notice: Notice | None = None
    recorded: bool = True  # False: no timeline entry (a draft's edits are in its change history)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "action", self.action or self.name)

    def reaches(self, state: str) -> str:
        """The state this transition leaves a record in that was in ``state``."""
        return state if self.target is STAYS else self.target


@dataclass(frozen=True)
class Step:
    """One transition a record took before it reached us, for ``Workflow.arrive``."""

    name: str
    at: datetime.datetime | None = None  # None: now
    actor: Any = None
    note: str = ""


class Workflow:
    """The lifecycle of ``model``: its transitions, applied to the field ``state_field``.

    ``access(user)`` is what the transitions' ``may`` predicates are asked with; ``timeline`` the
    model its entries go to (built on ``cppcc.org.models.TimelineEntry``, with a foreign key to
    ``model``), or None where the record is its own account; ``notify(users=, message=, about=,
    kind=, params=)`` sends the notices."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        transitions: Sequence[Transition],
        access: Callable[[Any], Any],
        timeline: type[models.Model] | None = None,
        notify: Callable[..., Any] | None = None,
        state_field: str = "state",
    ):
        self.model = model
        self.transitions = list(transitions)
        self.access = access
        self.timeline = timeline
        self.notify = notify
        self.state_field = state_field
        field = model._meta.get_field(state_field)
        self.labels = dict(field.flatchoices)
        self.initial = field.default
        self._by_name = {t.name: t for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValueError(f"{model.__name__}: two transitions share a name")
        for t in self.transitions:
            unknown = (t.sources | ({t.target} if t.target is not STAYS else set())) - {NEW, *self.labels}
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {unknown}")
            if t.target is STAYS and NEW in t.sources:
                raise ValueError(f"transition {t.name} creates a record, so it cannot stay")
        self._subject = (
            next(f.name for f in timeline._meta.fields if f.is_relation and f.related_model is model)
            if timeline is not None
            else None
        )

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def __repr__(self) -> str:
        return f"<Workflow of {self.model.__name__}>"

    @property
    def states(self) -> list[str]:
        return list(self.labels)

    def state_of(self, obj) -> str:
        return NEW if obj._state.adding else getattr(obj, self.state_field)

    def label_of(self, state: str) -> str:
        return str(self.labels[state]) if state != NEW else _("not yet created")

    def action_label(self, action: str) -> str:
        """The words of a timeline's verb (立案 for ``register``)."""
        return next((str(t.label) for t in self.transitions if t.action == action and t.label), action)

    def _refusal(self, transition: Transition, state: str) -> InvalidTransition:
        return InvalidTransition(
            _("Cannot %(action)s in the state “%(state)s”.")
            % {"action": transition.label or transition.name, "state": self.label_of(state)}
        )

    def check(self, name: str, *, obj, actor) -> Transition:
        """Raise PermissionDenied or InvalidTransition unless ``actor`` may take ``name`` on ``obj`` now."""
        transition = self[name]
        state = self.state_of(obj)
        # The predicates of a saved record's transitions read its rows, which an unsaved one lacks.
        if not (state == NEW and NEW not in transition.sources) and not transition.may(
            self.access(actor), obj
        ):
            raise PermissionDenied(_("You may not do this."))
        if state not in transition.sources:
            raise self._refusal(transition, state)
        return transition

    def available(self, *, obj, actor) -> list[Transition]:
        """The transitions this user may take on this object now (for buttons and admin actions)."""
        state = self.state_of(obj)
        access = self.access(actor)
        return [t for t in self.transitions if state in t.sources and t.may(access, obj)]

    def available_actions(self, *, obj, actor) -> set[str]:
        """The actions (timeline verbs) this user may take on this object now."""
        return {t.action for t in self.available(obj=obj, actor=actor)}

    def lock(self, obj):
        """``obj`` re-read under a row lock: a second user acting at the same moment waits here and
        then sees the state the first one left. An unsaved record is returned as it is."""
        if obj._state.adding:
            return obj
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)

    def begin(self, name: str, *, obj, actor):
        """Lock and check, for a service that checks its own input before it applies ``name`` (so
        that the wrong person hears 403 before any complaint about the input). Returns the locked
        object; ``apply`` locks and checks again, which inside the same transaction costs nothing
        but a read."""
        obj = self.lock(obj)
        self.check(name, obj=obj, actor=actor)
        return obj

    @transaction.atomic
    def apply(
        self, name: str, *, obj, actor, note: str = "", changes: dict | None = None, clean: bool = False
    ):
        """Take the transition ``name`` on ``obj`` as ``actor``, in one transaction: lock the row
        (an unsaved record is created), check who may and from which state, set the target state,
        the fields the transition stamps and ``changes`` (fields the service sets with it; with
        ``clean``, validated by ``full_clean``), save, write the timeline entry and send the notice.
        Returns the saved object, re-read under the lock."""
        obj = self.lock(obj)
        transition = self.check(name, obj=obj, actor=actor)
        source = self.state_of(obj)
        target = transition.reaches(source)
        now = timezone.now()
        for field in transition.stamps:
            setattr(obj, field, now)
        for field, value in (changes or {}).items():
            setattr(obj, field, value)
        setattr(obj, self.state_field, target)
        if clean:
            obj.full_clean()
        if source == NEW or target != source or transition.stamps or changes:
            obj.save()
        if self.timeline is not None and transition.recorded:
            self.timeline._default_manager.create(
                **{self._subject: obj},
                at=now,
                actor=actor,
                action=transition.action,
                from_state=source,
                to_state=target,
                note=note,
            )
        if transition.notice is not None and self.notify is not None:
            notice = transition.notice
            self.notify(
                users=notice.to(obj),
                message=notice.message(obj, note),
                about=obj,
                kind=notice.kind,
                params=notice.params(obj) if notice.params is not None else None,
            )
        return obj

    def arrive(
        self, arrivals: Iterable[tuple[models.Model, Sequence[Step]]], *, batch_size: int = 1000
    ) -> list:
        """Create records that arrive already in a state, with the path that brought them there:
        a legacy ledger, the demo data, the benchmark's generator. Each arrival is an unsaved
        record and its steps, oldest first. A path starts before the record exists (``NEW``); if its
        first step does not leave from ``NEW``, the record was created in the initial state (the
        state field's default) without a timeline entry. An empty path leaves it there.

        Each step must be declared and leave from the state the previous one reached
        (``InvalidTransition`` otherwise, before anything is written). The engine sets the state the
        path ends in and the fields its steps stamp (with the step's time), bulk-creates the
        records, then their timeline entries: a fixed number of queries, whatever the count. Who
        may is not asked (the caller checks that the importing user manages the records'
        committee), and no notices are sent: these things happened before."""
        now = timezone.now()
        records, entries = [], []
        for obj, steps in arrivals:
            state = NEW
            for step in steps:
                transition = self[step.name]
                if state == NEW and NEW not in transition.sources:
                    state = self.initial
                if state not in transition.sources:
                    raise self._refusal(transition, state)
                target = transition.reaches(state)
                for field in transition.stamps:
                    setattr(obj, field, step.at or now)
                if transition.recorded:
                    entries.append((obj, transition.action, state, target, step))
                state = target
            setattr(obj, self.state_field, self.initial if state == NEW else state)
            records.append(obj)
        records = self.model._default_manager.bulk_create(records, batch_size=batch_size)
        if self.timeline is not None:
            insert_rows(
                self.timeline,
                [f"{self._subject}_id", "at", "actor_id", "action", "from_state", "to_state", "note"],
                [
                    (
                        obj.pk,
                        step.at or now,
                        step.actor.pk if step.actor else None,
                        action,
                        source,
                        target,
                        step.note,
                    )
                    for obj, action, source, target, step in entries
                ],
            )
        return records


@cache
def lifecycle_of_timeline(timeline: type[models.Model]) -> Workflow | None:
    """The lifecycle that writes the timeline model ``timeline``."""
    return next((w for w in lifecycles() if w.timeline is timeline), None)


def lifecycles() -> list[Workflow]:
    """Every lifecycle the installed apps declare in their ``workflow`` modules."""
    found = []
    for app in apps.get_app_configs():
        name = f"{app.name}.workflow"
        if name != __name__ and find_spec(name) is not None:
            found += [value for value in vars(import_module(name)).values() if isinstance(value, Workflow)]
    return found
