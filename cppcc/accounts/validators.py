"""The password policy: the validators of ``AUTH_PASSWORD_VALIDATORS``, which Django runs wherever a
password is set (the admin's forms, the password page, changepassword and createsuperuser).

Their limits come from settings (``PASSWORD_MIN_LENGTH``, ``PASSWORD_CHARACTER_CLASSES``,
``PASSWORD_HISTORY_COUNT``), read when they run, unless ``OPTIONS`` give them.

The history's validator also records every password set: Django calls the validators'
``password_changed`` when a user is saved after ``set_password``, whatever called it (a form, a
command, a service), and not when it rehashes the same password at sign-in (so the password's age
stays). Accounts created with a password already hashed (``create_user``) are recorded by a
``post_save`` receiver (``signals.py``). Both are Django's own hooks: nothing else has to remember
to record a password.
"""

import contextlib

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext, ngettext

from . import services
from .models import PasswordHistory

# Parts of the user's names shorter than this are not looked for in a password; Chinese names, of
# two characters or more, always are.
SHORTEST_LATIN_PART = 3


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with ``PASSWORD_MIN_LENGTH`` and a message that has a Chinese translation (Django's
    own lacks one in this release)."""

    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    @property
    def min_length(self) -> int:
        return self._min_length if self._min_length is not None else settings.PASSWORD_MIN_LENGTH

    def get_error_message(self):
        return gettext("This password is too short: it must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return gettext("Your password must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols (anything else) the password mixes."""
    return sum(
        [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.isupper() or c.islower() or c.isdigit()) for c in password),
        ]
    )


class CharacterClassesValidator:
    """At least ``PASSWORD_CHARACTER_CLASSES`` of the four classes of characters."""

    def __init__(self, min_classes: int | None = None):
        self._min_classes = min_classes

    @property
    def min_classes(self) -> int:
        return self._min_classes if self._min_classes is not None else settings.PASSWORD_CHARACTER_CLASSES

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_character_classes")

    def get_help_text(self):
        return gettext(
            "Your password must mix at least %(count)d of: upper-case letters, lower-case letters, "
            "digits, symbols."
        ) % {"count": self.min_classes}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's similarity test on the username, the name and the e-mail address, and besides it:
    the password contains neither the username nor the user's name nor their member record's name
    (a Chinese name of two characters is as telling as a long username)."""

    DEFAULT_USER_ATTRIBUTES = ("username", "name", "first_name", "last_name", "email")
    CONTAINED_ATTRIBUTES = ("username", "name")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password, user=None):
        super().validate(password, user)
        if not user:
            return
        lowered = password.lower()
        for value in self.names(user):
            part = value.strip().lower()
            if len(part) >= (SHORTEST_LATIN_PART if part.isascii() else 2) and part in lowered:
                raise ValidationError(
                    gettext("Your password must not contain your username or your name."),
                    code="password_contains_user_attribute",
                )

    def names(self, user) -> list[str]:
        values = [getattr(user, attribute, None) for attribute in self.CONTAINED_ATTRIBUTES]
        if user.pk is not None:
            with contextlib.suppress(ObjectDoesNotExist):
                values.append(user.member.name)
        return [value for value in values if isinstance(value, str) and value]

    def get_help_text(self):
        return gettext("Your password must not contain your username or your name, nor resemble them.")


class PasswordHistoryValidator:
    """None of the last ``PASSWORD_HISTORY_COUNT`` passwords (the current one among them), compared
    with the hashes kept in ``PasswordHistory``; records each password set."""

    def __init__(self, history_count: int | None = None):
        self._history_count = history_count

    @property
    def history_count(self) -> int:
        return self._history_count if self._history_count is not None else settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.history_count <= 0:
            return
        recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
        hashes = dict.fromkeys([user.password, *recent[: self.history_count]])
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        services.password_history_record(user=user)

    def get_help_text(self):
        return ngettext(
            "Your password must differ from your last password.",
            "Your password must differ from your last %(count)d passwords.",
            self.history_count,
        ) % {"count": self.history_count}
