"""Every write of sign-in security: the sign-in log, failure counts, lockouts, unlocking, API
tokens, the password history, the second factor; the audit log (``audit_record``) and the logs'
retention (``logs_purge``).

Failures are counted per username and per client IP address in the database, so every process
behind the load balancer sees the same counts. ``LOGIN_LOCKOUT_FAILURES`` failures in a row for a
username (``LOGIN_LOCKOUT_IP_FAILURES`` for an address) lock it for ``LOGIN_LOCKOUT_MINUTES``; a
successful sign-in clears the username's count; failures older than the lockout period are forgotten.
"""

import hashlib
import math
import secrets
from datetime import datetime, timedelta
from ipaddress import ip_address

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalChanges

from cppcc.core.querysets import CHANGE
from cppcc.org.models import User
from cppcc.org.roles import access_for, committee_children

from . import audit
from .models import ApiToken, AuditEntry, Lockout, LoginAttempt, PasswordHistory, SecondFactor
from .second_factor import (
    CACHED,
    device_for_code,
    has_second_factor,
    normalise,
    pending_enrolment,
    second_factor_changed,
    second_factor_required,
)

# last_used is written when it is this old or older: at most once a minute per token.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


class LoginLocked(ValidationError):
    """Raised from ``authenticate`` while a lockout holds: forms show it as their error message."""

    def __init__(self, lockout: Lockout):
        self.lockout = lockout
        self.retry_after = max(1, math.ceil((lockout.locked_until - timezone.now()).total_seconds()))
        if lockout.scope == Lockout.Scope.IP:
            message = _(
                "Too many failed sign-ins from this network address. Try again in %(minutes)s minutes, "
                "or ask the secretariat to unlock it."
            )
        else:
            message = _(
                "Too many failed sign-ins: this account is locked. Try again in %(minutes)s minutes, "
                "or ask the secretariat to unlock it."
            )
        super().__init__(message, code="locked", params={"minutes": math.ceil(self.retry_after / 60)})


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``NUM_PROXIES`` trusted proxies the address
    the outermost of them put in X-Forwarded-For (the same rule as the API's throttles)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if settings.NUM_PROXIES and forwarded:
        address = forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    try:
        return str(ip_address(address))
    except ValueError:
        return None


def _attempt(*, request, username: str, user: User | None, reason: str) -> LoginAttempt:
    user_agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginAttempt.objects.create(
        username=username[:150],
        user=user,
        ip=client_ip(request),
        user_agent=user_agent[:300],
        success=reason == LoginAttempt.Reason.SUCCESS,
        reason=reason,
    )


def _keys(*, request, username: str) -> list[tuple[str, str, int]]:
    keys = [(Lockout.Scope.USERNAME, username[:150], settings.LOGIN_LOCKOUT_FAILURES)]
    ip = client_ip(request)
    if ip:
        keys.append((Lockout.Scope.IP, ip, settings.LOGIN_LOCKOUT_IP_FAILURES))
    return keys


def active_lockout(*, request, username: str) -> Lockout | None:
    """The lockout that refuses this sign-in now (of the username or of the address), if any."""
    match = Q()
    for scope, key, _threshold in _keys(request=request, username=username):
        match |= Q(scope=scope, key=key)
    return Lockout.objects.filter(match, locked_until__gt=timezone.now()).order_by("-locked_until").first()


@transaction.atomic
def login_refusal(*, request, username: str) -> LoginLocked | None:
    """Check the lockouts before checking a password; a refusal is written to the audit log."""
    lockout = active_lockout(request=request, username=username)
    if lockout is None:
        return None
    _attempt(request=request, username=username, user=None, reason=LoginAttempt.Reason.LOCKED)
    return LoginLocked(lockout)


@transaction.atomic
def login_failure_register(
    *, request, username: str, reason: str = LoginAttempt.Reason.BAD_CREDENTIALS
) -> LoginAttempt:
    """Log a wrong username or password (or one-time code) and count it; lock what reached its
    threshold."""
    now = timezone.now()
    period = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    for scope, key, threshold in _keys(request=request, username=username):
        lockout, _created = Lockout.objects.select_for_update().get_or_create(scope=scope, key=key)
        lock_expired = lockout.locked_until is not None and lockout.locked_until <= now
        stale = lockout.last_failure_at is not None and now - lockout.last_failure_at > period
        if lock_expired or stale:
            lockout.failures, lockout.locked_until = 0, None
        lockout.failures += 1
        lockout.last_failure_at = now
        if lockout.failures >= threshold and lockout.locked_until is None:
            lockout.locked_until = now + period
        lockout.save()
    user = User.objects.filter(username=username).first()
    return _attempt(request=request, username=username, user=user, reason=reason)


@transaction.atomic
def login_success_register(*, request, user: User) -> LoginAttempt:
    """Log a successful sign-in and forget the username's earlier failures."""
    for lockout in Lockout.objects.filter(scope=Lockout.Scope.USERNAME, key=user.get_username()):
        lockout._history_user = user
        lockout.delete()
    return _attempt(
        request=request, username=user.get_username(), user=user, reason=LoginAttempt.Reason.SUCCESS
    )


def login_password_accepted(*, request, user: User) -> LoginAttempt:
    """Log a right password of a user with a second factor: not signed in yet, and the failures
    counted so far stay until the code is right too (else a known password would reset the count
    of guessed codes)."""
    return _attempt(
        request=request, username=user.get_username(), user=user, reason=LoginAttempt.Reason.OTP_PENDING
    )


@transaction.atomic
def lockout_release(*, lockout: Lockout, actor: User) -> None:
    """Unlock a username or address (the secretariat's unlock); the change history records who did it."""
    lockout._history_user = actor
    lockout.delete()


def token_hash(key: str) -> str:
    """What is stored of a token's key: its SHA-256 (a key is 160 random bits, no salt needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user`` (each sign-in of an API client gets its own) and its key, which
    is shown this once; the user's tokens that no longer sign in are deleted."""
    now = timezone.now()
    stale = [token.pk for token in ApiToken.objects.filter(user=user) if token.expiry(now)]
    ApiToken.objects.filter(pk__in=stale).delete()
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        key_hash=token_hash(key),
        prefix=key[:8],
        user=user,
        name=name[:100],
        created=now,
        last_used=now,
        expires=now + timedelta(days=settings.TOKEN_MAX_AGE_DAYS),
    )
    return token, key


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Note that the token was used now, at most once a minute (one conditional UPDATE, which
    several processes may race for harmlessly)."""
    if now - token.last_used >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk, last_used__lte=now - TOKEN_USE_RESOLUTION).update(last_used=now)
        token.last_used = now


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Revoke one token: its owner's, or a user's of the committee whose secretariat ``actor`` is."""
    if not ApiToken.objects.restrict(actor, CHANGE).filter(pk=token.pk).exists():
        raise PermissionDenied(_("You may not do this."))
    token.delete()


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Delete every API token of the user (signing out of all API clients). True when there was one."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


