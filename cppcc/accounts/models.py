"""The sign-in audit log, the lockouts that repeated failures cause, the password history, the
API's tokens and the second factors."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from cppcc.core.querysets import VIEW, RestrictedQuerySet
from cppcc.org.models import User
from cppcc.org.querysets import AccessQuerySet


class SignInRecordsQuerySet(AccessQuerySet):
    """The sign-in audit log and the lockouts, for the secretariat: those who run the platform (the
    secretariat of a top-level committee) read every entry, including those of unknown usernames
    and network addresses; other clerks the entries of the users with a role or a membership in
    the committees they oversee."""

    def allowed(self, access, action: str) -> QuerySet:
        if not access.is_staff_anywhere:
            return self.none()
        if access.runs_the_platform:
            return self.all()
        return self.of_users(User.objects.holding_roles_in(access.oversees))

    def of_users(self, users: QuerySet) -> QuerySet:
        raise NotImplementedError


class LoginAttemptQuerySet(SignInRecordsQuerySet):
    """The audit log is read, never written: no one changes an entry."""

    def allowed(self, access, action: str) -> QuerySet:
        return super().allowed(access, action) if action == VIEW else self.none()

    def of_users(self, users: QuerySet) -> QuerySet:
        return self.filter(user__in=users)


class LockoutQuerySet(SignInRecordsQuerySet):
    """A clerk unlocks (changes) the lockouts they read; those of addresses are read by those who
    run the platform only."""

    def of_users(self, users: QuerySet) -> QuerySet:
        return self.filter(scope=Lockout.Scope.USERNAME, key__in=users.values("username"))


class LoginAttempt(models.Model):
    """One sign-in attempt through any door (admin, portal, API token), successful or not.

    An append-only audit log: rows are written by ``services`` and never changed, so unlike the
    records of the domain it keeps no change history of its own.
    """

    class Reason(models.TextChoices):
        SUCCESS = "success", _("signed in")
        BAD_CREDENTIALS = "bad_credentials", _("wrong username or password")
        LOCKED = "locked", _("refused: locked out")
        OTP_PENDING = "otp_pending", _("password accepted, one-time code awaited")
        BAD_OTP = "bad_otp", _("wrong one-time code")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="login_attempts",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    success = models.BooleanField(_("success"), default=False)
    reason = models.CharField(_("result"), max_length=20, choices=Reason.choices)

    objects = LoginAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["ip", "at"], name="login_attempt_ip_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(success=True, reason="success")
                | models.Q(success=False) & ~models.Q(reason="success"),
                name="login_attempt_success_matches_reason",
                violation_error_message=_(
                    "A sign-in attempt succeeds exactly when its result is 'signed in'."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username} {timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.get_reason_display()}"


class Lockout(models.Model):
    """Failed sign-ins counted for one username or one IP address; locked while ``locked_until`` is ahead."""

    class Scope(models.TextChoices):
        USERNAME = "username", _("username")
        IP = "ip", _("IP address")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    key = models.CharField(_("username or IP address"), max_length=150)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, db_index=True)
    objects = LockoutQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lockout")
        verbose_name_plural = _("lockouts")
        ordering = ["-locked_until", "-last_failure_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"],
                name="lockout_unique_scope_key",
                violation_error_message=_(
                    "There is already a failure count for this username or IP address."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key}"

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


# --- Password history (the password policy) ------------------------------------------------------


class PasswordHistoryQuerySet(RestrictedQuerySet):
    """Password hashes are read by the password rules only: no page or list shows them to anyone."""

    def restricted(self, user, action: str) -> QuerySet:
        return self.none()


class PasswordHistory(models.Model):
    """A password a user has had, as its hash, and when it was set: the newest is the current one.

    Written whenever a password is set (``PasswordHistoryValidator.password_changed``), pruned to the
    last ``PASSWORD_HISTORY_COUNT``; read to refuse a password used recently and to tell a
    password's age (``PASSWORD_MAX_AGE_DAYS``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("password hash"), max_length=128)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = PasswordHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["user", "-set_at"], name="password_history_user_set_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {timezone.localtime(self.set_at):%Y-%m-%d %H:%M:%S}"


class ApiTokenQuerySet(AccessQuerySet):
    """API tokens: their owner reads and revokes them; the secretariat reads those of the users
    with a role or a membership in its committee and the committees below, and revokes those of
    its own committee's."""

    def allowed(self, access, action: str) -> QuerySet:
        committees = access.private_data if action == VIEW else access.manages
        theirs = Q(user__in=User.objects.holding_roles_in(committees).values("pk")) if committees else None
        return self.any_of(Q(user_id=access.user_id), theirs)


