"""Writers appending to the audit log at the same moment keep one chain (PostgreSQL: real
connections in threads, each in its own transaction)."""

import threading

import pytest
from django.db import connection, connections, transaction

from cppcc.accounts import audit, services
from cppcc.accounts.models import AuditEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 8
EACH = 5


def test_concurrent_writers_keep_one_chain():
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(WRITERS)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(EACH):
                with transaction.atomic():
                    services.audit_record(
                        action=AuditEntry.Action.EXPORT, label=f"writer {n}", details={"i": i}
                    )
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    result = audit.verify()
    assert (result.ok, result.count) == (True, WRITERS * EACH)
    entries = list(AuditEntry.objects.order_by("id").values_list("prev_hash", "hash"))
    assert [prev for prev, _hash in entries] == [audit.GENESIS] + [hash_ for _prev, hash_ in entries[:-1]]
