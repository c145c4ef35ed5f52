from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: health endpoint, security headers, structured logs, backup and restore."""

    name = "cppcc.ops"
    label = "ops"
    verbose_name = _("Operations")
