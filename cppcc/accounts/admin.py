"""The sign-in audit log (read-only) and the lockouts, with the secretariat's unlock action; the
users' second factors, with the secretariat's reset. Which entries a clerk reads, unlocks and resets
is the visibility gate's (``LoginAttempt.objects.restrict``). django-otp's own pages of devices,
which show their secret keys, are taken down."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc.core.admin import RestrictedAdminMixin, permission

from . import services
from .models import Lockout, LoginAttempt, SecondFactor

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
    """Who has turned a second factor on, and when it was last used; the reset for a user who lost
    their phone and their recovery codes. Django's admin log keeps who reset whose."""

    list_display = ["user", "created_at", "last_used_at", "recovery_codes"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user"]
    actions = ["reset"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(recovery_codes_left=Count("user__staticdevice__token_set"))
        )

    @admin.display(description=_("recovery codes left"), ordering="recovery_codes_left")
    def recovery_codes(self, obj):
        return obj.recovery_codes_left

    def has_reset_permission(self, request):
        return request.user.has_perm(permission(self.opts, "change"))

    @admin.action(permissions=["reset"], description=_("Reset the second factor of the selected users"))
    def reset(self, request, queryset):
        factors = list(queryset.restrict(request.user, "change").select_related("user"))
        self.log_deletions(request, factors)
        for factor in factors:
            services.second_factor_reset(user=factor.user, actor=request.user)
        self.message_user(request, _("Reset: %(count)d.") % {"count": len(factors)}, messages.SUCCESS)
