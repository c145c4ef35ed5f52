"""Who may read the sign-in audit log and the lockouts.

A secretariat clerk reads the entries of the users of the committees they oversee (role holders and
members). Entries that belong to no known user (unknown usernames, network addresses) are read by
administrators and by the secretariat of a top-level committee, who run the platform.
"""

from django.db.models import Q, QuerySet

from cppcc.org.models import Committee, User
from cppcc.org.roles import access_for

from .models import Lockout, LoginAttempt


def _runs_the_platform(user) -> bool:
    access = access_for(user)
    return user.is_superuser or Committee.objects.filter(id__in=access.secretariat_of, parent=None).exists()


def users_overseen_by(user) -> QuerySet[User]:
    oversees = list(access_for(user).oversees)
    return User.objects.filter(
        Q(roles__committee__in=oversees) | Q(member__committee__in=oversees)
    ).distinct()


def login_attempts_visible_to(user) -> QuerySet[LoginAttempt]:
    attempts = LoginAttempt.objects.select_related("user")
    if not access_for(user).is_staff_anywhere:
        return attempts.none()
    if _runs_the_platform(user):
        return attempts
    return attempts.filter(user__in=users_overseen_by(user))


def lockouts_visible_to(user) -> QuerySet[Lockout]:
    lockouts = Lockout.objects.all()
    if not access_for(user).is_staff_anywhere:
        return lockouts.none()
    if _runs_the_platform(user):
        return lockouts
    return lockouts.filter(scope=Lockout.Scope.USERNAME, key__in=users_overseen_by(user).values("username"))
