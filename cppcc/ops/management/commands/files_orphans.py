"""``manage.py files_orphans [--delete]``: the files under MEDIA_ROOT that no record names."""

import datetime

from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from cppcc.core.files import orphan_files


class Command(BaseCommand):
    help = (
        "List the files under MEDIA_ROOT that no record names (left by a process killed between "
        "saving a file and committing its record); --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files found.")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="Only files last written this many minutes ago or earlier (default 60: uploads in flight).",
        )

    def handle(self, *args, delete: bool, older_than: int, **options):
        found = orphan_files(older_than=datetime.timedelta(minutes=older_than))
        storage = storages["default"]
        for name in found:
            if delete:
                storage.delete(name)
            self.stdout.write(name)
        verb = "Removed" if delete else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(found)} files no record names."))
