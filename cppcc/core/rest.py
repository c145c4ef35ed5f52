"""Shared API machinery: strict filters, enum labels and the visible-queryset viewset base.

Every app's viewsets build on these, so filters and the visibility rule behave the same everywhere.
"""

import django_filters
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.negotiation import DefaultContentNegotiation

from .querysets import VIEW
from .response_cache import CachedReadsMixin
from .years import checked_year


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """``true``/``false`` (or 1/0); any other value is a 400, not silently ignored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "choices", [("true", _("yes")), ("false", _("no")), ("1", _("yes")), ("0", _("no"))]
        )
        kwargs.setdefault("coerce", lambda value: value in ("true", "1"))
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    """The project's filter base: strict booleans."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }


class YearFilterMixin(FilterSet):
    year = django_filters.NumberFilter(method="filter_year", label=_("year"))
    year_field: str = ""

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(**{f"{self.year_field}__year": checked_year(value)})


class DisplayField(serializers.CharField):
    """The label of the model's enum field ``source`` in the active language, as
    ``get_<field>_display()`` gives it. The labels are translated once per serialization, when the
    field is bound, not once per row: a list page has thousands of them."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        choices = parent.Meta.model._meta.get_field(self.source).flatchoices
        self.labels = {value: str(label) for value, label in choices}

    def to_representation(self, value):
        return self.labels.get(value, value)


def display(field: str) -> DisplayField:
    """``<field>_display``: the label of an enum code in the active language."""
    return DisplayField(source=field)


class JSONOnly(DefaultContentNegotiation):
    """Always JSON: ``?format=`` names an export format (xlsx, docx) on these views, not a renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class VisibleModelViewSet(CachedReadsMixin, viewsets.GenericViewSet):
    """A viewset whose rows pass the visibility gate (NetBox's base viewset): it names its
    ``queryset`` (with what its serializer reads) and every list, detail and action reads
    ``queryset.restrict(user, "view")``, applied here once, so an object the user may not read
    answers 404. A subclass that adds to the queryset per request extends ``get_queryset`` from
    ``super()``. What a user may do to an object they read is the service's decision (403, or 409
    from the lifecycle engine). Reads are served from the response cache when there is one
    (``response_cache``).
    """

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.restrict(self.request.user, VIEW)


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """A visible list and detail, nothing to write."""
