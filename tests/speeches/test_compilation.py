"""The compilation (发言汇编) as a Word document: A4 with the official margins, a contents list with
every speech and its speaker, then the oral speeches in their order and the written ones."""

import io

import pytest
from docx import Document

from speeches.documents import compilation_document
from speeches.selectors import selected_for

pytestmark = pytest.mark.django_db


def test_the_compilation_is_a4_with_contents_then_oral_then_written(
    speech_of, plenary, member_login, member2_login, member3_login, city_clerk
):
    speech_of(member_login, "selected", clerk=city_clerk, mode="written", title="加快补齐农村养老服务短板")
    speech_of(member2_login, "selected", clerk=city_clerk, title="以数字化转型赋能传统制造业")
    speech_of(member3_login, "selected", clerk=city_clerk, title="推进京杭运河文化保护传承利用")
    document = Document(io.BytesIO(compilation_document(plenary, list(selected_for(plenary, city_clerk)))))
    for section in document.sections:
        # Word keeps lengths in twentieths of a point: a millimetre, rounded, is what it says.
        sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
        sizes += [section.left_margin, section.right_margin]
        assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["聊城市政协", "聊城市政协2024年全体会议", "发言汇编"]
    assert "目录" in texts
    assert "1. 以数字化转型赋能传统制造业　王晓梅" in texts
    assert "3. 加快补齐农村养老服务短板　李明远" in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "1. 以数字化转型赋能传统制造业",
        "2. 推进京杭运河文化保护传承利用",
        "3. 加快补齐农村养老服务短板",
    ]
    assert b"TOC \\o" in document.element.xml.encode()
