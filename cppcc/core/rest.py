"""Shared API machinery: strict filters, enum labels and the visible-queryset viewset base.

Every app's viewsets build on these, so filters and the visibility rule behave the same everywhere.
"""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, relations, serializers, viewsets
from rest_framework.fields import SkipField
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


LISTED = "_listed_"


def listed(lookup: str, queryset: QuerySet | None = None) -> Prefetch:
    """A prefetch into a plain list on each row, read by ``prefetched()``: for an ordinary prefetch
    Django builds a manager and a queryset on every row for every relation, most of the time of a
    page of 200 proposals."""
    return Prefetch(lookup, queryset=queryset, to_attr=LISTED + lookup)


def prefetched(instance, name: str):
    """The rows of ``instance``'s relation ``name`` as prefetched (into a list by ``listed()``, or
    by an ordinary prefetch), or its manager's ``all()`` where they were not."""
    rows = instance.__dict__.get(LISTED + name)
    if rows is not None:
        return rows
    cache = instance.__dict__.get("_prefetched_objects_cache")
    if cache is not None and name in cache:
        return cache[name]
    return getattr(instance, name).all()


class PlannedSerializer(serializers.ModelSerializer):
    """A model serializer that writes each row from a plan made once per serializer: a function
    per field, bound when the plan is made. DRF's ``to_representation`` asks every field of every
    row for its attribute (walking ``source``, probing callables, wrapping primary keys) and builds
    a queryset for every prefetched relation; the plan reads model fields and foreign keys' ids
    directly, relations from the prefetch cache, and calls the bound method of a method field.
    Fields of any other kind keep DRF's own steps, so the output is DRF's, field for field."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [(field.field_name, _step(field, self)) for field in self._readable_fields]
        row = {}
        for name, step in plan:
            try:  # noqa: SIM105 (a context manager per field and row costs more than the field)
                row[name] = step(instance)
            except SkipField:
                pass
        return row


def _step(field, serializer):
    """The function that gives ``field``'s value of a row, as ``Serializer.to_representation``."""
    model = serializer.Meta.model
    source = field.source
    simple = "." not in source and source != "*"
    if isinstance(field, serializers.SerializerMethodField):
        return getattr(serializer, field.method_name)
    if simple and isinstance(field, serializers.ListSerializer) and _to_many(model, source):
        child = field.child.to_representation
        return lambda instance: [child(item) for item in prefetched(instance, source)]
    if (
        simple
        and isinstance(field, relations.ManyRelatedField)
        and _to_many(model, source)
        and type(field.child_relation) is relations.PrimaryKeyRelatedField
        and field.child_relation.pk_field is None
    ):
        return lambda instance: (
            [] if instance.pk is None else [item.pk for item in prefetched(instance, source)]
        )
    concrete = {f.name: f for f in model._meta.concrete_fields}
    if simple and source in concrete:
        column = concrete[source].attname
        if concrete[source].is_relation:
            if type(field) is relations.PrimaryKeyRelatedField and field.pk_field is None:
                return lambda instance: getattr(instance, column)
        elif not isinstance(field, serializers.Serializer):
            represent = field.to_representation

            def value(instance):
                found = getattr(instance, column)
                return None if found is None else represent(found)

            return value
    return _drf_step(field)


def _to_many(model, name: str) -> bool:
    """Whether ``name`` is a relation of ``model`` to many rows (its manager gives them)."""
    try:
        relation = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(relation.one_to_many or relation.many_to_many)


def _drf_step(field):
    get, represent = field.get_attribute, field.to_representation

    def value(instance):
        attribute = get(instance)
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else represent(attribute)

    return value


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
