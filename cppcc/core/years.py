"""The years a user may name, wherever one is typed: API parameters and filters, the portal's and
the admin's forms, the score rules' table. From 1949, the year of the first CPPCC plenary, to 2100;
one range and one message everywhere."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

FIRST_YEAR, LAST_YEAR = 1949, 2100
OUT_OF_RANGE = _("Enter a year between 1949 and 2100.")
MESSAGES = {"min_value": OUT_OF_RANGE, "max_value": OUT_OF_RANGE}


def sensible_year(field: str = "year") -> Q:
    """The condition of a check constraint on a year column."""
    return Q(**{f"{field}__gte": FIRST_YEAR}) & Q(**{f"{field}__lte": LAST_YEAR})


def checked_year(value) -> int:
    """A year given to a filter, or a 400 (``{"year": [...]}``)."""
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise exceptions.ValidationError({"year": [OUT_OF_RANGE]})
    return int(value)


class YearField(serializers.IntegerField):
    """A year among an API's parameters."""

    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=MESSAGES, **kwargs)


class YearFormField(forms.IntegerField):
    """A year in a form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("year"))
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=MESSAGES, **kwargs)
