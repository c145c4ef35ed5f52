"""The resident identity card number (居民身份证号码, GB 11643-1999): six digits of the address
code, the birth date as YYYYMMDD, a three-digit sequence, and a check character computed from the
seventeen before it (ISO 7064 MOD 11-2: 0–9 or X)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def id_number_check_character(first_seventeen: str) -> str:
    """The check character of the seventeen digits before it."""
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def validate_id_number(value: str) -> None:
    if not re.fullmatch(r"\d{17}[\dXx]", value):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."), code="id_number_format"
        )
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("Characters 7 to 14 of an ID number are the birth date (YYYYMMDD)."), code="id_number_date"
        ) from None
    if id_number_check_character(value[:17]) != value[17].upper():
        raise ValidationError(
            _("The last character of this ID number does not match the others; check it."),
            code="id_number_check",
        )