class ApiToken(models.Model):
    """A token an API client signs in with (``Authorization: Token <key>``), one per sign-in.

    Only a hash of the key is kept: the key is shown once, when it is issued, and the first
    characters (``prefix``) tell the owner which token a row is. It expires ``expires``, and sooner
    when unused for ``TOKEN_IDLE_TIMEOUT`` seconds (``last_used``, written at most once a minute).
    """

    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("key prefix"), max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    created = models.DateTimeField(_("issued"), default=timezone.now)
    last_used = models.DateTimeField(_("last used"), default=timezone.now)
    expires = models.DateTimeField(_("expires"), db_index=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}".strip()

    def expiry(self, now=None) -> str | None:
        """Why the token no longer signs in (``"expired"``, ``"idle"``), or None while it does."""
        now = now or timezone.now()
        if self.expires <= now:
            return "expired"
        idle = settings.TOKEN_IDLE_TIMEOUT
        if idle and (now - self.last_used).total_seconds() > idle:
            return "idle"
        return None


# --- The second factor ----------------------------------------------------------------------------


class SecondFactorQuerySet(AccessQuerySet):
    """The users with a second factor, as the secretariat's admin reads them: those with a role or a
    membership in its committee and the committees below; it resets (changes) those of its own
    committee, as it revokes their API tokens."""

    def allowed(self, access, action: str) -> QuerySet:
        committees = access.private_data if action == VIEW else access.manages
        if not committees:
            return self.none()
        return self.filter(
            Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            pk__in=User.objects.holding_roles_in(committees).values("pk"),
        )


class SecondFactor(User):
    """A user who has turned a second factor on (an authenticator app, django-otp's TOTP device), as
    the secretariat sees it: when, when last used, how many recovery codes are left; never the
    secret. Written by ``services`` only."""

    objects = SecondFactorQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")
        ordering = ["username"]


# --- The audit log ------------------------------------------------------------------------------


NEVER_CHANGED = _("The audit log is append-only: its entries are never changed.")
NEVER_DELETED = _("The audit log is append-only: its entries are deleted only by logs_purge.")


class AuditEntryQuerySet(AccessQuerySet):
    """The audit log, for the secretariat: a clerk reads the entries of their committee and the
    committees below (``Access.private_data``); those who run the platform read every entry, those
    of no committee too (a permission given by an administrator, a command). No one changes or
    deletes an entry through the application: ``update()`` and ``delete()`` refuse, and the only
    rule is for reading."""

    def allowed(self, access, action: str) -> QuerySet:
        if action != VIEW or not access.private_data:
            return self.none()
        if access.runs_the_platform:
            return self.all()
        return self.any_of(self.of_committees(access.private_data))

    def update(self, **kwargs):
        raise AuditEntry.AppendOnly(NEVER_CHANGED)

    def delete(self):
        raise AuditEntry.AppendOnly(NEVER_DELETED)


class AuditEntry(models.Model):
    """One audited event: a read of members' private fields, an export, a role or permission change.

    Append-only and chained: each entry holds the hash of the one before it (``prev_hash``) and its
    own ``hash``, SHA-256 over a canonical JSON of its fields and ``prev_hash`` (``audit.py``), so a
    changed, inserted or removed entry breaks the chain (``manage.py audit_verify``). Written by
    ``services.audit_record`` only; ``save()`` refuses an existing row and ``delete()`` refuses
    always. ``committee`` is the committee the event concerns, which decides who reads it.
    """

    class AppendOnly(Exception):
        """A change or deletion of an entry was attempted."""

    class Action(models.TextChoices):
        PRIVATE_READ = "private_read", _("private fields read")
        EXPORT = "export", _("export")
        ROLE_CHANGE = "role_change", _("role change")
        PERMISSION_CHANGE = "permission_change", _("permission change")
        OTP_RESET = "otp_reset", _("second factor reset")
        PURGE = "purge", _("logs purged")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Neither link is ever rewritten (a deleted user or committee leaves its id): both are hashed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("actor's username"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    committee = models.ForeignKey(
        "org.Committee",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    label = models.CharField(_("object"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Unique: no two entries follow the same one (the chain never forks).
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor", "at"], name="audit_entry_actor_at")]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.AppendOnly(NEVER_CHANGED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.AppendOnly(NEVER_DELETED)
