"""Settings for the CPPCC duty-tracking platform.

Every deploy-time choice is read from the environment by the typed helpers below; the process
refuses to start when a production setting is missing or unsafe.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def env_map(name: str, default: str = "") -> dict[str, str]:
    """``key:value,key:value`` as a dict."""
    pairs = {}
    for item in env_list(name, default):
        key, sep, value = item.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name} must be key:value pairs separated by commas, not {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name?opt=v`` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(unquote(parts.path)[1:])  # sqlite:///relative.db or sqlite:////absolute.db
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path if path.is_absolute() else BASE_DIR / path),
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        if not parts.path.strip("/"):
            raise ImproperlyConfigured("DATABASE_URL must name a database: postgres://user@host:5432/name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # A server that does not answer fails a request in seconds (503), instead of holding it.
            "OPTIONS": {
                "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
                **dict(parse_qsl(parts.query)),
            },
            # Connections are kept between requests and checked before reuse: after an outage the
            # next request opens a new one, without restarting the server.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported (use sqlite or postgres)"
    )


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Set it to a long random string, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

# Members' phone, address and ID number are encrypted at rest with SM4 (cppcc/core/crypto.py) under
# the first of these keys, ``key id:32 hex digits`` separated by commas; the others only decrypt,
# until ``manage.py encryption_rotate`` has re-encrypted everything under the first. Required when
# debug is off; with debug on (make run, the demo) a fixed development key, public and worthless.
FIELD_ENCRYPTION_KEYS = env_map("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is required when DJANGO_DEBUG is off: a key id and a 128-bit SM4 key "
            'in hex, e.g. k1:$(python3 -c "import secrets; print(secrets.token_hex(16))").'
        )
    FIELD_ENCRYPTION_KEYS = {"dev": "646576656c6f706d656e74206f6e6c79"}
for _key_id, _key in FIELD_ENCRYPTION_KEYS.items():
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", _key_id) or not re.fullmatch(r"[0-9a-fA-F]{32}", _key):
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: {_key_id!r} must be a key id of 1 to 16 letters, digits, _ or -, "
            "and its key 32 hex digits (128 bits)."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    # The second factor's devices: TOTP apps and recovery codes (cppcc/accounts/second_factor.py).
    # Before cppcc.accounts, whose admin takes their own admin pages down (they show the secrets).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django.contrib.auth, so that its createsuperuser (which applies the password policy
    # to DJANGO_SUPERUSER_PASSWORD too) is the one manage.py runs.
    "cppcc.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "huey.contrib.djhuey",
    "cppcc.core",
    "cppcc.core.jobs",
    "cppcc.org",
    "opinions",
    "proposals",
    "platforms",
    "speeches",
    "cppcc.scoring",
    "cppcc.site.portal",
    "cppcc.site.dashboards",
    "cppcc.site.workbench",
    "cppcc.site.public",
    "cppcc.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The database unreachable (503) or the disk for attachments full (507): an answer, not a 500.
    "cppcc.ops.errors.FaultMiddleware",
    "cppcc.ops.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cppcc.accounts.middleware.SessionTimeoutMiddleware",
    # Before the password expiry: a sign-in still waiting for its second factor reaches nothing else.
    "cppcc.accounts.second_factor.SecondFactorMiddleware",
    "cppcc.accounts.expiry.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # With a replica: a browser that wrote reads its write on the dashboards (cppcc/core/replica.py).
    "cppcc.core.replica.ReadYourWritesMiddleware",
]

ROOT_URLCONF = "cppcc.urls"
WSGI_APPLICATION = "cppcc.wsgi.application"
AUTH_USER_MODEL = "org.User"
# Every sign-in (admin, portal, API token) goes through the lockout: N failures in a row for a
# username, or M for one client address, lock it for LOGIN_LOCKOUT_MINUTES (counts in the database).
# Permissions (the admin's, import and export) come from the roles and the visibility gate.
AUTHENTICATION_BACKENDS = [
    "cppcc.accounts.backends.LockoutModelBackend",
    "cppcc.org.permissions.GatePermissionBackend",
]
LOGIN_LOCKOUT_FAILURES = env_int("LOGIN_LOCKOUT_FAILURES", 10)
LOGIN_LOCKOUT_IP_FAILURES = env_int("LOGIN_LOCKOUT_IP_FAILURES", 50)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# Behind nginx every request comes from nginx: the number of proxies in front of Django whose
# X-Forwarded-For entries are trusted to name the client (lockouts and DRF throttles). 0: none.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cppcc.site.portal.context_processors.unread_notifications",
                "cppcc.site.portal.context_processors.senior_mode",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# A streaming replica for the dashboards' reads (cppcc/core/replica.py); unset, everything uses default.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL)
REPLICA_DATABASE = "replica" if DATABASE_REPLICA_URL else None
# The replica not answering: the dashboards read the primary ("primary") or answer 503 ("unavailable").
DATABASE_REPLICA_FALLBACK = env_str("DATABASE_REPLICA_FALLBACK", "primary")
if DATABASE_REPLICA_FALLBACK not in {"primary", "unavailable"}:
    raise ImproperlyConfigured("DATABASE_REPLICA_FALLBACK is primary or unavailable")
DATABASE_ROUTERS = ["cppcc.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, with Redis unreachable no error: the site serves uncached (cppcc/core/cache.py).
            "BACKEND": "cppcc.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a request at most this long per operation.
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT", 1.0),
                "socket_timeout": env_float("REDIS_TIMEOUT", 1.0),
            },
            # Two deployments sharing a Redis never read each other's entries.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", f"cppcc-{Path(DATABASES['default']['NAME']).name}"),
        }
    }
    # Sessions stay in PostgreSQL (they survive a Redis restart) and are read through Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API's read responses cached until a committed write touches what they read
# (cppcc/core/response_cache.py: versions per table, and per committee for its records).
# Only with Redis: a per-process cache would let one process serve what another's write changed.
RESPONSE_CACHE = bool(REDIS_URL) and env_bool("RESPONSE_CACHE", default=True)
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 300)

# Long jobs (cppcc/core/jobs): exports and imports above JOBS_BACKGROUND_ROWS rows run on a task
# queue (Huey): on Redis when REDIS_URL is set, else on an SQLite file beside the database, so that
# `make run` needs nothing but itself; `manage.py run_huey` is the worker. JOBS_IMMEDIATE runs each
# job in the process that starts it (the tests). A job's file is kept JOBS_KEEP_HOURS for its owner.
JOBS_BACKGROUND_ROWS = env_int("JOBS_BACKGROUND_ROWS", 5000)
JOBS_KEEP_HOURS = env_int("JOBS_KEEP_HOURS", 24)
HUEY = {
    "name": env_str("CACHE_KEY_PREFIX", f"cppcc-{Path(DATABASES['default']['NAME']).name}"),
    "immediate": env_bool("JOBS_IMMEDIATE", False),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL}
    if REDIS_URL
    else {"filename": env_str("JOBS_QUEUE_FILE", str(BASE_DIR / "jobs-queue.sqlite3"))},
    "consumer": {"workers": env_int("JOBS_WORKERS", 2), "worker_type": "thread"},
}

# The password policy, wherever a password is set (the admin, the portal's password page, the
# changepassword and createsuperuser commands): at least PASSWORD_MIN_LENGTH characters of at least
# PASSWORD_CHARACTER_CLASSES of the four classes (upper case, lower case, digits, symbols), not
# containing the username or the person's name, none of the last PASSWORD_HISTORY_COUNT passwords
# (their hashes are kept, with when each was set). With PASSWORD_MAX_AGE_DAYS (0: never), a password
# older than that must be changed before anything else: pages lead to the password page, the API
# answers 403 with "code": "password_expired". The validators read these settings when they run.
PASSWORD_MIN_LENGTH = env_int("DJANGO_PASSWORD_MIN_LENGTH", 10)
PASSWORD_CHARACTER_CLASSES = env_int("DJANGO_PASSWORD_CHARACTER_CLASSES", 3)
if not 0 <= PASSWORD_CHARACTER_CLASSES <= 4:
    raise ImproperlyConfigured(
        f"DJANGO_PASSWORD_CHARACTER_CLASSES must be 0 to 4, not {PASSWORD_CHARACTER_CLASSES}"
    )
PASSWORD_HISTORY_COUNT = env_int("DJANGO_PASSWORD_HISTORY_COUNT", 5)
PASSWORD_MAX_AGE_DAYS = env_int("DJANGO_PASSWORD_MAX_AGE_DAYS", 0)
# New and changed passwords are hashed with DJANGO_PASSWORD_HASHER: sha256 (Django's PBKDF2-HMAC-
# SHA256) or sm3 (PBKDF2-HMAC-SM3, cppcc/accounts/hashers.py). The other still verifies, and a
# password hashed with it is rehashed with the chosen one when its owner next signs in.
PASSWORD_HASHER_CHOICES = {
    "sha256": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "sm3": "cppcc.accounts.hashers.PBKDF2SM3PasswordHasher",
}
PASSWORD_HASHER = env_str("DJANGO_PASSWORD_HASHER", "sha256")
if PASSWORD_HASHER not in PASSWORD_HASHER_CHOICES:
    raise ImproperlyConfigured(f"DJANGO_PASSWORD_HASHER must be sha256 or sm3, not {PASSWORD_HASHER!r}")
PASSWORD_HASHERS = [
    PASSWORD_HASHER_CHOICES[PASSWORD_HASHER],
    *(path for name, path in PASSWORD_HASHER_CHOICES.items() if name != PASSWORD_HASHER),
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cppcc.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "cppcc.accounts.validators.MinimumLengthValidator"},
    {"NAME": "cppcc.accounts.validators.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cppcc.accounts.validators.PasswordHistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
# The year that dashboards, the portal and the duty record open on (0: the current year). The demo
# sets 2024, the year of the report card its data reproduces.
CPPCC_DEFAULT_YEAR = env_int("CPPCC_DEFAULT_YEAR", 0)
USE_I18N = True
USE_TZ = True
# QR check-in at meetings: the code on the screen changes every CHECKIN_SLOT_SECONDS and is accepted
# from CHECKIN_OPENS_MINUTES before the activity starts (the day's start when it has no time) until
# CHECKIN_CLOSES_MINUTES after it ends (the day's end when it has no end time).
CHECKIN_SLOT_SECONDS = env_int("CHECKIN_SLOT_SECONDS", 30)
CHECKIN_OPENS_MINUTES = env_int("CHECKIN_OPENS_MINUTES", 120)
CHECKIN_CLOSES_MINUTES = env_int("CHECKIN_CLOSES_MINUTES", 0)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded attachments live outside every public path and are served only through views that
# check who may read the record they belong to.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file is kept only with the transaction that saved it; a full disk is a clear error (507), with
# nothing half-written (cppcc/core/files.py).
STORAGES = {
    "default": {"BACKEND": "cppcc.core.files.TransactionalStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "noreply@cppcc.localhost")

# Text messages (cppcc.core.sms): the backend, as EMAIL_BACKEND. console and filebased (SMS_FILE_PATH)
# for development; gateway for a provider's HTTP API, with its address, account and HMAC secret, the
# sign name the provider approved, a template id per notification kind (kind:id,kind:id), and the
# provider's limits.
SMS_BACKEND = env_str("SMS_BACKEND", "cppcc.core.sms.console.SmsBackend")
# Send a committed notification's e-mails and messages from a thread, not in the request.
NOTIFY_IN_BACKGROUND = env_bool("NOTIFY_IN_BACKGROUND", True)
SMS_FILE_PATH = env_str("SMS_FILE_PATH", "")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_ACCOUNT = env_str("SMS_GATEWAY_ACCOUNT", "")
SMS_GATEWAY_SECRET = env_str("SMS_GATEWAY_SECRET", "")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "")
SMS_TEMPLATES = env_map("SMS_TEMPLATES", "")
SMS_RATE_PER_SECOND = env_float("SMS_RATE_PER_SECOND", 10.0)
SMS_TIMEOUT = env_float("SMS_TIMEOUT", 5.0)
SMS_MAX_ATTEMPTS = env_int("SMS_MAX_ATTEMPTS", 3)
SMS_RETRY_BACKOFF = env_float("SMS_RETRY_BACKOFF", 1.0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous requests 401, not 403.
        "cppcc.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "cppcc.accounts.expiry.PasswordNotExpired",
        "cppcc.accounts.second_factor.SecondFactorEnrolled",
    ],
    "DEFAULT_PAGINATION_CLASS": "cppcc.core.conventions.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "cppcc.core.conventions.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "cppcc.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "cppcc.core.conventions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("LOGIN_THROTTLE_RATE", "10/min"),
        # Public leads sent from one client address (the form and POST /api/public/leads/).
        "public_leads": env_str("PUBLIC_LEADS_THROTTLE_RATE", "5/hour"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "政协履职管理平台 API",
    "DESCRIPTION": "Proposals, opinion reports, activities, duty records and dashboards of CPPCC committees.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across apps get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CommitteeLevelEnum": "cppcc.org.models.Committee.Level",
        "HandlingUnitKindEnum": "cppcc.org.models.HandlingUnit.Kind",
        "ProposalKindEnum": "proposals.models.Kind",
        "ProposalStateEnum": "proposals.models.State",
        "RejectionReasonEnum": "proposals.models.RejectionReason",
        "ReplyCategoryEnum": "proposals.models.ReplyCategory",
        "OpinionStateEnum": "opinions.models.OpinionReport.State",
        "OpinionCategoryEnum": "opinions.models.OpinionReport.Category",
        "AdoptionLevelEnum": "opinions.models.Level",
        "ActivityKindEnum": "platforms.models.Activity.Kind",
        "TopicSourceEnum": "platforms.models.Activity.TopicSource",
        "AttendanceStatusEnum": "platforms.models.Attendance.Status",
        "RoomKindEnum": "platforms.models.DeliberationRoom.Kind",
        "StudyRoomKindEnum": "platforms.models.StudyRoom.Kind",
        "VisitKindEnum": "platforms.models.Visit.Kind",
        "PublicationChannelEnum": "platforms.models.Publication.Channel",
        "SpeechStateEnum": "speeches.models.State",
        "SpeechModeEnum": "speeches.models.Mode",
        "AdoptionActionEnum": "opinions.models.Adoption.Action",
        "AuditActionEnum": "cppcc.accounts.models.AuditEntry.Action",
    },
}

# The change history is read, never reverted: a revert would write outside the lifecycles and services.
SIMPLE_HISTORY_REVERT_DISABLED = True

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Importing adds records, exporting reads them: the admin's model permissions (cppcc/org/permissions.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto; DJANGO_SECURE_SSL_REDIRECT=0 leaves redirects to the proxy.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Signed out after this many seconds without a request (0: never), besides SESSION_COOKIE_AGE since
# signing in (cppcc/accounts/middleware.py). API tokens (cppcc/accounts/authentication.py) expire
# TOKEN_MAX_AGE_DAYS after they are issued and, unused for TOKEN_IDLE_TIMEOUT seconds, sooner.
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_TIMEOUT", 30 * 60)
TOKEN_IDLE_TIMEOUT = env_int("DJANGO_TOKEN_IDLE_TIMEOUT", SESSION_IDLE_TIMEOUT)
TOKEN_MAX_AGE_DAYS = env_int("DJANGO_TOKEN_MAX_AGE_DAYS", 30)
# A second factor (TOTP, cppcc/accounts/second_factor.py): anyone may turn it on at /accounts/otp/;
# the users holding one of OTP_REQUIRED_ROLES (secretariat, leader, member, handling_unit; an
# administrator counts as secretariat; empty: nobody) must: pages lead them there after signing in,
# the API answers 403 "code": "otp_required". Once on, every sign-in asks for a code from the
# authenticator app, or one of OTP_RECOVERY_CODES single-use recovery codes. OTP_ISSUER names the
# platform in the app. Wrong codes count towards the lockout like wrong passwords; each device also
# waits 1, 2, 4, 8 … seconds after a wrong code (django-otp's throttle, OTP_*_THROTTLE_FACTOR).
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "政协履职管理平台")
OTP_RECOVERY_CODES = env_int("OTP_RECOVERY_CODES", 10)

# Sign-in records, the audit log and the change history are kept this many days, at least 180 (the
# Cybersecurity Law's minimum; a system check refuses less): `manage.py logs_purge` removes older rows.
LOG_RETENTION_DAYS = env_int("DJANGO_LOG_RETENTION_DAYS", 180)

LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cppcc.ops.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