# --- Password history (the password policy) ------------------------------------------------------


@transaction.atomic
def password_history_record(*, user: User) -> PasswordHistory:
    """Keep the hash of the password just set, with the time, and forget those older than the last
    ``PASSWORD_HISTORY_COUNT`` (the newest is kept even at 0: it tells the password's age). A hash
    already the newest is the same setting of the password, told twice: kept once."""
    history = PasswordHistory.objects.filter(user=user)
    newest = history.first()
    if newest is not None and newest.password == user.password:
        return newest
    entry = PasswordHistory.objects.create(user=user, password=user.password)
    kept = list(history.values_list("pk", flat=True)[: max(settings.PASSWORD_HISTORY_COUNT, 1)])
    history.exclude(pk__in=kept).delete()
    return entry


# --- The second factor ----------------------------------------------------------------------------


def _wrong_code() -> ValidationError:
    return ValidationError(
        _("The code is wrong or has expired. Enter the code your app shows now, or a recovery code."),
        code="otp_invalid",
    )


def _check_code(*, device, code: str) -> None:
    """Verify ``code`` on ``device`` (locked while it is checked, so a code is taken once), or raise
    a ValidationError: ``otp_throttled`` while the device waits after wrong codes (nothing is
    checked), ``otp_invalid`` for a wrong code. django-otp's throttle counts the failure."""
    allowed, refusal = device.verify_is_allowed()
    if not allowed:
        seconds = max(1, math.ceil((refusal["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(
            _("Too many wrong codes. Try again in %(seconds)s seconds."),
            code="otp_throttled",
            params={"seconds": seconds},
        )
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        accepted = locked.verify_token(code)
    if not accepted:
        raise _wrong_code()


def second_factor_verify(*, user: User, code: str) -> None:
    """Check a code of the user's second factor: from the authenticator app, or a recovery code
    (which is then used up). Raises ValidationError as ``_check_code``."""
    code = normalise(code)
    device = device_for_code(user, code) if code else None
    if device is None:
        raise _wrong_code()
    _check_code(device=device, code=code)


def second_factor_sign_in(*, request, user: User, code: str) -> None:
    """The second step of signing in: refused while the username or address is locked out; a wrong
    code is logged and counted towards the lockout as a wrong password is; a right one is a
    successful sign-in (logged, the failures forgotten)."""
    refusal = login_refusal(request=request, username=user.get_username())
    if refusal is not None:
        raise refusal
    try:
        second_factor_verify(user=user, code=code)
    except ValidationError as error:
        if error.code == "otp_invalid":
            login_failure_register(
                request=request, username=user.get_username(), reason=LoginAttempt.Reason.BAD_OTP
            )
        raise
    login_success_register(request=request, user=user)


def second_factor_start(*, user: User, code: str = "") -> TOTPDevice:
    """A new authenticator app for the user, unconfirmed (and not asked for) until a code from it
    is entered; an earlier unconfirmed one is dropped. Replacing one in use takes a code of it (or
    a recovery code), so that a session left open cannot move the second factor to another phone."""
    if has_second_factor(user):
        second_factor_verify(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=gettext("authenticator app"), confirmed=False)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """``OTP_RECOVERY_CODES`` new single-use recovery codes, replacing the earlier ones; they are
    shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=gettext("recovery codes"))
    codes = [StaticToken.random_token() for _i in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_confirm(*, user: User, code: str) -> list[str]:
    """Turn on the authenticator app being added, once a code from it is right: it replaces the one
    before, and new recovery codes replace the old. Answers the recovery codes."""
    device = pending_enrolment(user)
    if device is None:
        raise ValidationError(_("Start again: scan the new QR code first."), code="otp_not_started")
    _check_code(device=device, code=normalise(code))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        codes = recovery_codes_issue(user=user)
    user.__dict__.pop(CACHED, None)
    second_factor_changed.send(sender=User, user=user, actor=user, action="enrolled")
    return codes


def recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """New recovery codes for a user with a second factor, given one of its codes."""
    second_factor_verify(user=user, code=code)
    return recovery_codes_issue(user=user)


@transaction.atomic
def _second_factor_remove(*, user: User) -> bool:
    deleted_apps, _by_model = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.__dict__.pop(CACHED, None)
    return bool(deleted_apps)


def second_factor_disable(*, user: User, code: str) -> None:
    """Turn the second factor off, given one of its codes; not for a user who must have one (they
    replace it instead)."""
    if second_factor_required(user):
        raise ValidationError(
            _("Your role requires a second factor: it cannot be turned off, only moved to a new phone."),
            code="otp_required",
        )
    second_factor_verify(user=user, code=code)
    _second_factor_remove(user=user)
    second_factor_changed.send(sender=User, user=user, actor=user, action="disabled")


def second_factor_reset(*, user: User, actor: User) -> bool:
    """The secretariat's reset of a user who lost their phone and recovery codes: the second factor
    is removed (a user who must have one sets it up again at the next sign-in). Only for the users
    of ``actor``'s own committee. True when there was one."""
    if not SecondFactor.objects.restrict(actor, CHANGE).filter(pk=user.pk).exists():
        raise PermissionDenied(_("You may not do this."))
    removed = _second_factor_remove(user=user)
    second_factor_changed.send(sender=User, user=user, actor=actor, action="reset")
    return removed


@transaction.atomic
def second_factor_cancel(*, user: User) -> None:
    """Drop the authenticator app being added (the one in use, if any, stays)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


# --- The audit log and the logs' retention ------------------------------------------------------

# The key of PostgreSQL's advisory lock that keeps one writer at a time on the audit chain's head.
AUDIT_CHAIN_LOCK = 0x6175646974  # "audit"


def _lock_chain() -> None:
    """On PostgreSQL, hold the chain's head until the transaction ends (a transaction-level advisory
    lock): an INSERT reads the head with the snapshot it starts with, so without it two writers
    could both follow the same entry (the unique ``prev_hash`` would refuse the second). SQLite has
    one writer at a time: the INSERT that reads the head holds the database's write lock."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


def _head() -> str | None:
    return AuditEntry._base_manager.order_by("-id").values_list("hash", flat=True).first()


def _common_committee(committee_ids, children) -> int | None:
    """The lowest committee that is, or is above, every one of the committees."""
    parents = {pk: parent for parent, pks in children.items() for pk in pks}
    paths = []
    for pk in set(committee_ids):
        path = []
        while pk is not None:
            path.append(pk)
            pk = parents.get(pk)
        paths.append(path)
    if not paths:
        return None
    shared = set(paths[0]).intersection(*paths[1:])
    return next((pk for pk in paths[0] if pk in shared), None)


def _append(*, fields: dict, first: str = audit.GENESIS) -> AuditEntry:
    """Insert an entry after the chain's newest (``first`` when there is none) in one statement,
    which reads the head and hashes the entry with it: SHA-256 of the canonical JSON
    (``audit.canonical_parts``), by the database (PostgreSQL's ``sha256``, the SHA256 function
    Django gives SQLite). One query on SQLite, two on PostgreSQL (the lock)."""
    connection = transaction.get_connection()
    entry = AuditEntry(**fields)
    quote = connection.ops.quote_name
    table = quote(AuditEntry._meta.db_table)
    columns = [
        field for field in AuditEntry._meta.concrete_fields if field.name not in ("id", "prev_hash", "hash")
    ]
    values = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in columns]
    head = f"COALESCE((SELECT {quote('hash')} FROM {table} ORDER BY {quote('id')} DESC LIMIT 1), %s)"
    if connection.vendor == "postgresql":
        digest = f"encode(sha256(convert_to(%s || {head} || %s, 'UTF8')), 'hex')"
    else:
        digest = f"SHA256(%s || {head} || %s)"
    prefix, suffix = audit.canonical_parts(fields)
    names = ", ".join(quote(field.column) for field in columns)
    sql = (
        f"INSERT INTO {table} ({names}, {quote('prev_hash')}, {quote('hash')}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}, {head}, {digest}) "
        f"RETURNING {quote('id')}, {quote('prev_hash')}, {quote('hash')}"
    )
    _lock_chain()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, first, prefix, first, suffix])
        entry.id, entry.prev_hash, entry.hash = cursor.fetchone()
    entry._state.adding, entry._state.db = False, connection.alias
    return entry


