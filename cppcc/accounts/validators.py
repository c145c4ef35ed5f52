"""Password rules. Django's own minimum-length message lacks a Chinese translation in this release."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return gettext("This password is too short: it must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }
