"""Writes of the organisation core that every app uses: notifications."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Model

from .links import page_of
from .models import Notification, User


def notify(*, users: Iterable[User], message: str, about: Model | None = None) -> list[Notification]:
    """Tell users something in the app, and by email where they have an address. ``about`` is the
    object the message concerns; the in-app notification and the e-mail link to its page.

    Emails are sent after the surrounding transaction commits, so a rolled-back action sends none.
    """
    recipients = {user.pk: user for user in users if user is not None}.values()
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                message=message[:300],
                content_type=content_type,
                object_id=about.pk if about is not None else None,
            )
            for user in recipients
        ]
    )
    link = page_of(type(about), about.pk) if about is not None else ""
    emails = [
        (message[:78], f"{message}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email
    ]
    if emails:
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=True))
    return notifications
