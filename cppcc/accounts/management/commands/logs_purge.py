"""Remove the sign-in records, audit entries and change-history rows older than
``LOG_RETENTION_DAYS`` (``services.logs_purge``); ``--dry-run`` counts them and removes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from cppcc.accounts import services


class Command(BaseCommand):
    help = "Remove sign-in records, audit entries and change history older than LOG_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; remove nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = services.logs_purge(dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"older than {settings.LOG_RETENTION_DAYS} days, {verb}: {counts['audit']} audit entries, "
            f"{counts['sign_ins']} sign-in records, {sum(counts['history'].values())} change-history rows"
        )
        for label, count in sorted(counts["history"].items()):
            self.stdout.write(f"  {label}: {count}")
