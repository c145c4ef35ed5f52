"""Count every refused sign-in, whichever view called ``django.contrib.auth.authenticate``; start
the clock of every session signed in (``middleware.py``) and hold it for the second factor of a
user who has one (``second_factor.py``); record the password of every account created with one.

Write the audit log's entries (``services.audit_record``): the exports and the private fields
shown that the lower layers announce (``cppcc.core.audit``), every role given, changed or taken
away, every change of a user's staff, superuser or active flag, groups or permissions, and of a
group's permissions, by whoever makes it (the request's user, from simple_history's middleware; no
one for a command), and the secretariat's resets of second factors. A restore (``raw``) writes none."""

import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from cppcc.core.audit import exported, private_fields_read
from cppcc.org.models import Member, RoleAssignment, User

from . import services
from .middleware import stamp
from .models import AuditEntry
from .second_factor import PENDING, has_second_factor, second_factor_changed


@receiver(user_login_failed, dispatch_uid="cppcc.accounts.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if isinstance(username, str) and username:
        services.login_failure_register(request=request, username=username)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="cppcc.accounts.first_password")
def record_first_password(sender, instance, created, raw=False, **kwargs):
    """``create_user`` and ``create_superuser`` hash the password without ``set_password``, so the
    password validators' ``password_changed`` never hears of it: the history starts here. (A restore
    loads the history with the accounts: ``raw``.)"""
    if created and not raw and instance.password and instance.has_usable_password():
        services.password_history_record(user=instance)


@receiver(user_logged_in, dispatch_uid="cppcc.accounts.stamp_session")
def stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp(request.session, time.time())


@receiver(user_logged_in, dispatch_uid="cppcc.accounts.hold_for_second_factor")
def hold_for_second_factor(sender, request, user, **kwargs):
    """A password signs a user with a second factor half in: the session waits for the code."""
    if request is None or not hasattr(request, "session"):
        return
    if has_second_factor(user):
        request.session[PENDING] = True
    else:
        request.session.pop(PENDING, None)


# --- The audit log ------------------------------------------------------------------------------


def _request():
    """The request being answered, where simple_history's middleware keeps it (None in a command)."""
    return getattr(HistoricalRecords.context, "request", None)


@receiver(exported, dispatch_uid="cppcc.accounts.audit_export")
def audit_export(sender, user, request, name, filters, rows, file, **kwargs):
    services.audit_record(
        action=AuditEntry.Action.EXPORT,
        actor=user,
        request=request,
        label=name,
        details={"list": name, "filters": filters, "rows": rows, "file": file},
    )


@receiver(private_fields_read, dispatch_uid="cppcc.accounts.audit_private_read")
def audit_private_read(sender, user, request, members, where, **kwargs):
    services.audit_record(
        action=AuditEntry.Action.PRIVATE_READ,
        actor=user,
        request=request,
        label=where,
        committee_ids={committee for _member, committee in members},
        details={
            "members": sorted(member for member, _committee in members),
            "fields": list(Member.PRIVATE_FIELDS),
            "where": where,
        },
    )


ROLE_FIELDS = ("user_id", "committee_id", "role", "handling_unit_id")
USER_FLAGS = ("is_staff", "is_superuser", "is_active")


def _role_values(assignment) -> dict:
    return {field: getattr(assignment, field) for field in ROLE_FIELDS}


@receiver(post_init, sender=RoleAssignment, dispatch_uid="cppcc.accounts.role_initial")
def role_initial(sender, instance, **kwargs):
    instance._audit_initial = _role_values(instance) if instance.pk else None


@receiver(post_save, sender=RoleAssignment, dispatch_uid="cppcc.accounts.audit_role_saved")
def audit_role_saved(sender, instance, created, raw=False, **kwargs):
    before = None if created else getattr(instance, "_audit_initial", None)
    after = _role_values(instance)
    if raw or before == after:
        return
    _audit_role(instance, "given" if created else "changed", before=before, after=after)
    instance._audit_initial = after


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="cppcc.accounts.audit_role_deleted")
def audit_role_deleted(sender, instance, **kwargs):
    _audit_role(instance, "taken", before=_role_values(instance), after=None)


def _audit_role(assignment, change: str, *, before, after) -> None:
    committees = {values["committee_id"] for values in (before, after) if values}
    services.audit_record(
        action=AuditEntry.Action.ROLE_CHANGE,
        actor=getattr(assignment, "_history_user", None),
        request=_request(),
        target=assignment,
        committee_ids=committees,
        details={"change": change, "before": before, "after": after},
    )


@receiver(post_init, sender=settings.AUTH_USER_MODEL, dispatch_uid="cppcc.accounts.user_initial")
def user_initial(sender, instance, **kwargs):
    instance._audit_flags = {flag: getattr(instance, flag) for flag in USER_FLAGS} if instance.pk else None


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="cppcc.accounts.audit_user_flags")
def audit_user_flags(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A change of a user's staff, superuser or active flag (a new user's when any is set)."""
    if raw or (update_fields is not None and not set(update_fields) & set(USER_FLAGS)):
        return
    before = None if created else getattr(instance, "_audit_flags", None)
    after = {flag: getattr(instance, flag) for flag in USER_FLAGS}
    changed = {flag: value for flag, value in after.items() if before is None or before[flag] != value}
    instance._audit_flags = after
    if created:
        changed = {flag: value for flag, value in changed.items() if value and flag != "is_active"}
    if changed:
        _audit_permission(instance, {"user": instance.pk, "flags": changed})


def _audit_permission(target, details: dict) -> None:
    services.audit_record(
        action=AuditEntry.Action.PERMISSION_CHANGE,
        request=_request(),
        target=target,
        details=details,
    )


M2M_ACTIONS = {"post_add": "added", "post_remove": "removed", "pre_clear": "cleared"}


def _audit_links(instance, action, pk_set, relation: str) -> None:
    change = M2M_ACTIONS.get(action)
    if change is None:
        return
    if action == "pre_clear":
        pk_set = set(getattr(instance, relation).values_list("pk", flat=True))
    if not pk_set:
        return
    owner = "group" if isinstance(instance, Group) else "user"
    details = {owner: instance.pk, relation: {change: sorted(pk_set)}}
    _audit_permission(instance, details)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="cppcc.accounts.audit_user_groups")
def audit_user_groups(sender, instance, action, model, pk_set, reverse=False, **kwargs):
    if not reverse:
        _audit_links(instance, action, pk_set, "groups")


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="cppcc.accounts.audit_user_perms")
def audit_user_permissions(sender, instance, action, model, pk_set, reverse=False, **kwargs):
    if not reverse:
        _audit_links(instance, action, pk_set, "user_permissions")


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="cppcc.accounts.audit_group_perms")
def audit_group_permissions(sender, instance, action, model, pk_set, reverse=False, **kwargs):
    if not reverse:
        _audit_links(instance, action, pk_set, "permissions")


@receiver(second_factor_changed, dispatch_uid="cppcc.accounts.audit_second_factor_reset")
def audit_second_factor_reset(sender, user, actor, action, **kwargs):
    """The secretariat's reset of someone's second factor (their own enrolment and disabling are
    theirs, signed in with it, and not audited)."""
    if action != "reset":
        return
    services.audit_record(
        action=AuditEntry.Action.OTP_RESET,
        actor=actor,
        request=_request(),
        target=user,
        details={"user": user.pk},
    )
