"""Django's createsuperuser, with the password policy applied to ``DJANGO_SUPERUSER_PASSWORD`` too:
Django validates a password typed at the prompt but takes the environment's as it is."""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            try:
                validate_password(password, self.UserModel(**self.named_fields(options)))
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
        return super().handle(*args, **options)

    def named_fields(self, options) -> dict[str, str]:
        """The username and other plain required fields, from the options or the environment."""
        names = [self.UserModel.USERNAME_FIELD, *self.UserModel.REQUIRED_FIELDS]
        values = {
            name: options.get(name) or os.environ.get("DJANGO_SUPERUSER_" + name.upper()) for name in names
        }
        return {
            name: value
            for name, value in values.items()
            if value and not self.UserModel._meta.get_field(name).is_relation
        }
