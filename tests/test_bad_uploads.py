"""Every upload and import refuses oversize files, files of the wrong type and malformed Excel with a
clear Chinese message, and never a 5xx: proposal attachments (API), activity attachments (admin),
the members import (org), the opinion ledger import and the activity sign-in sheet."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cppcc.core import files
from platforms.models import ActivityAttachment

pytestmark = pytest.mark.django_db

NOT_A_WORKBOOK = "文件不是 Excel 工作簿（.xlsx）。"
BROKEN_XLSX = b"PK\x03\x04 this zip is cut short"


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def small_limits(monkeypatch):
    """Limits of a few bytes, so that "too big" needs no 20 MB file."""
    monkeypatch.setattr(files, "MAX_ATTACHMENT_BYTES", 16)
    monkeypatch.setattr(files, "MAX_SPREADSHEET_BYTES", 16)


# --- proposal attachments (API) -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(api, world, name, body):
    """The proposer attaches a file to their draft."""
    return api.as_user(world.users["member"]).post(
        f"/api/proposals/{world.draft.pk}/attachments/",
        {"file": SimpleUploadedFile(name, body)},
        format="multipart",
    )


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("程序.exe", b"MZ\x90\x00", "不接受“exe”类型的文件"),
        ("报告.pdf", b"<html><script>alert(1)</script></html>", "文件内容不是 .pdf 文件。"),
        ("照片.png", b"\xff\xd8\xff\xe0 a jpeg", "文件内容不是 .png 文件。"),
        ("报告.docx", b"%PDF-1.4 a pdf", "文件内容不是 .docx 文件。"),
    ],
)
def test_a_proposal_attachment_of_the_wrong_type_is_refused(api, world, name, body, message):
    response = attach(api, world, name, body)
    assert response.status_code == 400
    assert message in str(response.json()["file"])


def test_an_oversize_proposal_attachment_is_refused(api, world, small_limits):
    response = attach(api, world, "报告.pdf", b"%PDF-1.4 " + b"x" * 64)
    assert response.status_code == 400
    assert response.json() == {"file": ["单个文件不能超过 20 MB。"]}


def test_a_good_proposal_attachment_is_accepted(api, world):
    assert attach(api, world, "报告.pdf", b"%PDF-1.4 report").status_code == 201


# --- activity attachments (admin inline; the model field validates) -----------------------------


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("纪要.html", b"<script>alert(1)</script>", "不接受“html”类型的文件"),
        ("纪要.pdf", b"MZ\x90\x00", "文件内容不是 .pdf 文件。"),
        ("纪要.pdf", b"%PDF-1.4 " + b"x" * 64, "单个文件不能超过 20 MB。"),
    ],
)
def test_an_activity_attachment_of_the_wrong_type_or_size_is_refused(
    world, small_limits, name, body, message
):
    attachment = ActivityAttachment(activity=world.activity, file=SimpleUploadedFile(name, body))
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert any(message in text for text in error.value.message_dict["file"])


# --- imports in the admin -----------------------------------------------------------------------


@pytest.fixture
def clerk(client, world):
    client.force_login(world.users["city_clerk"])
    return client


def member_import(clerk, world, name, body):
    page = clerk.get("/admin/org/member/import/").content.decode()
    import re

    xlsx = re.search(r'<option value="(\d+)"[^>]*>xlsx</option>', page).group(1)
    return clerk.post(
        "/admin/org/member/import/",
        {"import_file": SimpleUploadedFile(name, body), "format": xlsx, "committee": world.city.pk},
    )


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("委员.txt", b"name", "不接受“txt”类型的文件，请使用 xlsx、csv。"),
        ("委员.xlsx", b"not a workbook", NOT_A_WORKBOOK),
    ],
)
def test_the_members_import_refuses_a_wrong_file(clerk, world, name, body, message):
    response = member_import(clerk, world, name, body)
    assert response.status_code == 200
    assert message in response.context["form"].errors["import_file"][0]


def test_the_members_import_refuses_an_oversize_file(clerk, world, small_limits):
    response = member_import(clerk, world, "委员.xlsx", workbook_bytes([["姓名"], ["张三"]]))
    assert response.context["form"].errors["import_file"] == ["表格文件不能超过 10 MB。"]


def test_the_members_import_refuses_a_broken_workbook_or_csv(clerk, world):
    response = member_import(clerk, world, "委员.xlsx", BROKEN_XLSX)
    assert response.context["form"].errors["import_file"] == [NOT_A_WORKBOOK]
    response = member_import(clerk, world, "委员.csv", "姓名\n张三".encode("gbk"))
    assert response.context["form"].errors["import_file"] == ["文件不是 UTF-8 编码的 CSV 文件。"]


def ledger_import(clerk, world, name, body):
    return clerk.post(
        "/admin/opinions/opinionreport/import-ledger/",
        {"committee": world.city.pk, "file": SimpleUploadedFile(name, body)},
    )


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("台账.csv", b"title", "不接受“csv”类型的文件，请使用 xlsx。"),
        ("台账.xlsx", b"not a workbook", NOT_A_WORKBOOK),
    ],
)
def test_the_ledger_import_refuses_a_wrong_file(clerk, world, name, body, message):
    response = ledger_import(clerk, world, name, body)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]


def test_the_ledger_import_refuses_an_oversize_file(clerk, world, small_limits):
    response = ledger_import(clerk, world, "台账.xlsx", workbook_bytes([["标题", "报送日期"]]))
    assert response.context["form"].errors["file"] == ["表格文件不能超过 10 MB。"]


def test_the_ledger_import_refuses_a_broken_workbook(clerk, world):
    response = ledger_import(clerk, world, "台账.xlsx", BROKEN_XLSX)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [NOT_A_WORKBOOK]


def sign_in(clerk, world, name, body):
    return clerk.post(
        f"/admin/platforms/activity/{world.activity.pk}/sign-in/", {"sheet": SimpleUploadedFile(name, body)}
    )


def test_the_sign_in_sheet_refuses_a_wrong_file(clerk, world):
    response = sign_in(clerk, world, "签到表.csv", b"name")
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"] == ["不接受“csv”类型的文件，请使用 xlsx。"]


def test_the_sign_in_sheet_refuses_an_oversize_file(clerk, world, small_limits):
    response = sign_in(clerk, world, "签到表.xlsx", workbook_bytes([["姓名", "出席情况"]]))
    assert response.context["form"].errors["sheet"] == ["表格文件不能超过 10 MB。"]


def test_the_sign_in_sheet_refuses_a_broken_workbook(clerk, world):
    response = sign_in(clerk, world, "签到表.xlsx", BROKEN_XLSX)
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"] == [NOT_A_WORKBOOK]
