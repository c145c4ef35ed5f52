"""The password page and the second factor's pages of every signed-in user (the portal's and the
admin's users alike): Django's password change, on the site's own pages, saying why when the
password has expired; the code step of signing in; turning the second factor on and off."""

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cppcc.core.qr import qr_svg

from . import services
from .expiry import password_expired
from .forms import CodeForm
from .second_factor import (
    PENDING,
    pending_enrolment,
    recovery_codes_left,
    second_factor,
    second_factor_required,
)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            expired=password_expired(self.request.user), max_age_days=settings.PASSWORD_MAX_AGE_DAYS, **kwargs
        )


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"


def _safe_next(request) -> str:
    """Where to go once signed in: the ``next`` of the request when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@method_decorator(never_cache, name="dispatch")
class SecondFactorVerifyView(FormView):
    """The second step of signing in (admin and portal alike): a code from the authenticator app or
    a recovery code. A wrong code counts towards the lockout; while locked out the page answers 429."""

    template_name = "registration/second_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.user = getattr(request, "unverified_user", None)
        if self.user is None or not self.user.is_authenticated:
            return redirect(_safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request), **kwargs)

    def form_valid(self, form):
        try:
            services.second_factor_sign_in(
                request=self.request, user=self.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
            response = self.form_invalid(form)
            if error.code == "locked":
                response.status_code = 429
                response.headers["Retry-After"] = str(error.retry_after)
            return response
        self.request.session.pop(PENDING)
        self.request.session.cycle_key()  # the session now signs in fully: a new key
        return redirect(_safe_next(self.request))


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(LoginRequiredMixin, TemplateView):
    """The second factor's page of every signed-in user: turn it on (scan the QR code, enter a code,
    note the recovery codes, shown once), new recovery codes, move it to another phone, turn it off.
    Every change to one in use takes one of its codes."""

    template_name = "registration/second_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        pending = pending_enrolment(user)
        context = {
            "device": second_factor(user),
            "pending": pending,
            "required": second_factor_required(user),
            "codes_left": recovery_codes_left(user),
        }
        if pending is not None:
            secret = b32encode(pending.bin_key).decode()
            context.update(
                qr=qr_svg(pending.config_url),
                otpauth_uri=pending.config_url,
                secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        action, user, code = request.POST.get("action"), request.user, request.POST.get("code", "")
        try:
            if action == "cancel":
                services.second_factor_cancel(user=user)
            elif action == "start":
                services.second_factor_start(user=user, code=code)
            elif action == "confirm":
                return self.codes(services.second_factor_confirm(user=user, code=code), enrolled=True)
            elif action == "codes":
                return self.codes(services.recovery_codes_renew(user=user, code=code), enrolled=False)
            elif action == "disable":
                services.second_factor_disable(user=user, code=code)
                messages.success(request, _("The second factor is off."))
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(error=error.messages[0], failed=action))
        return redirect("second_factor")

    def codes(self, codes: list[str], *, enrolled: bool):
        """The recovery codes, this once."""
        return TemplateResponse(
            self.request, "registration/recovery_codes.html", {"codes": codes, "enrolled": enrolled}
        )
