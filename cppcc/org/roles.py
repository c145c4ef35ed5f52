"""What a user's roles open to them (API.md, "Who sees what"), computed once per request as an
``Access``. The models' visibility rules (``restrict()``, ``querysets.py``) are written over it.

- secretariat: reads everything of its committee and the committees below; writes its own committee;
- leader: reads everything of its committee and the committees below; writes nothing;
- member: reads the organisation and member directory of its committee, and its own records;
- handling_unit: reads the organisation of its committee and what is assigned to its unit.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F

from .models import Committee, Member, Role, RoleAssignment


def committee_children() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Committee.objects.values_list("id", "parent_id"):
        children[parent_id].append(pk)
    return children


def subtree(roots: Iterable[int], children: dict[int | None, list[int]]) -> frozenset[int]:
    """The given committees and every committee below them."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in seen:
            seen.add(pk)
            stack.extend(children.get(pk, ()))
    return frozenset(seen)


def committee_subtree_ids(root_id: int) -> frozenset[int]:
    return subtree([root_id], committee_children())


class InCommittees(Expression):
    """``<column> IN (<ids>)`` written, on PostgreSQL, as ``<column> = ANY('{<ids>}'::bigint[])``:
    one parameter instead of one per committee. PostgreSQL plans both alike, but a province has a
    hundred and more committees, and with one parameter each Django prepares, psycopg2 quotes and
    PostgreSQL parses every id again in every query of a report card (about 0.4 ms a query)."""

    output_field = BooleanField()

    def __init__(self, column: F, committee_ids: Iterable[int]):
        super().__init__()
        self.column = column
        self.ids = sorted(int(pk) for pk in committee_ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        if not self.ids:
            raise EmptyResultSet
        column, params = compiler.compile(self.column)
        return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        array_type = self.column.output_field.cast_db_type(connection)
        return f"{column} = ANY(%s::{array_type}[])", [*params, "{" + ",".join(map(str, self.ids)) + "}"]


def in_committees(committee_ids: Iterable[int], field: str = "committee") -> InCommittees:
    """Records whose ``field`` (a foreign key to Committee) is one of the committees."""
    return InCommittees(F(f"{field}_id"), committee_ids)


@dataclass(frozen=True)
class Access:
    """What one user may reach, by committee id. Computed once per request (see ``access_for``)."""

    user_id: int | None = None
    secretariat_of: frozenset[int] = frozenset()  # committees where the user is secretariat
    oversees: frozenset[int] = frozenset()  # secretariat or leader: these committees and all below
    private_data: frozenset[int] = frozenset()  # secretariat: these committees and all below
    member_of: frozenset[int] = frozenset()  # committees where the user is a member
    unit_committees: frozenset[int] = frozenset()
    member_id: int | None = None
    unit_ids: frozenset[int] = frozenset()
    roles: tuple[tuple[str, int], ...] = ()
    # every committee's children, as read for this access: the subtrees below need no further query
    children: Mapping[int | None, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def subtree(self, committee_id: int) -> frozenset[int]:
        """The committee and every committee below it."""
        return subtree([committee_id], self.children)

    @property
    def manages(self) -> frozenset[int]:
        """Committees whose records the user may write: a secretariat's own committee only."""
        return self.secretariat_of

    @property
    def organisation(self) -> frozenset[int]:
        """Committees whose organisation lists and member directory the user may read."""
        return self.oversees | self.member_of | self.unit_committees

    @property
    def is_staff_anywhere(self) -> bool:
        return bool(self.secretariat_of)

    @property
    def runs_the_platform(self) -> bool:
        """The secretariat of a top-level committee (or an administrator) runs the platform."""
        return bool(self.secretariat_of & frozenset(self.children.get(None, ())))

    def manages_committee(self, committee_id: int) -> bool:
        return committee_id in self.secretariat_of


NO_ACCESS = Access()


def _parents(children: Mapping[int | None, list[int]]) -> dict[int, int | None]:
    return {pk: parent for parent, pks in children.items() for pk in pks}


def reach_roots(user) -> frozenset[int]:
    """The committees at the top of what the user may read (the response cache's scope): every
    record the user may see belongs to one of them, a committee below one or one above one."""
    access = access_for(user)
    children = access.children or committee_children()
    parents = _parents(children)
    reach = access.organisation
    if not reach:
        return frozenset(children.get(None, ()))
    return frozenset(pk for pk in reach if parents.get(pk) not in reach)


def related_committees(committee_ids: Iterable[int]) -> frozenset[int]:
    """The committees, those above them and those below them: whoever may read their records."""
    children = committee_children()
    parents = _parents(children)
    above = set()
    for pk in committee_ids:
        while pk is not None and pk not in above:
            above.add(pk)
            pk = parents.get(pk)
    return frozenset(above) | subtree(committee_ids, children)


def compute_access(user) -> Access:
    if not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    children = committee_children()
    if user.is_superuser:
        everything = subtree(children.get(None, ()), children)
        return Access(
            user_id=user.pk,
            secretariat_of=everything,
            oversees=everything,
            private_data=everything,
            children=children,
        )
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .order_by()  # the sets below need no order, and the default one joins the committees
        .values_list("role", "committee_id", "handling_unit_id")
    )
    by_role: dict[str, set[int]] = defaultdict(set)
    for role, committee_id, _unit in assignments:
        by_role[role].add(committee_id)
    member = (
        Member.objects.filter(user=user, is_active=True)
        .order_by("committee_id", "id")  # the default order, without joining the committees
        .values_list("id", "committee_id")
        .first()
    )
    return Access(
        user_id=user.pk,
        secretariat_of=frozenset(by_role[Role.SECRETARIAT]),
        oversees=subtree(by_role[Role.SECRETARIAT] | by_role[Role.LEADER], children),
        private_data=subtree(by_role[Role.SECRETARIAT], children),
        member_of=frozenset(by_role[Role.MEMBER]),
        unit_committees=frozenset(by_role[Role.HANDLING_UNIT]),
        member_id=member[0] if member and member[1] in by_role[Role.MEMBER] else None,
        unit_ids=frozenset(unit for role, _c, unit in assignments if role == Role.HANDLING_UNIT),
        roles=tuple(sorted((role, committee_id) for role, committee_id, _unit in assignments)),
        children=children,
    )


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    cached = getattr(user, "_cppcc_access", None)
    if cached is None:
        cached = compute_access(user)
        if getattr(user, "is_authenticated", False):
            user._cppcc_access = cached
    return cached
