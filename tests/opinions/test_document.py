"""The Word document of an issue opens and holds its reports with their authors."""

import io

import pytest
from docx import Document

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_the_issue_exports_as_a_word_document(api, client, city, city_clerk, make_report, member, member2):
    issue = IssueFactory(committee=city, number=35)
    make_report(state="published", issue=issue, title="冲剂类医药产品含糖量高亟待重视")
    make_report(state="published", issue=issue, authors=[member2], title="关于城区停车难的建议")
    response = api.as_user(city_clerk).get(f"/api/opinion-issues/{issue.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "社情民意" in text and "2024年第35期" in text
    assert text.index("冲剂类医药产品含糖量高亟待重视") < text.index("关于城区停车难的建议")
    assert "李明远" in text and "王晓梅" in text
    client.force_login(city_clerk)
    admin_response = client.get(f"/admin/opinions/issue/{issue.pk}/document/")
    # The same document (compared by text: the zip inside records the second it was written).
    admin_text = "\n".join(p.text for p in Document(io.BytesIO(admin_response.content)).paragraphs)
    assert admin_response.status_code == 200 and admin_text == text
