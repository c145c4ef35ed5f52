"""A small engine for lifecycles: each app's ``workflow.py`` declares its states and transitions
with it, and its services ask it before changing a state (OpenSlides-style: a state lists what it
allows). Permission is checked before state, so the wrong role gets 403 and the wrong state 409."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class InvalidTransition(Exception):
    """The object's current state does not allow the transition (HTTP 409)."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None where the service decides (e.g. a rating closes or reopens)
    may: Callable[..., bool]  # (access, obj) -> bool: who may take it
    label: str = ""


@dataclass
class Workflow:
    states: type  # a TextChoices of the states
    transitions: list[Transition] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name = {t.name: t for t in self.transitions}
        known = set(self.states.values)
        for t in self.transitions:
            unknown = (t.sources | ({t.target} if t.target else set())) - known
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {unknown}")

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def check(self, name: str, *, obj, access, state_field: str = "state") -> Transition:
        """Raise PermissionDenied or InvalidTransition unless ``access`` may take ``name`` on ``obj`` now."""
        transition = self[name]
        if not transition.may(access, obj):
            raise PermissionDenied(_("You may not do this."))
        state = getattr(obj, state_field)
        if state not in transition.sources:
            raise InvalidTransition(
                _("Cannot %(action)s in the state “%(state)s”.")
                % {"action": transition.label or transition.name, "state": self.states(state).label}
            )
        return transition

    def available(self, *, obj, access, state_field: str = "state") -> list[Transition]:
        """The transitions this user may take on this object now (for buttons and admin actions)."""
        state = getattr(obj, state_field)
        return [t for t in self.transitions if state in t.sources and t.may(access, obj)]
