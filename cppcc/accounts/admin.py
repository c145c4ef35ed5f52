"""The sign-in audit log (read-only) and the lockouts, with the secretariat's unlock action; the
users' second factors, with the secretariat's reset, and the audit log (read-only). Which entries a
clerk reads, unlocks and resets is the visibility gate's (``LoginAttempt.objects.restrict``,
``AuditEntry.objects.restrict``). django-otp's own pages of devices, which show their secret keys,
are taken down."""

from django.contrib import admin, messages
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc.core.admin import RestrictedAdminMixin, permission

from . import services
from .models import AuditEntry, Lockout, LoginAttempt, SecondFactor

admin.site.unregister([TOTPDevice, StaticDevice])


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


@admin.register(SecondFactor)
class SecondFactorAdmin(SecretariatReadOnlyAdmin):
    """The users who have turned a second factor on, when, and when it was last used; the reset
    for a user who lost their phone and their recovery codes. Django's admin log keeps who reset
    whose."""

    list_display = ["username", "name", "enrolled_at", "last_used_at", "recovery_codes_left"]
    fields = ["username", "name"]
    search_fields = ["username", "name"]
    actions = ["reset"]

    def get_queryset(self, request):
        confirmed = Q(totpdevice__confirmed=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                enrolled=Max("totpdevice__created_at", filter=confirmed),
                last_used=Max("totpdevice__last_used_at", filter=confirmed),
                codes_left=Count("staticdevice__token_set", distinct=True),
            )
        )

    @admin.display(description=_("turned on"), ordering="enrolled")
    def enrolled_at(self, obj):
        return obj.enrolled

    @admin.display(description=_("last used"), ordering="last_used")
    def last_used_at(self, obj):
        return obj.last_used

    @admin.display(description=_("recovery codes left"), ordering="codes_left")
    def recovery_codes_left(self, obj):
        return obj.codes_left

    def has_reset_permission(self, request):
        return request.user.has_perm(permission(self.opts, "change"))

    @admin.action(permissions=["reset"], description=_("Reset the second factor of the selected users"))
    def reset(self, request, queryset):
        users = list(queryset.restrict(request.user, "change"))
        self.log_deletions(request, users)
        for user in users:
            services.second_factor_reset(user=user, actor=request.user)
        self.message_user(request, _("Reset: %(count)d.") % {"count": len(users)}, messages.SUCCESS)


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
