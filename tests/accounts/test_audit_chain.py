"""The audit log is a hash chain: ``audit_verify`` walks it and names the first entry changed,
inserted or removed behind the application's back; the application itself never changes or deletes
an entry."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cppcc.accounts import audit, services
from cppcc.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


def record(n, actor=None):
    return [
        services.audit_record(
            action=AuditEntry.Action.EXPORT,
            actor=actor,
            label=f"list {i}",
            details={"rows": i, "名单": "委员"},
        )
        for i in range(n)
    ]


def run_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_command():
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_the_first_entry_follows_the_genesis_hash():
    (entry,) = record(1)
    assert entry.prev_hash == audit.GENESIS
    assert (entry.actor_id, entry.actor_name, entry.committee_id) == (None, "", None)


def test_each_entry_follows_the_one_before(city_clerk):
    # The clerk's role, given by the fixture, is in the log already.
    earlier = AuditEntry.objects.order_by("id").last()
    first, second, third = record(3, actor=city_clerk)
    assert first.prev_hash == earlier.hash
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert len({first.hash, second.hash, third.hash}) == 3
    stored = AuditEntry.objects.get(pk=second.pk)
    assert (stored.actor_id, stored.actor_name, stored.committee_id) == (
        city_clerk.pk,
        "clerk",
        city_clerk.roles.get().committee_id,
    )


def test_an_untouched_chain_verifies(city_clerk):
    entries = record(4, actor=city_clerk)
    result = audit.verify()
    assert (result.ok, result.count, result.head) == (True, AuditEntry.objects.count(), entries[-1].hash)
    assert verify_command() == f"OK: {AuditEntry.objects.count()} entries, head {entries[-1].hash}\n"


def test_an_empty_log_verifies():
    assert AuditEntry.objects.count() == 0
    assert verify_command() == f"OK: 0 entries, head {audit.GENESIS}\n"


def test_a_changed_entry_is_found(city_clerk):
    entries = record(4, actor=city_clerk)
    run_sql(f"UPDATE {AuditEntry._meta.db_table} SET label = %s WHERE id = %s", ["forged", entries[2].pk])
    result = audit.verify()
    assert (result.ok, result.broken) == (False, entries[2].pk)
    assert result.reason == audit.CHANGED
    with pytest.raises(CommandError, match=f"broken at entry {entries[2].pk}") as error:
        verify_command()
    assert error.value.returncode == 1


def test_changed_details_are_found(city_clerk):
    entries = record(3, actor=city_clerk)
    run_sql(
        f"UPDATE {AuditEntry._meta.db_table} SET details = %s WHERE id = %s", ['{"rows": 0}', entries[1].pk]
    )
    assert audit.verify().broken == entries[1].pk


def test_a_removed_entry_is_found(city_clerk):
    before = AuditEntry.objects.count()
    entries = record(4, actor=city_clerk)
    run_sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[1].pk])
    result = audit.verify()
    assert (result.broken, result.count) == (entries[2].pk, before + 1)
    assert result.reason == audit.UNLINKED


def test_a_removed_oldest_entry_is_found(city_clerk):
    entries = record(3, actor=city_clerk)
    run_sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[0].pk])
    assert audit.verify().broken == entries[1].pk


def test_the_application_never_changes_or_deletes_an_entry(city_clerk):
    (entry,) = record(1, actor=city_clerk)
    entry.label = "forged"
    with pytest.raises(AuditEntry.AppendOnly):
        entry.save()
    with pytest.raises(AuditEntry.AppendOnly):
        entry.delete()
    with pytest.raises(AuditEntry.AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(label="forged")
    with pytest.raises(AuditEntry.AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).label == "list 0"
    assert audit.verify().ok
