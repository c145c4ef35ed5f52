"""Logs are kept LOG_RETENTION_DAYS (at least 180): ``logs_purge`` removes the sign-in records, audit
entries and change history older than that and nothing younger, and the audit chain it leaves still
verifies from the anchor the purge records."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cppcc.accounts import audit, services
from cppcc.accounts.checks import log_retention
from cppcc.accounts.models import AuditEntry, Lockout, LoginAttempt
from cppcc.org.models import Role, RoleAssignment
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def backdate(model, field: str, ids, days: int):
    """Move rows back in time."""
    at = timezone.now() - timedelta(days=days)
    table, column = model._meta.db_table, model._meta.get_field(field).column
    with connection.cursor() as cursor:
        for pk in ids:
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [at, pk])


def entries(n, label):
    return [services.audit_record(action=AuditEntry.Action.EXPORT, label=f"{label} {i}") for i in range(n)]


@pytest.fixture
def aged(city, monkeypatch):
    """200 days ago: a role given (its change history and audit entry) and three audit entries;
    then three young entries; two sign-ins of 181 days ago and two younger; a young lockout."""
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - timedelta(days=200))
    grant(UserFactory(), city, Role.LEADER)
    old = [*AuditEntry.objects.order_by("id"), *entries(3, "old")]
    monkeypatch.setattr(timezone, "now", real_now)
    young = entries(3, "young")
    attempts = [
        LoginAttempt.objects.create(username=f"u{i}", success=False, reason="bad_credentials")
        for i in range(4)
    ]
    backdate(LoginAttempt, "at", [attempt.pk for attempt in attempts[:2]], 181)
    Lockout.objects.create(scope="username", key="u0", failures=1)
    assert audit.verify().ok
    return {"old": old, "young": young, "attempts": attempts}


def test_the_purge_removes_only_what_is_older_than_the_retention(aged):
    counts = services.logs_purge()
    assert counts["audit"] == 4 and counts["sign_ins"] == 2
    assert set(counts["history"]) == {"org.historicalroleassignment", "org.historicaluser"}
    remaining = list(AuditEntry.objects.order_by("id"))
    assert [entry.label for entry in remaining[:-1]] == ["young 0", "young 1", "young 2"]
    purge = remaining[-1]
    assert purge.action == AuditEntry.Action.PURGE and purge.details["anchor"] == aged["old"][-1].hash
    assert purge.details["removed"] == counts and purge.details["retention_days"] == 180
    assert sorted(LoginAttempt.objects.values_list("pk", flat=True)) == [a.pk for a in aged["attempts"][2:]]
    assert not RoleAssignment.history.exists() and RoleAssignment.objects.exists()
    # The lockout's own history is young: kept.
    assert Lockout.history.exists()


def test_the_chain_left_verifies_from_the_anchor_and_tampering_is_still_found(aged):
    services.logs_purge()
    result = audit.verify()
    assert (result.ok, result.count) == (True, 4)
    services.audit_record(action=AuditEntry.Action.EXPORT, label="after")
    assert audit.verify().ok
    first = AuditEntry.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [first.pk])
    assert audit.verify().broken == first.pk + 1


def test_a_second_purge_keeps_the_chain(aged):
    services.logs_purge()
    services.logs_purge()
    assert audit.verify().ok
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).count() == 2


def test_a_longer_retention_keeps_more(aged, settings):
    settings.LOG_RETENTION_DAYS = 365
    counts = services.logs_purge()
    assert (counts["audit"], counts["sign_ins"], counts["history"]) == (0, 0, {})
    assert AuditEntry.objects.filter(label__startswith="old").count() == 3
    assert "anchor" not in AuditEntry.objects.order_by("id").last().details
    assert audit.verify().ok


def test_a_dry_run_counts_and_removes_nothing(aged):
    before = (AuditEntry.objects.count(), LoginAttempt.objects.count())
    out = StringIO()
    call_command("logs_purge", "--dry-run", stdout=out)
    assert out.getvalue().startswith("older than 180 days, would remove: 4 audit entries, 2 sign-in records")
    assert (AuditEntry.objects.count(), LoginAttempt.objects.count()) == before


def test_the_command_reports_what_it_removed(aged):
    out = StringIO()
    call_command("logs_purge", stdout=out)
    assert out.getvalue().startswith("older than 180 days, removed: 4 audit entries, 2 sign-in records")
    assert "org.historicalroleassignment" in out.getvalue()


def test_a_retention_under_180_days_is_refused(settings):
    settings.LOG_RETENTION_DAYS = 90
    [error] = log_retention()
    assert error.id == "accounts.E003" and error.is_serious() and "180" in error.msg
    assert "accounts.E003" in [message.id for message in run_checks()]
    settings.LOG_RETENTION_DAYS = 180
    assert log_retention() == []


def test_an_old_entry_after_a_young_one_is_kept(aged, monkeypatch):
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - timedelta(days=300))
    late = services.audit_record(action=AuditEntry.Action.EXPORT, label="written with a clock behind")
    monkeypatch.setattr(timezone, "now", real_now)
    assert services.logs_purge()["audit"] == 4
    assert AuditEntry.objects.filter(pk=late.pk).exists()
    assert audit.verify().ok
