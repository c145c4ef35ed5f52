"""``manage.py encryption_rotate``: every encrypted value and blind index under the current key
(the first of ``FIELD_ENCRYPTION_KEYS``), in one transaction, in batches of rows."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

from cppcc.core.crypto import DecryptionError, current_key_id, keyring, rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every SM4-encrypted value that an older key of FIELD_ENCRYPTION_KEYS encrypted with "
        "the current (first) key, and rewrite the blind indexes under it; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows read and written at a time.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, batch_size: int, database: str, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        current = current_key_id()
        try:
            with transaction.atomic(using=database):
                report = rotate(using=database, batch_size=batch_size)
        except DecryptionError as error:
            raise CommandError(f"Nothing was changed: {error}") from None
        for label, tally in report.items():
            found = ", ".join(
                f"{name.removeprefix('key ')} {count}"
                for name, count in sorted(tally.items())
                if name.startswith("key ")
            )
            self.stdout.write(
                f"{label}: {tally['rows']} rows rewritten, {tally['reencrypted']} values re-encrypted, "
                f"{tally['indexes']} blind indexes rewritten (values found per key: {found or 'none'})."
            )
        older = [key_id for key_id in keyring() if key_id != current]
        self.stdout.write(
            self.style.SUCCESS(
                f"Every value is encrypted with the key {current!r}."
                + (
                    f" The keys {', '.join(older)} decrypt nothing in the database any more: drop them from "
                    "FIELD_ENCRYPTION_KEYS once no backup you keep was made before this rotation."
                    if older
                    else ""
                )
            )
        )
