from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cppcc.site.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        """The portal's pages of proposals, reports and speeches are where notifications about them link."""
        from django.urls import reverse

        from cppcc.org.links import register_page
        from opinions.models import OpinionReport
        from proposals.models import Proposal
        from speeches.models import Speech

        register_page(Proposal, lambda pk: reverse("portal:proposal", args=[pk]))
        register_page(OpinionReport, lambda pk: reverse("portal:opinion", args=[pk]))
        register_page(Speech, lambda pk: reverse("portal:speech", args=[pk]))
