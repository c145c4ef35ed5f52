"""Writes of the organisation core that every app uses: notifications through their channels (in
the platform, e-mail, SMS), the preferences that choose them, and reminders sent once."""

import logging
import threading
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connections, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from cppcc.core import sms
from cppcc.core.querysets import CHANGE

from .links import page_of
from .models import (
    ALWAYS_SMS,
    SMS_PARAMS,
    Channel,
    Delivery,
    Member,
    Notification,
    NotificationKind,
    NotificationPreference,
    SentReminder,
    User,
)

logger = logging.getLogger("cppcc.notify")


def preferences_of(users: Iterable[User], kind: str) -> dict[int, dict[str, bool]]:
    """Each user's channels for ``kind``: their preference, or the defaults; SMS on for the kinds
    that always go by SMS."""
    ids = [user.pk for user in users]
    chosen = {
        row["user_id"]: row
        for row in NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values(
            "user_id", "in_app", "email", "sms"
        )
    }
    channels = {}
    for user_id in ids:
        row = chosen.get(user_id, NotificationPreference.DEFAULTS)
        channels[user_id] = {
            "in_app": row["in_app"],
            "email": row["email"],
            "sms": row["sms"] or kind in ALWAYS_SMS,
        }
    return channels


def _params_of(about: Model | None, params: Mapping | None) -> dict:
    found = {name: getattr(about, name, "") for name in ("title", "code")} if about is not None else {}
    return {**found, **(params or {})}


def notify(
    *,
    users: Iterable[User],
    message: str,
    about: Model | None = None,
    kind: str = NotificationKind.GENERAL,
    params: Mapping | None = None,
) -> list[Notification]:
    """Tell users something through the channels each chose for ``kind``: in the platform, by e-mail
    where they have an address, by SMS where their member record has a phone (the kinds in
    ``ALWAYS_SMS`` whatever they chose). ``about`` is the object the message concerns; the in-app
    notification and the e-mail link to its page. A text message carries only the template
    parameters of its kind (``SMS_PARAMS``), from ``params`` or read from ``about`` (its title, code).

    E-mails and text messages go after the surrounding transaction commits, so a rolled-back action
    sends none, and a failed one breaks nothing: it is recorded as a ``Delivery``. Returns the
    in-app notifications."""
    recipients = list({user.pk: user for user in users if user is not None}.values())
    if not recipients:
        return []
    channels = preferences_of(recipients, kind)
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
            if channels[user.pk]["in_app"]
        ]
    )
    link = page_of(type(about), about.pk) if about is not None else ""
    emails = [
        (user.pk, user.email, message[:78], f"{message}\n\n{link}".strip())
        for user in recipients
        if user.email and channels[user.pk]["email"]
    ]
    by_sms = [user.pk for user in recipients if channels[user.pk]["sms"]]
    phones = (
        Member.objects.filter(user_id__in=by_sms).exclude(phone="").values_list("user_id", "phone")
        if by_sms
        else []
    )
    values = sms.clean_params(_params_of(about, params), SMS_PARAMS.get(kind, ()))
    texts = [(user_id, sms.Sms(phone=phone, kind=kind, params=values)) for user_id, phone in phones]
    if emails or texts:
        transaction.on_commit(lambda: _dispatch(kind=kind, emails=emails, texts=texts), robust=True)
    return notifications


def _dispatch(**batch) -> None:
    """Deliver a committed notification's e-mails and messages: in a thread of their own where
    ``NOTIFY_IN_BACKGROUND`` (a meeting of 400 members is 400 messages at the provider's rate; the
    request that invited them does not wait), else at once (the tests, the commands' output)."""
    if settings.NOTIFY_IN_BACKGROUND:
        threading.Thread(target=_deliver_in_thread, kwargs=batch, name="cppcc-notify").start()
    else:
        deliver(**batch)


def _deliver_in_thread(**batch) -> None:
    try:
        deliver(**batch)
    finally:
        connections.close_all()


def mask_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"[:30]


