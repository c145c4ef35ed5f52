from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "platforms"
    label = "platforms"
    verbose_name = _("Activities and platforms")

    def ready(self) -> None:
        from cppcc.core import response_cache

        from .models import Attendance

        # An entry of an activity's list is the activity's committee's record.
        response_cache.belongs_to(Attendance, "activity")
