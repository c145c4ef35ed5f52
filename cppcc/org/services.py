"""Writes of the organisation core that every app uses: notifications."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import Notification, User


def notify(*, users: Iterable[User], message: str, link: str = "") -> list[Notification]:
    """Tell users something in the app, and by email where they have an address.

    Emails are sent after the surrounding transaction commits, so a rolled-back action sends none.
    """
    recipients = {user.pk: user for user in users if user is not None}.values()
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, message=message[:300], link=link) for user in recipients]
    )
    emails = [
        (message[:78], f"{message}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email
    ]
    if emails:
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=True))
    return notifications
