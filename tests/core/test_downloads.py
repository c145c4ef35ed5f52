"""Every file the project writes for download is sent the same way: its type from its extension and
its name, in Chinese as typed, percent-encoded in ``filename*``; and every attachment is sent the
same way, whatever it is attached to."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml.ns import qn

from cppcc.core.downloads import DOCX, XLSX, add_run, download_response, file_bytes
from platforms.models import ActivityAttachment
from proposals.models import Attachment
from tests.opinions.factories import IssueFactory
from tests.platforms.factories import ActivityFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def sent_as(response, name: str, content_type: str) -> bool:
    return (
        response.status_code == 200
        and response["Content-Type"] == content_type
        and response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(name)}"
    )


def test_a_download_takes_its_type_from_its_name():
    workbook = download_response(b"PK", "台账 2024.xlsx")
    assert workbook["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%8F%B0%E8%B4%A6%202024.xlsx"
    assert workbook["Content-Type"] == XLSX and workbook.content == b"PK"
    assert download_response(b"PK", "履职档案.docx")["Content-Type"] == DOCX


def test_every_generated_download_names_itself_so(client, api, leader, city, city_clerk, member_login):
    leader_api = api.as_user(leader)
    for output, content_type in (("xlsx", XLSX), ("docx", DOCX)):
        response = leader_api.get("/api/dashboard/report-card/", {"year": 2024, "format": output})
        assert sent_as(response, f"聊城市政协2024年履职成绩单.{output}", content_type), output
    issue = IssueFactory(committee=city, number=35)
    response = api.as_user(city_clerk).get(f"/api/opinion-issues/{issue.pk}/document/")
    assert sent_as(response, "社情民意2024年第35期.docx", DOCX)
    client.force_login(city_clerk)
    response = client.get(f"/admin/opinions/issue/{issue.pk}/document/")
    assert sent_as(response, "社情民意2024年第35期.docx", DOCX)
    template = client.get("/admin/opinions/opinionreport/ledger-template/")
    assert sent_as(template, "社情民意信息台账.xlsx", XLSX)
    client.force_login(member_login)
    assert sent_as(client.get("/portal/record.docx", {"year": 2024}), "履职档案-李明远-2024.docx", DOCX)


def test_a_run_sets_its_font_for_chinese_text_too():
    document = Document()
    run = add_run(document.add_paragraph(), "社情民意", size=16, font="仿宋", bold=True)
    fonts = run._element.rPr.rFonts
    assert run.font.name == "仿宋" and fonts.get(qn("w:eastAsia")) == "仿宋"
    assert run.font.size.pt == 16 and run.font.bold
    assert file_bytes(document).startswith(b"PK\x03\x04")


def test_an_attachment_is_sent_the_same_way_whatever_it_is_attached_to(
    api, city_clerk, city, city_session, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    proposal = ProposalFactory(session=city_session, proposer=member, state="submitted")
    upload = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 report")
    on_proposal = Attachment.objects.create(proposal=proposal, file=upload, original_name="调研报告.pdf")
    activity = ActivityFactory(committee=city)
    on_activity = ActivityAttachment.objects.create(activity=activity, file=upload)
    client = api.as_user(city_clerk)
    for url, missing in (
        (f"/proposals/attachments/{on_proposal.pk}/", "/proposals/attachments/999999/"),
        (
            f"/api/activities/{activity.pk}/attachments/{on_activity.pk}/",
            f"/api/activities/{activity.pk}/attachments/999999/",
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('调研报告.pdf')}", url
        assert b"".join(response.streaming_content) == b"%PDF-1.4 report", url
        assert client.get(missing).status_code == 404, url
