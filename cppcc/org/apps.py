from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cppcc.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from cppcc.core import response_cache

        from .models import Committee, User
        from .roles import reach_roots, related_committees

        # No API response shows a login's change history (the admin's alone) or Django's stamp of
        # the last sign-in, so signing in empties nothing.
        response_cache.ignore_writes(User.history.model)
        response_cache.ignore_writes(User, fields=["last_login"])
        # The records of a committee (and theirs: a proposal's replies, an activity's attendance)
        # are versioned per committee, so a county's writes keep the other cities' entries.
        response_cache.scope_by(
            Committee, roots=reach_roots, related=related_committees, exclude_apps=[self.label]
        )
