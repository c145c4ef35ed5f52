"""A backup restored into an empty database gives back the same records and the same files."""

import io
import json
import shutil
import stat
import tarfile
import threading
from datetime import datetime, time

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from cppcc.accounts.services import api_token_issue
from cppcc.core import crypto
from cppcc.ops import backup
from cppcc.ops.backup import data_models
from cppcc.org.models import Committee, Member, Role
from platforms.models import Attendance
from platforms.services import attendance_record
from proposals.models import NumberCounter, Proposal, ProposalTimelineEntry
from proposals.services import proposal_register
from tests.factories import CommitteeFactory, MemberFactory, SpecialCommitteeFactory, UserFactory, grant
from tests.platforms.factories import ActivityFactory
from tests.proposals.factories import ProposalFactory

# Restoring flushes and reloads whole tables: run outside the per-test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def to_milliseconds(value):
    """JSON dumps keep times to the millisecond."""
    if isinstance(value, datetime | time):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def rows(model) -> list[dict]:
    """A model's rows; many-to-many link rows by what they link (dumps carry no ids for them)."""
    values = [
        {field: to_milliseconds(value) for field, value in row.items()}
        for row in model._base_manager.order_by("pk").values()
    ]
    if model._meta.auto_created:
        return sorted((tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in values), key=str)
    return values


def snapshot() -> dict:
    return {model._meta.label: rows(model) for model in data_models()}


def files_under(root) -> dict:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_backup_restores_the_same_records_and_files(
    tmp_path, media, city_clerk, county, member_login, unit_contact
):
    api_token_issue(user=member_login)
    member = Member.objects.get(user=member_login)
    member.phone = "13900000000"
    member.save()  # a second history row
    member.special_committees.add(SpecialCommitteeFactory(committee=member.committee))
    departed = grant(UserFactory(username="departed"), county, Role.LEADER)
    departed.delete()  # the history of the role keeps the deleted user's id
    (media / "attachments" / "2025").mkdir(parents=True)
    (media / "attachments" / "2025" / "提案附件.pdf").write_bytes(b"%PDF-1.4 proposal attachment")
    (media / "notes.docx").write_bytes(b"PK\x03\x04 reply")
    records, files = snapshot(), files_under(media)
    assert records["org.Member_special_committees"] and records["accounts.ApiToken"]
    assert records["org.HistoricalRoleAssignment"] and records["org.HistoricalMember_special_committees"]

    archive = tmp_path / "backups" / "cppcc.tar.gz"
    out = io.StringIO()
    call_command("backup", output=archive, stdout=out)
    assert "Backed up" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # password hashes and private data inside
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "data.json", "media/attachments/2025/提案附件.pdf"} <= set(tar.getnames())
        data = tar.extractfile("data.json").read().decode()
    assert "13900000000" not in data and '"phone": "sm4:test:' in data  # encrypted in the archive too

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not Committee.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == records
    assert files_under(media) == files

    assert CommitteeFactory().pk > max(row["id"] for row in records["org.Committee"])  # ids continue
    assert authenticate(username="member", password="pass-word-123") == member_login


def test_a_restore_needs_the_archive_s_key_and_encrypts_under_the_current_one(
    tmp_path, media, settings, city
):
    member = MemberFactory(committee=city, phone="13900000000", address="柳园街道 8 号")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)

    archive_key = settings.FIELD_ENCRYPTION_KEYS["test"]
    settings.FIELD_ENCRYPTION_KEYS = {"new": "0f" * 16}
    with pytest.raises(CommandError, match="nothing was restored.*'test', which FIELD_ENCRYPTION_KEYS lacks"):
        call_command("restore", str(archive))
    assert not Member.objects.exists()

    settings.FIELD_ENCRYPTION_KEYS = {"new": "0f" * 16, "test": archive_key}
    call_command("restore", str(archive), stdout=io.StringIO())
    restored = Member.objects.get(pk=member.pk)
    assert (restored.phone, restored.address) == ("13900000000", "柳园街道 8 号")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, address FROM org_member WHERE id = %s", [member.pk])
        assert {crypto.key_id_of(value) for value in cursor.fetchone()} == {"new"}
    assert list(Member.objects.with_phone_or_id_number("13900000000")) == [restored]


def test_restore_refuses_a_database_that_holds_data(tmp_path, media, city):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    with pytest.raises(CommandError, match="database is not empty.*org.Committee"):
        call_command("restore", str(archive))
    assert list(Committee.objects.all()) == [city]


