from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cppcc.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import response_cache

        connection_created.connect(response_cache.install, dispatch_uid="response-cache-watch-writes")
