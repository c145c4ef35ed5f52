"""The password page of every signed-in user (the portal's and the admin's users alike): Django's
password change, on the site's own pages, saying why when the password has expired."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from .expiry import password_expired


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            expired=password_expired(self.request.user), max_age_days=settings.PASSWORD_MAX_AGE_DAYS, **kwargs
        )


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"
