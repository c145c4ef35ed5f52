"""The plenary's paper proposals typed in from an Excel ledger, with real .xlsx files: a good
file files every row (submitted, no numbers, paper co-signatures accepted); one bad row files
nothing and the preview shows the row's error in Chinese."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from proposals import services
from proposals.ledger import HEADINGS, parse_ledger
from proposals.models import Cosignature, Kind, Proposal, State
from tests.factories import MemberFactory, PartyFactory, SectorFactory

pytestmark = pytest.mark.django_db

LEDGER = "/admin/proposals/proposal/paper-ledger/"


def workbook(*rows, headings=HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes):
    return SimpleUploadedFile(
        "台账.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def good_rows(member, member2, member3):
    PartyFactory(name="民盟")
    return [
        ["关于加快老旧小区加装电梯的建议", "个人", "李明远", "", "", "社会", "情况分析与具体建议。"],
        ["关于缓解城区停车难问题的建议", "联名", "王晓梅", "李明远、赵思远", "", "社会", "建议……"],
        ["关于发展职业教育的建议", "集体", "", "", "民盟", "社会", "建议……"],
        ["关于保护古城风貌的建议", "", "赵思远", "王晓梅，李明远", "", "社会", "建议……"],
    ]


@pytest.fixture
def clerk_client(client, city_clerk):
    client.force_login(city_clerk)
    return client


def test_a_good_ledger_files_every_row(clerk_client, city_session, category, good_rows):
    data = workbook(*good_rows)
    preview = clerk_client.post(LEDGER, {"session": city_session.pk, "file": upload(data)})
    assert preview.status_code == 200 and "4 件提案可以录入。" in preview.content.decode()
    assert not Proposal.objects.exists()
    confirm = preview.context["confirm_form"]
    response = clerk_client.post(
        LEDGER, {"session": city_session.pk, "payload": confirm["payload"].value(), "confirm": "1"}
    )
    assert response.status_code == 302
    proposals = {p.title: p for p in Proposal.objects.all()}
    assert len(proposals) == 4
    assert {p.state for p in proposals.values()} == {State.SUBMITTED}
    assert {p.number for p in proposals.values()} == {None}
    joint = proposals["关于缓解城区停车难问题的建议"]
    assert joint.kind == Kind.JOINT and joint.proposer.name == "王晓梅"
    assert sorted(joint.cosignatures.values_list("member__name", "status")) == [
        ("李明远", Cosignature.Status.ACCEPTED),
        ("赵思远", Cosignature.Status.ACCEPTED),
    ]
    assert proposals["关于发展职业教育的建议"].sponsor_party.name == "民盟"
    assert proposals["关于保护古城风貌的建议"].kind == Kind.JOINT  # type inferred from the co-signers
    assert joint.timeline.get().note == "由 市政协工作人员 代 王晓梅、李明远、赵思远 录入（纸质提案）"


def test_one_bad_row_files_nothing_and_names_its_error(clerk_client, city_session, category, good_rows):
    rows = [*good_rows, ["关于完善公交线网的建议", "个人", "钱多多", "", "", "社会", "建议……"]]
    response = clerk_client.post(LEDGER, {"session": city_session.pk, "file": upload(workbook(*rows))})
    page = response.content.decode()
    assert "本政协组织没有名为“钱多多”的在任委员。" in page
    assert "部分行有错误，未录入任何提案。" in page and "confirm_form" not in response.context
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (["", "个人", "李明远", "", "", "社会", "建议"], "标题必须填写。"),
        (["关于某事的建议", "个人", "李明远", "", "", "天文", "建议"], "未知类别“天文”"),
        (["关于某事的建议", "个人", "李明远", "", "", "社会", ""], "内容必须填写。"),
        (["关于某事的建议", "群体", "李明远", "", "", "社会", "建议"], "未知的提案类型“群体”"),
        (["关于某事的建议", "联名", "李明远", "", "", "社会", "建议"], "联名提案须填写联名人。"),
        (
            ["关于某事的建议", "集体", "", "", "无此界别", "社会", "建议"],
            "没有名为“无此界别”的界别、党派或专门委员会。",
        ),
        (["关于某事的建议", "个人", "李明远", "李明远", "", "社会", "建议"], "个人提案没有联名人"),
    ],
)
def test_row_errors_in_chinese(city_session, category, member, row, error):
    ledger = parse_ledger(workbook(row), city_session)
    assert ledger.has_errors and not ledger.rows
    assert any(error in message for message in ledger.report[0].errors), ledger.report[0].errors


def test_an_ambiguous_name_asks_for_the_member_s_number(city_clerk, city_session, category, member, city):
    namesake = MemberFactory(committee=city, name="李明远", workplace="聊城大学")
    row = ["关于某事的建议", "个人", "李明远", "", "", "社会", "建议"]
    (errors,) = [r.errors for r in parse_ledger(workbook(row), city_session).report]
    assert errors == [
        f"有多名委员名为“李明远”：请在姓名后加上委员编号，如 李明远（{member.pk}）、李明远（{namesake.pk}）。"
    ]
    row[2] = f"李明远（{namesake.pk}）"
    ledger = parse_ledger(workbook(row), city_session)
    assert not ledger.has_errors
    (proposal,) = services.proposals_file_ledger(session=city_session, rows=ledger.rows, actor=city_clerk)
    assert proposal.proposer == namesake


def test_a_title_already_filed_in_the_session_is_refused(city_session, category, member):
    row = ["关于某事的建议", "个人", "李明远", "", "", "社会", "建议"]
    assert [r.errors for r in parse_ledger(workbook(row, row), city_session).report][1] == [
        "本次会议已有同一标题的提案。"
    ]


def test_missing_columns_and_files_that_are_not_workbooks(city_session, category):
    assert parse_ledger(workbook(headings=["标题"]), city_session).file_errors == ["缺少列：类别、内容。"]
    assert parse_ledger(b"not a workbook", city_session).file_errors == ["文件不是 Excel 工作簿（.xlsx）。"]


def test_the_service_refuses_another_committee_s_clerk_and_files_nothing(
    county_clerk, city_session, category, good_rows
):
    ledger = parse_ledger(workbook(*good_rows), city_session)
    with pytest.raises(PermissionDenied):
        services.proposals_file_ledger(session=city_session, rows=ledger.rows, actor=county_clerk)
    assert not Proposal.objects.exists()


def test_the_template_holds_the_headings(clerk_client):
    response = clerk_client.get("/admin/proposals/proposal/paper-ledger/template/")
    assert response.status_code == 200 and "%E7%BA%B8%E8%B4%A8" in response["Content-Disposition"]  # 纸质…
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADINGS


def test_the_county_clerk_has_only_its_sessions(client, county_clerk, city_session):
    client.force_login(county_clerk)
    form = client.get(LEDGER).context["form"]
    assert city_session not in form.fields["session"].queryset
    response = client.post(LEDGER, {"session": city_session.pk, "file": upload(workbook())})
    assert "session" in response.context["form"].errors


def test_others_cannot_reach_the_ledger(client, leader):
    client.force_login(leader)
    assert client.get(LEDGER).status_code == 302


def test_a_name_both_a_party_s_and_a_sector_s_needs_the_type(city_session, category, city):
    party = PartyFactory(name="九三学社")
    sector = SectorFactory(committee=city, name="九三学社")
    row = ["关于某事的建议", "集体", "", "", "九三学社", "社会", "建议"]
    (errors,) = [r.errors for r in parse_ledger(workbook(row), city_session).report]
    assert errors == ["“九三学社”既是党派又是界别：请在提案类型中填写党派或界别。"]
    row[1] = "党派"
    assert parse_ledger(workbook(row), city_session).rows[0].sponsor == party
    row[1] = "界别"
    (paper,) = parse_ledger(workbook(row), city_session).rows
    assert (paper.kind, paper.sponsor) == (Kind.SECTOR, sector)
    row[1], row[4] = "专委会", "民盟"
    (errors,) = [r.errors for r in parse_ledger(workbook(row), city_session).report]
    assert errors == ["没有名为“民盟”的专门委员会。"]
