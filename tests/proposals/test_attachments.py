"""Attachments: accepted types and sizes, random storage names, downloads only for those who may
read the proposal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, proposal, name="调研报告.pdf", body=b"%PDF-1.4 demo", **extra):
    return client.post(
        f"/api/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile(name, body), **extra},
        format="multipart",
    )


def test_proposer_attaches_to_a_draft_and_others_cannot_download(
    api, draft, member_login, member2_login, tmp_path
):
    response = upload(api.as_user(member_login), draft)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "调研报告.pdf"
    stored = list(tmp_path.rglob("*.pdf"))
    assert len(stored) == 1 and "调研报告" not in stored[0].name
    download = api.as_user(member_login).get(body["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    assert api.as_user(member2_login).get(body["url"]).status_code == 404
    api.logout()
    assert api.get(body["url"]).status_code == 401


def test_detail_lists_attachments(api, draft, member_login):
    upload(api.as_user(member_login), draft)
    attachments = api.as_user(member_login).get(f"/api/proposals/{draft.pk}/").json()["attachments"]
    assert [a["name"] for a in attachments] == ["调研报告.pdf"]


def test_wrong_type_and_missing_file_are_400(api, draft, member_login):
    client = api.as_user(member_login)
    response = upload(client, draft, name="virus.exe")
    assert response.status_code == 400 and "file" in response.json()
    assert client.post(f"/api/proposals/{draft.pk}/attachments/", {}, format="multipart").status_code == 400


def test_oversized_file_is_400(api, draft, member_login, monkeypatch):
    monkeypatch.setattr("cppcc.core.files.MAX_ATTACHMENT_BYTES", 10)
    response = upload(api.as_user(member_login), draft, body=b"x" * 11)
    assert response.status_code == 400 and "file" in response.json()


def test_only_the_proposer_attaches_to_drafts(api, draft, submitted_other, member2_login, member_login):
    assert upload(api.as_user(member2_login), submitted_other).status_code == 201
    assert upload(api.as_user(member_login), draft).status_code == 201
    assert upload(api.as_user(member2_login), draft).status_code == 404


@pytest.fixture
def submitted_other(city_session, member2, category):
    from .factories import ProposalFactory

    return ProposalFactory(session=city_session, proposer=member2, category=category)


def test_unit_attaches_to_its_reply_and_reads_it(api, replied, unit_contact, city_clerk, member_login):
    reply = replied.replies.get()
    response = upload(
        api.as_user(unit_contact), replied, name="答复函.docx", body=b"PK\x03\x04 reply", reply=reply.pk
    )
    assert response.status_code == 201
    url = response.json()["url"]
    assert api.as_user(member_login).get(url).status_code == 200
    assert upload(api.as_user(unit_contact), replied, reply=999999).status_code == 400
    assert upload(api.as_user(member_login), replied).status_code == 403
