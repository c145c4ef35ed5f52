"""Fast settings for the test suite: the production module, with test keys and a quick hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "test:74657374206b6579206f6e6c79212121")

from cppcc.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "cppcc.core.sms.locmem.SmsBackend"
NOTIFY_IN_BACKGROUND = False  # deliveries at commit, where the tests can see them
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One folder per pytest-xdist worker, so that a test's clean-up never removes another worker's files.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's in-memory test database: for an in-memory one, pytest-django hands the
    # test thread's connection to every request thread of the live server, and concurrent requests
    # (the dashboard's twenty charts) deadlock on it (tests/test_live_server.py). One file per run,
    # so that runs side by side never share one; WAL lets requests read while another writes.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"cppcc-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
        "timeout": 30,
    }
# Two aliases on the same database, as with a streaming replica: the router tests switch
# REPLICA_DATABASE to "replica" (tests/site/dashboards/test_replica.py); everything else reads default.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Jobs run at once in the process that starts them (tests/core/jobs); the queue's file, for the test
# that runs a real worker, is one per run.
HUEY = {  # noqa: F405
    **HUEY,  # noqa: F405
    "immediate": True,
    "huey_class": "huey.SqliteHuey",
    "connection": {"filename": str(Path(tempfile.gettempdir()) / f"cppcc-jobs-{os.getpid()}.sqlite3")},
}
