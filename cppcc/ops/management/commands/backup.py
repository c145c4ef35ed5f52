"""``manage.py backup --output PATH``: one tar.gz with all the data and the attachments."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cppcc.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a compressed backup of every record and every attachment (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="Path of the .tar.gz archive to write."
        )

    def handle(self, *args, output: Path, **options):
        try:
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {rows} rows and {manifest['files']} files to {output}.")
        )