def deliver(*, kind: str, emails: list[tuple], texts: list[tuple[int, sms.Sms]]) -> list[Delivery]:
    """Send the e-mails (``(user_id, address, subject, body)``) and text messages (``(user_id,
    Sms)``) of one notification and record each delivery. Nothing raised by a channel escapes."""
    deliveries = []
    if emails:
        connection = get_connection(fail_silently=False)
        for user_id, address, subject, body in emails:
            mail = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
            masked = mask_email(address)
            result = _attempt(lambda mail=mail: sms.SmsResult(sent=mail.send() == 1), kind, masked)
            deliveries.append(_delivery(user_id, kind, Channel.EMAIL, masked, result))
    if texts:
        backend = _attempt(sms.get_backend, kind, "SMS_BACKEND")
        for user_id, text in texts:
            masked = sms.mask_phone(text.phone)
            if isinstance(backend, sms.SmsResult):
                result = backend
            else:
                result = _attempt(lambda text=text: backend.send(text), kind, masked)
            deliveries.append(_delivery(user_id, kind, Channel.SMS, masked, result))
    try:
        return Delivery.objects.bulk_create(deliveries)
    except Exception:
        logger.exception("The delivery log could not be written")
        return []


def _attempt(send, kind: str, to: str):
    """``send()``, or a failed ``SmsResult`` naming what it raised (logged, ``to`` masked)."""
    try:
        return send()
    except Exception as error:
        logger.warning("Delivery of a %s notice to %s failed: %s", kind, to, type(error).__name__)
        return sms.SmsResult(sent=False, attempts=1, error=type(error).__name__)


def _delivery(user_id: int, kind: str, channel: str, address: str, result: sms.SmsResult) -> Delivery:
    return Delivery(
        user_id=user_id,
        kind=kind,
        channel=channel,
        address=address,
        status=Delivery.Status.SENT if result.sent else Delivery.Status.FAILED,
        attempts=result.attempts,
        provider_id=result.message_id[:100],
        error=result.error[:300],
    )


def claim_reminder(*, kind: str, about: Model, user: User, slot) -> bool:
    """Record that the reminder ``kind`` about ``about`` for ``user`` on ``slot`` (a day) is being
    sent; False where it already was (by this run, an earlier one or another server: the unique
    constraint lets one insert win, and the others send nothing)."""
    # Looked up before the transaction, so that it holds a single INSERT: SQLite refuses a
    # transaction that read and then writes while another server writes ("database is locked").
    content_type = ContentType.objects.get_for_model(about)
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                kind=kind,
                content_type=content_type,
                object_id=about.pk,
                user=user,
                slot=slot,
            )
    except IntegrityError:
        return False
    return True


def remind(
    *,
    users: Iterable[User],
    message: str,
    about: Model,
    kind: str,
    slot,
    params: Mapping | None = None,
) -> list[User]:
    """``notify`` the users not yet reminded of ``kind`` about ``about`` on ``slot``; returns them."""
    recipients = {user.pk: user for user in users if user is not None}.values()
    claimed = [user for user in recipients if claim_reminder(kind=kind, about=about, user=user, slot=slot)]
    notify(users=claimed, message=message, about=about, kind=kind, params=params)
    return claimed


@transaction.atomic
def notification_preferences_set(
    *, user: User, choices: Mapping[str, Mapping[str, bool]], actor: User
) -> list[NotificationPreference]:
    """Set ``user``'s channels per kind (``{kind: {"in_app", "email", "sms"}}``; a channel left out
    keeps its value). The user sets their own; the secretariat those of its committee's members.
    The always-SMS kinds keep SMS on."""
    own = actor.is_authenticated and actor.pk == user.pk
    if not own and not Member.objects.restrict(actor, CHANGE).filter(user=user).exists():
        raise PermissionDenied(_("You may not do this."))
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    saved = []
    for kind, channels in choices.items():
        if kind not in NotificationKind.values:
            continue
        preference = current.get(kind) or NotificationPreference(user=user, kind=kind)
        for channel in (Channel.IN_APP, Channel.EMAIL, Channel.SMS):
            if channel in channels:
                setattr(preference, channel, bool(channels[channel]))
        if kind in ALWAYS_SMS:
            preference.sms = True
        preference.save()
        saved.append(preference)
    return saved


@transaction.atomic
def user_senior_mode_set(*, user: User, on: bool) -> User:
    """长辈模式: the user's own choice of large text and high contrast on every page."""
    user.senior_mode = on
    user.save(update_fields=["senior_mode"])
    return user