@transaction.atomic(savepoint=False)
def audit_record(
    *,
    action: str,
    actor: User | None = None,
    request=None,
    target: models.Model | None = None,
    label: str = "",
    committee_ids=(),
    details: dict | None = None,
) -> AuditEntry:
    """Append an entry to the audit log: who (``actor``, else the request's user), from where (the
    request's address), what (``action``, on ``target`` or the list ``label`` names), with
    ``details`` (plain JSON: ids, a list's name and filters, a row count). The entry concerns the
    lowest committee over ``committee_ids``, else over the committees the actor is secretariat of
    (else holds a role in); its secretariat and those above read it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    access = access_for(actor) if actor is not None else None
    if not committee_ids and access is not None:
        committee_ids = access.secretariat_of or {committee for _role, committee in access.roles}
    committee = None
    if committee_ids:
        children = access.children if access is not None and access.children else committee_children()
        committee = _common_committee(committee_ids, children)
    fields = {
        "at": timezone.now(),
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": actor.get_username() if actor is not None else "",
        "ip": client_ip(request),
        "action": action,
        "committee_id": committee,
        "object_type": target._meta.label_lower if target is not None else "",
        "object_id": str(target.pk) if target is not None else "",
        "label": (label or (str(target) if target is not None else ""))[:300],
        "details": details or {},
    }
    return _append(fields=fields)


def _history_models() -> list[type[models.Model]]:
    """The change-history tables of simple_history (their rows have a ``history_date``)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and any(f.name == "history_date" for f in model._meta.fields)
    ]


