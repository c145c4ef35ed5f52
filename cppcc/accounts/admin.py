"""The sign-in audit log (read-only) and the lockouts, with the secretariat's unlock action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cppcc.org.roles import access_for

from . import selectors, services
from .models import Lockout, LoginAttempt


class SecretariatReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_staff_anywhere and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

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

    def get_queryset(self, request):
        return selectors.login_attempts_visible_to(request.user)


@admin.register(Lockout)
class LockoutAdmin(SecretariatReadOnlyAdmin):
    list_display = ["key", "scope", "failures", "last_failure_at", "locked_until", "locked"]
    list_filter = ["scope"]
    search_fields = ["key"]
    actions = ["unlock"]

    def get_queryset(self, request):
        return selectors.lockouts_visible_to(request.user)

    @admin.display(boolean=True, description=_("locked"))
    def locked(self, obj):
        return obj.is_locked()

    def has_unlock_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    @admin.action(permissions=["unlock"], description=_("Unlock the selected usernames and addresses"))
    def unlock(self, request, queryset):
        lockouts = list(queryset)
        for lockout in lockouts:
            services.lockout_release(lockout=lockout, actor=request.user)
        self.message_user(request, _("Unlocked: %(count)d.") % {"count": len(lockouts)}, messages.SUCCESS)
