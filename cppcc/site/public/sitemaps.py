"""The sitemap (``/sitemap.xml``) of the public pages: the list, every committee's page and every
published proposal's."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cppcc.org.models import Committee

from . import selectors


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:proposals", "public:committees"]

    def location(self, item):
        return reverse(item)


class CommitteeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Committee.objects.order_by("id")

    def location(self, item):
        return reverse("public:committee", args=[item.pk])


class ProposalSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.published().only("id", "closed_at", "registered_at")

    def location(self, item):
        return reverse("public:proposal", args=[item.pk])

    def lastmod(self, item):
        return item.closed_at or item.registered_at


SITEMAPS = {"pages": PagesSitemap, "committees": CommitteeSitemap, "proposals": ProposalSitemap}