@transaction.atomic
def logs_purge(*, now: datetime | None = None, dry_run: bool = False) -> dict:
    """Remove the sign-in records, audit entries and change-history rows older than
    ``LOG_RETENTION_DAYS`` (never fewer than 180: a system check refuses less). The audit entries
    removed are those before the first one within the retention, a prefix of the chain; the purge
    appends its own entry, whose ``anchor`` is the hash of the last one removed, so the chain left
    still verifies. Answers the counts removed (with ``dry_run``, those that would be, and nothing
    is written)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LOG_RETENTION_DAYS)
    _lock_chain()
    head = _head()
    # The oldest entries up to the first one within the retention: the chain loses a prefix only.
    entries = AuditEntry._base_manager.order_by("id")
    first_kept = entries.filter(at__gte=cutoff).values_list("id", flat=True).first()
    old_entries = entries.filter(id__lt=first_kept) if first_kept is not None else entries
    last_old = old_entries.order_by("-id").values_list("hash", flat=True).first()
    sign_ins = LoginAttempt._base_manager.filter(at__lt=cutoff)
    history = {
        model._meta.label_lower: model._base_manager.filter(history_date__lt=cutoff)
        for model in _history_models()
    }
    counts = {
        "audit": old_entries.count(),
        "sign_ins": sign_ins.count(),
        "history": {label: rows.count() for label, rows in history.items() if rows.exists()},
    }
    if dry_run:
        return counts
    # The entries' own delete() refuses: the purge deletes through the base queryset's.
    models.QuerySet.delete(old_entries)
    sign_ins.delete()
    for rows in history.values():
        rows.delete()
    details = {
        "cutoff": cutoff.isoformat(),
        "retention_days": settings.LOG_RETENTION_DAYS,
        "removed": counts,
    }
    if last_old:
        details["anchor"] = last_old
    _append(
        first=head or audit.GENESIS,
        fields={
            "at": timezone.now(),
            "actor_id": None,
            "actor_name": "",
            "ip": None,
            "action": AuditEntry.Action.PURGE,
            "committee_id": None,
            "object_type": "",
            "object_id": "",
            "label": "logs_purge",
            "details": details,
        },
    )
    return counts
