"""Backup and restore of everything the platform holds: the rows of every model and the attachments.

An archive is one ``tar.gz`` with ``manifest.json`` (format, time, Django version, applied
migrations, rows per model), ``data.json`` (``dumpdata`` of every installed app's models, including
users, tokens, content types and the change history, with their primary keys so that ids, numbers
and links stay the same; many-to-many links are stored with the objects and get new link-row ids)
and ``media/`` (MEDIA_ROOT). Signed-in sessions are left out.

Primary keys rather than natural keys: history rows keep foreign keys to deleted users and
objects, which natural keys cannot express; content types are restored with their original ids
instead, replacing the ones a fresh ``migrate`` created.
"""

import json
import os
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from cppcc.core.crypto import ciphertext_accepted

FORMAT = 1
EXCLUDED_APPS = ["sessions"]
# Rows a freshly migrated database already has: not data, and replaced on restore.
SCAFFOLDING = {ContentType, Permission}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def data_models() -> list[type]:
    """Every model whose rows a backup holds (generic: apps added later are included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.app_label not in EXCLUDED_APPS
    ]


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def consistent_snapshot():
    """One read-only transaction for the whole backup, so that the rows counted and dumped are those
    of one moment however the writes go on meanwhile: REPEATABLE READ on PostgreSQL (its snapshot
    is taken at the first query); on SQLite the transaction's first read fixes what it sees (in WAL
    mode a snapshot, otherwise a shared lock that holds writers' commits until it ends)."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup_create(*, output: Path) -> dict:
    """Write the archive to ``output`` (readable by its owner only: it holds password hashes)."""
    output = Path(output)
    if output.is_dir():
        raise BackupError(f"{output} is a directory; give the path of the archive to write.")
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.json"
        with consistent_snapshot():
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "migrations": applied_migrations(),
                "rows": {
                    model._meta.label: model._base_manager.using(DEFAULT_DB_ALIAS).count()
                    for model in data_models()
                },
            }
            call_command(
                "dumpdata", exclude=EXCLUDED_APPS, use_base_manager=True, output=str(data), verbosity=0
            )
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as archive:
            archive.add(Path(tmp) / "manifest.json", "manifest.json")
            archive.add(data, "data.json")
            if media_root.is_dir():
                archive.add(media_root, "media")
    os.replace(partial, output)
    manifest["files"] = (
        sum(1 for path in media_root.rglob("*") if path.is_file()) if media_root.is_dir() else 0
    )
    return manifest


def occupied_models() -> list[str]:
    return [
        model._meta.label
        for model in data_models()
        if model not in SCAFFOLDING and model._base_manager.exists()
    ]


def backup_restore(*, archive: Path) -> dict:
    """Load an archive into an empty, migrated database and copy its attachments into MEDIA_ROOT."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    occupied = occupied_models()
    if occupied:
        raise BackupError(
            "The database is not empty (it holds rows of "
            + ", ".join(occupied[:5])
            + (", …" if len(occupied) > 5 else "")
            + "). Restore only into a new database: create it, run `manage.py migrate`, then restore."
        )
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(tmp, filter="data")
            manifest = json.loads((Path(tmp) / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"{archive} is not a backup archive of this platform ({error}).") from None
        if manifest.get("format") != FORMAT or not (Path(tmp) / "data.json").is_file():
            raise BackupError(f"{archive} is not a backup archive of this platform (unknown format).")
        missing = sorted(set(manifest.get("migrations", [])) - set(applied_migrations()))
        if missing:
            raise BackupError(
                "The backup was made by a newer version of the platform; this database lacks the migrations "
                + ", ".join(missing[:5])
                + ". Install that version and run `manage.py migrate` first."
            )
        models = {model._meta.label: model for model in data_models()}
        try:
            with transaction.atomic():
                ContentType.objects.all().delete()
                ContentType.objects.clear_cache()
                # The archive holds the change history as it was: loading many-to-many fields
                # must not write history rows of its own.
                # Encrypted fields were dumped as their ciphertext: they decrypt it here, with the
                # keys of FIELD_ENCRYPTION_KEYS, and store it again under the current one.
                with override_settings(SIMPLE_HISTORY_ENABLED=False), ciphertext_accepted():
                    call_command("loaddata", str(Path(tmp) / "data.json"), verbosity=0)
                short = {
                    label: (rows, models[label]._base_manager.count())
                    for label, rows in manifest.get("rows", {}).items()
                    if label in models and models[label]._base_manager.count() != rows
                }
                if short:
                    raise BackupError(f"The archive is incomplete (rows expected, loaded): {short}.")
        except (DeserializationError, DatabaseError) as error:
            raise BackupError(
                f"The archive's data could not be loaded, nothing was restored: {error}"
            ) from None
        finally:
            ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():  # models added since the backup was made
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
        media = Path(tmp) / "media"
        files = 0
        if media.is_dir():
            files = sum(1 for path in media.rglob("*") if path.is_file())
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return {**manifest, "files": files}
