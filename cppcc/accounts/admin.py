"""The sign-in audit log (read-only) and the lockouts, with the secretariat's unlock action; the
audit log (read-only). Which entries a clerk reads and unlocks is the visibility gate's
(``LoginAttempt.objects.restrict``, ``AuditEntry.objects.restrict``)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import RestrictedAdminMixin, permission

from . import services
from .models import AuditEntry, Lockout, LoginAttempt


class SecretariatReadOnlyAdmin(RestrictedAdminMixin, admin.ModelAdmin):
    """Read here, written by the sign-in machinery only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(SecretariatReadOnlyAdmin):
    list_display = ["at", "username", "user", "ip", "success", "reason", "user_agent"]
    list_filter = ["success", "reason"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"
    list_select_related = ["user"]


@admin.register(Lockout)
class LockoutAdmin(SecretariatReadOnlyAdmin):
    list_display = ["key", "scope", "failures", "last_failure_at", "locked_until", "locked"]
    list_filter = ["scope"]
    search_fields = ["key"]
    actions = ["unlock"]

    @admin.display(boolean=True, description=_("locked"))
    def locked(self, obj):
        return obj.is_locked()

    def has_unlock_permission(self, request):
        return request.user.has_perm(permission(self.opts, "change"))

    @admin.action(permissions=["unlock"], description=_("Unlock the selected usernames and addresses"))
    def unlock(self, request, queryset):
        lockouts = list(queryset.restrict(request.user, "change"))
        for lockout in lockouts:
            services.lockout_release(lockout=lockout, actor=request.user)
        self.message_user(request, _("Unlocked: %(count)d.") % {"count": len(lockouts)}, messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(SecretariatReadOnlyAdmin):
    """The audit log: read by the secretariat, written by ``services.audit_record`` only."""

    list_display = ["at", "actor_name", "ip", "action", "committee", "label", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["actor_name", "label", "object_id", "ip"]
    date_hierarchy = "at"
    list_select_related = ["committee"]
    fields = [
        "at",
        "actor",
        "actor_name",
        "ip",
        "action",
        "committee",
        "object_type",
        "object_id",
        "label",
        "details",
        "prev_hash",
        "hash",
    ]
