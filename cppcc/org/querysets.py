"""The bases of every model's visibility rule (``cppcc/core/querysets.py``), written over the
user's ``Access`` (``roles.py``): which committees they oversee, manage, belong to, and which member
and handling units they are.

The rules follow API.md, "Who sees what": the secretariat reads everything of its committee and the
committees below and writes its own committee's; leaders read the same and write nothing; members
read their committee's organisation and directory and their own records; handling units read their
committee's organisation and what is assigned to them.
"""

from functools import reduce
from operator import or_

from django.db.models import F, Q, QuerySet

from cppcc.core.crypto import blind_indexes
from cppcc.core.querysets import CHANGE, PICK, VIEW, RestrictedQuerySet


class AccessQuerySet(RestrictedQuerySet):
    """A rule over the user's ``Access``: subclasses write ``allowed(access, action)``."""

    def restricted(self, user, action: str) -> QuerySet:
        from .roles import access_for  # roles.py reads the models these querysets serve

        return self.allowed(access_for(user), action)

    def allowed(self, access, action: str) -> QuerySet:
        raise NotImplementedError(f"{type(self).__name__} has no rule")

    def any_of(self, *rules: Q | None) -> QuerySet:
        """The rows matching any of the rules; a rule of ``None`` does not apply to the user, and
        when none applies the answer is ``none()``, without a query."""
        applying = [rule for rule in rules if rule is not None]
        if not applying:
            return self.none()
        return self.filter(reduce(or_, applying))

    @staticmethod
    def of_committees(committee_ids, field: str | None = "committee") -> Q | None:
        """Rows whose ``field`` is one of the committees, or with ``field=None`` the committees
        themselves (``InCommittees``: one array parameter, however many committees a province
        has); ``None`` for no committee."""
        from .roles import InCommittees, in_committees  # roles.py reads the models these querysets serve

        if not committee_ids:
            return None
        return Q(
            InCommittees(F("pk"), committee_ids) if field is None else in_committees(committee_ids, field)
        )


class CommitteeRecordsQuerySet(AccessQuerySet):
    """Records that belong to a committee (``committee_field``): read in the committees ``readers``
    names (by default those the user oversees as secretariat or leader), written and picked in the
    committee the user is secretariat of."""

    committee_field = "committee"

    def readers(self, access) -> frozenset[int]:
        return access.oversees

    def allowed(self, access, action: str) -> QuerySet:
        committees = self.readers(access) if action == VIEW else access.manages
        return self.any_of(self.of_committees(committees, self.committee_field))


class OrganisationQuerySet(CommitteeRecordsQuerySet):
    """A committee's organisation (terms, sessions, sectors, special committees, handling units,
    members, proposal categories): read by everyone with a role in the committee or above it."""

    def readers(self, access) -> frozenset[int]:
        return access.organisation


class ActivitiesQuerySet(CommitteeRecordsQuerySet):
    """Activities and the platforms: read by those who oversee the committee and by its members
    (handling-unit contacts read none)."""

    def readers(self, access) -> frozenset[int]:
        return access.oversees | access.member_of


class CommitteeQuerySet(AccessQuerySet):
    """Committees: read where the user has a role (or below, for those who oversee); picked for a
    record in the committee the user is secretariat of; changed by administrators only.
    ``"oversee"``: the committees whose dashboards, report cards and rankings the user reads."""

    actions = (*RestrictedQuerySet.actions, "oversee")

    def allowed(self, access, action: str) -> QuerySet:
        committees = {
            VIEW: access.organisation,
            CHANGE: frozenset(),
            PICK: access.manages,
            "oversee": access.oversees,
        }[action]
        return self.any_of(self.of_committees(committees, field=None))


class PartyQuerySet(OrganisationQuerySet):
    """Parties of a committee, and nationwide parties (no committee): read by everyone with a
    role, picked by every clerk, changed by administrators only."""

    def allowed(self, access, action: str) -> QuerySet:
        committees = access.organisation if action == VIEW else access.manages
        if not committees:
            return self.none()
        nationwide = Q(committee__isnull=True) if action != CHANGE else None
        return self.any_of(nationwide, self.of_committees(committees))


class CalendarQuerySet(AccessQuerySet):
    """The working-day calendar is nationwide: read by everyone with a role anywhere, picked and
    changed by every secretariat clerk."""

    def allowed(self, access, action: str) -> QuerySet:
        if action == VIEW:
            return self.all() if access.organisation else self.none()
        return self.all() if access.is_staff_anywhere else self.none()


class MemberQuerySet(OrganisationQuerySet):
    """Members: the directory is organisation (see ``OrganisationQuerySet``). ``"view_record"``:
    whose duty record and score the user reads: their own, and every member of the committees they
    oversee."""

    actions = (*RestrictedQuerySet.actions, "view_record")

    def with_phone_or_id_number(self, value: str) -> QuerySet:
        """The members whose phone or ID number is ``value`` (spaces and dashes aside), found by
        their blind indexes: the values themselves are encrypted."""
        digests = blind_indexes(value)
        if not digests:
            return self.none()
        return self.filter(Q(phone_index__in=digests) | Q(id_number_index__in=digests))

    def allowed(self, access, action: str) -> QuerySet:
        if action != "view_record":
            return super().allowed(access, action)
        own = Q(pk=access.member_id) if access.member_id is not None else None
        return self.any_of(self.of_committees(access.oversees), own)


class OwnQuerySet(AccessQuerySet):
    """Records of one user (``user_field``), such as notifications: read and written by that user."""

    user_field = "user"

    def allowed(self, access, action: str) -> QuerySet:
        return self.filter(**{f"{self.user_field}_id": access.user_id})


class AccountRecordsQuerySet(AccessQuerySet):
    """Records about one user (``user_field``): a notification preference, a delivery, a reminder
    sent. The user reads their own and, where ``own_writes``, writes them; the secretariat reads and
    writes those of its committee's members (a clerk sets a member's preferences in the admin)."""

    user_field = "user"
    own_writes = True

    def allowed(self, access, action: str) -> QuerySet:
        own = Q(**{f"{self.user_field}_id": access.user_id}) if access.user_id is not None else None
        if action != VIEW and not self.own_writes:
            own = None
        return self.any_of(own, self.of_committees(access.manages, f"{self.user_field}__member__committee"))


class LogQuerySet(AccountRecordsQuerySet):
    """A record of what the platform did for a user: read as ``AccountRecordsQuerySet``, written by
    no one through the gate."""

    def allowed(self, access, action: str) -> QuerySet:
        return super().allowed(access, action) if action == VIEW else self.none()


class UserQuerySet(AccessQuerySet):
    """Accounts: the secretariat reads and picks every account (to give one a role or a membership);
    everyone else reads their own. Administrators change them."""

    def allowed(self, access, action: str) -> QuerySet:
        if action == CHANGE:
            return self.none()
        if access.is_staff_anywhere:
            return self.all()
        return self.filter(pk=access.user_id)

    def holding_roles_in(self, committee_ids) -> QuerySet:
        """The users with a role or a membership in one of the committees."""
        committees = list(committee_ids)
        return self.filter(
            Q(roles__committee__in=committees) | Q(member__committee__in=committees)
        ).distinct()
