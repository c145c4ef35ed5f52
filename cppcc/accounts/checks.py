"""The logs' retention: ``LOG_RETENTION_DAYS`` below 180 days (the Cybersecurity Law's minimum)
fails every start.

A production database must not keep the demo accounts' password (``cppcc-demo``): with debug off,
``manage.py migrate`` and ``manage.py check --database default`` (the service runs it before it
starts) fail while an active demo account still has it. Only the demo usernames are tried, so the
check costs a few hashes at most."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.utils.translation import gettext

from cppcc.org.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from cppcc.org.models import Role, User


@register(Tags.security, Tags.database)
def demo_passwords(app_configs=None, databases=None, **kwargs) -> list[Error]:
    if settings.DEBUG or not databases:
        return []
    usernames = [username for username, *_rest in DEMO_ACCOUNTS]
    try:
        demo = User._base_manager.filter(username__in=usernames, is_active=True)
        accounts = list(demo.values_list("username", "password"))
    except DatabaseError:  # not migrated yet: no accounts to check
        return []
    found = sorted(username for username, encoded in accounts if check_password(DEMO_PASSWORD, encoded))
    if not found:
        return []
    return [
        Error(
            gettext(
                "The demo accounts %(usernames)s still have the demo password, which is allowed only "
                "with DJANGO_DEBUG on."
            )
            % {"usernames": ", ".join(found)},
            hint=gettext("Give each a new password (manage.py changepassword USERNAME) or deactivate them."),
            id="accounts.E001",
        )
    ]


@register(Tags.security)
def second_factor_roles(app_configs=None, **kwargs) -> list[Error]:
    """``OTP_REQUIRED_ROLES`` names roles that exist: a misspelt one would require nobody."""
    unknown = sorted(set(settings.OTP_REQUIRED_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            gettext("OTP_REQUIRED_ROLES names unknown roles: %(roles)s.") % {"roles": ", ".join(unknown)},
            hint=gettext("Choose among %(roles)s.") % {"roles": ", ".join(Role.values)},
            id="accounts.E002",
        )
    ]


MINIMUM_RETENTION_DAYS = 180


@register(Tags.security)
def log_retention(app_configs=None, **kwargs) -> list[Error]:
    if settings.LOG_RETENTION_DAYS >= MINIMUM_RETENTION_DAYS:
        return []
    return [
        Error(
            gettext("LOG_RETENTION_DAYS is %(days)d: logs must be kept at least %(minimum)d days.")
            % {"days": settings.LOG_RETENTION_DAYS, "minimum": MINIMUM_RETENTION_DAYS},
            hint=gettext("Set DJANGO_LOG_RETENTION_DAYS to 180 or more (the Cybersecurity Law's minimum)."),
            id="accounts.E003",
        )
    ]
