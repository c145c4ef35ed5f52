from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework every app builds on: no models of its own. Installed for its start-up hook:
    the response cache watches every database connection's writes."""

    name = "cppcc.core"
    label = "core"
    verbose_name = _("Framework")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import response_cache

        connection_created.connect(response_cache.install, dispatch_uid="response-cache-watch")
