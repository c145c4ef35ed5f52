"""Walk the audit log's hash chain from its oldest entry: ``OK`` with the number of entries and the
head's hash (to compare with a copy shipped off the machine), or the first broken link and exit
code 1."""

from django.core.management.base import BaseCommand, CommandError

from cppcc.accounts import audit


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exit code 1 at the first broken link."

    def handle(self, *args, **options):
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"audit chain broken at entry {result.broken}: {result.reason} "
                f"({result.count} entries before it verified)",
                returncode=1,
            )
        self.stdout.write(f"OK: {result.count} entries, head {result.head}")