def write_archive(path, manifest: dict, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as tar:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_restore_refuses_what_is_not_a_backup(tmp_path, media):
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(garbage))
    with pytest.raises(CommandError, match="No backup archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_restore_refuses_paths_outside_the_archive(tmp_path, media):
    evil = tmp_path / "evil.tar.gz"
    write_archive(evil, {"format": 1, "migrations": []}, {"data.json": b"[]", "../escaped.txt": b"x"})
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(evil))
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_refuses_a_backup_of_a_newer_schema(tmp_path, media):
    newer = tmp_path / "newer.tar.gz"
    write_archive(newer, {"format": 1, "migrations": ["org.9999_future"]}, {"data.json": b"[]"})
    with pytest.raises(CommandError, match="org.9999_future"):
        call_command("restore", str(newer))


@pytest.mark.parametrize(
    ("manifest_rows", "data", "message"),
    [
        ({}, b"[{broken", "could not be loaded"),
        ({"org.Committee": 3}, b"[]", "incomplete"),
    ],
    ids=["malformed", "incomplete"],
)
@pytest.mark.filterwarnings("ignore:No fixture data found")
def test_a_failed_restore_changes_nothing(tmp_path, media, manifest_rows, data, message):
    content_types = ContentType.objects.count()
    broken = tmp_path / "broken.tar.gz"
    write_archive(broken, {"format": 1, "migrations": [], "rows": manifest_rows}, {"data.json": data})
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(broken))
    assert ContentType.objects.count() == content_types


class Writer(threading.Thread):
    """Until stopped, one transaction after another: a new member, their proposal submitted and
    registered under the session's counter, and their attendance at an activity. Each leaves the
    counts of members, proposals, registrations and attendance equal."""

    def __init__(self, clerk, session, activity):
        super().__init__()
        self.clerk, self.session, self.activity = clerk, session, activity
        self.stop = threading.Event()
        self.written = threading.Semaphore(0)  # released at each commit
        self.error = None

    def run(self):
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    member = MemberFactory(committee=self.session.committee)
                    proposal = ProposalFactory(session=self.session, proposer=member, state="submitted")
                    proposal_register(proposal=proposal, actor=self.clerk)
                    attendance_record(
                        activity=self.activity, member=member, status="present", actor=self.clerk
                    )
                self.written.release()
        except BaseException as error:  # noqa: BLE001 (the test thread reports it)
            self.error = error
        finally:
            connection.close()

    def wait_for(self, commits: int) -> None:
        for _ in range(commits):
            assert self.written.acquire(timeout=30), self.error


def registrations() -> dict:
    """What the writer keeps equal, and the counter's last number, in one read."""
    return {
        "members": Member.objects.count(),
        "proposals": Proposal.objects.count(),
        "numbers": sorted(Proposal.objects.values_list("number", flat=True)),
        "registered": ProposalTimelineEntry.objects.filter(to_state="registered").count(),
        "attendance": Attendance.objects.count(),
        "counter": NumberCounter.objects.get().last_number,
    }


def dangling_foreign_keys() -> dict:
    """Rows whose foreign key names no row, per model and field (a generic check on both databases;
    PostgreSQL's constraints and SQLite's foreign_key_check besides)."""
    found = {}
    for model in data_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.db_constraint:
                target = field.related_model._base_manager.values(field.target_field.attname)
                dangling = (
                    model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                    .exclude(**{f"{field.attname}__in": target})
                    .count()
                )
                if dangling:
                    found[f"{model._meta.label}.{field.name}"] = dangling
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            found.update({f"{row[0]} → {row[2]}": row for row in cursor.fetchall()})
    return found


def test_a_backup_taken_while_writes_go_on_restores_one_consistent_moment(
    tmp_path, media, monkeypatch, city, city_session, city_clerk
):
    member = MemberFactory(committee=city)
    proposal_register(
        proposal=ProposalFactory(session=city_session, proposer=member, state="submitted"), actor=city_clerk
    )
    activity = ActivityFactory(committee=city)
    attendance_record(activity=activity, member=member, status="present", actor=city_clerk)
    writer = Writer(city_clerk, city_session, activity)
    dump = backup.call_command

    def dump_while_writing(*args, **kwargs):
        # The backup has counted every table: more writes commit before and while it dumps them.
        writer.wait_for(3)
        return dump(*args, **kwargs)

    monkeypatch.setattr(backup, "call_command", dump_while_writing)
    archive = tmp_path / "backup.tar.gz"
    writer.start()
    try:
        writer.wait_for(2)
        manifest = backup.backup_create(output=archive)
        writer.wait_for(2)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    monkeypatch.undo()
    live = registrations()
    assert live["proposals"] > manifest["rows"]["proposals.Proposal"]  # writes went on past the backup

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    restored = registrations()
    counted = restored["proposals"]
    assert restored == {
        "members": counted,
        "proposals": counted,
        "numbers": list(range(1, counted + 1)),  # gapless, each registration with its number
        "registered": counted,
        "attendance": counted,
        "counter": counted,
    }
    assert {model._meta.label: model._base_manager.count() for model in data_models()} == manifest["rows"]
    assert dangling_foreign_keys() == {}
