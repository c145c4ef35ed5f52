"""The storage of every file (cppcc/core/files.py): a full disk is a clear 507 with nothing
half-written, a file is kept only with the transaction that saved it, and the files no record names
are found and removed."""

import datetime
import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory

from cppcc.core.faults import StorageFull
from cppcc.core.files import orphan_files, sweep
from cppcc.ops.errors import fault_response
from proposals.models import Attachment

from ..proposals.factories import CategoryFactory, ProposalFactory

FULL_MESSAGE = "附件存储空间已满"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(city_session, member, member_login):
    category = CategoryFactory(committee=city_session.term.committee, name="社会")
    return ProposalFactory(session=city_session, proposer=member, category=category)


def stored(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


class FillsTheDisk(ContentFile):
    """A file whose writing runs out of disk after its first chunk."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 the first part"
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def upload(client, proposal, body=b"%PDF-1.4 demo"):
    return client.post(
        f"/api/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile("调研报告.pdf", body)},
        format="multipart",
    )


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_raises_storage_full_and_leaves_no_partial_file(tmp_path, code):
    class Full(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"half"
            raise OSError(code, os.strerror(code))

    with pytest.raises(StorageFull) as raised:
        storages["default"].save("attachments/x/report.pdf", Full(b""))
    assert FULL_MESSAGE in str(raised.value)
    assert stored(tmp_path) == []


def test_other_write_errors_are_not_storage_full(tmp_path):
    class Broken(ContentFile):
        def chunks(self, chunk_size=None):
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.raises(OSError) as raised:
        storages["default"].save("attachments/x/report.pdf", Broken(b""))
    assert not isinstance(raised.value, StorageFull)


@pytest.mark.django_db
def test_an_upload_to_a_full_disk_is_507_with_nothing_saved(api, draft, member_login, tmp_path, monkeypatch):
    monkeypatch.setattr(InMemoryUploadedFile, "chunks", FillsTheDisk.chunks)
    response = upload(api.as_user(member_login), draft)
    assert response.status_code == 507
    assert response.json()["code"] == "storage_full" and FULL_MESSAGE in response.json()["detail"]
    assert not Attachment.objects.exists()
    assert stored(tmp_path) == []


def test_a_page_hears_of_a_full_disk_in_chinese():
    response = fault_response(RequestFactory().post("/portal/proposals/new/"), StorageFull())
    assert response.status_code == 507 and FULL_MESSAGE in response.content.decode()
    assert not response.has_header("Retry-After")


@pytest.mark.django_db(transaction=True)
def test_a_file_saved_by_a_transaction_that_rolls_back_is_removed(api, draft, member_login, tmp_path):
    def refuse_the_row(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "proposals_attachment"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_row):
        response = upload(api.as_user(member_login), draft)
    assert response.status_code == 503
    assert not Attachment.objects.exists()
    assert stored(tmp_path) == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_and_one_of_a_rolled_back_savepoint_goes(tmp_path):
    storage = storages["default"]
    with transaction.atomic():
        kept = storage.save("attachments/kept.pdf", ContentFile(b"%PDF-1.4 kept"))
        try:
            with transaction.atomic():
                dropped = storage.save("attachments/dropped.pdf", ContentFile(b"%PDF-1.4 dropped"))
                raise ValueError("the row is refused")
        except ValueError:
            pass
        assert stored(tmp_path) == sorted([kept, dropped])
    sweep()
    assert stored(tmp_path) == [kept]


@pytest.mark.django_db(transaction=True)
def test_an_upload_that_commits_keeps_its_file(api, draft, member_login, tmp_path):
    assert upload(api.as_user(member_login), draft).status_code == 201
    assert stored(tmp_path) == [Attachment.objects.get().file.name]


@pytest.mark.django_db
def test_files_no_record_names_are_found_and_removed(draft, member_login, tmp_path):
    attachment = draft.attachments.create(
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), original_name="a.pdf", uploaded_by=member_login
    )
    orphan = storages["default"].save("attachments/proposals/orphan.pdf", ContentFile(b"%PDF-1.4"))
    assert orphan_files(older_than=datetime.timedelta(0)) == [orphan]
    assert orphan_files(older_than=datetime.timedelta(minutes=5)) == []
    call_command("files_orphans", "--delete", "--older-than", "0")
    assert stored(tmp_path) == [attachment.file.name]
