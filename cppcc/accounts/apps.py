from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cppcc.accounts"
    label = "accounts"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the failed-login receiver)
