"""``manage.py restore PATH``: load a backup into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cppcc.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an EMPTY database (run `migrate` first) and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive written by `backup`.")

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        made = manifest["created_at"]
        self.stdout.write(self.style.SUCCESS(f"Restored {rows} rows and {manifest['files']} files ({made})."))
