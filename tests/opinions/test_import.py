"""The Excel import of a legacy ledger: all or nothing, with a row-by-row error preview."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from opinions.ledger import HEADINGS, parse_ledger, template_workbook
from opinions.models import Adoption, Issue, OpinionReport, ReportAuthor
from opinions.services import reports_import

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADINGS)
    for row in rows:
        book.active.append([row.get(h, "") for h in HEADINGS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    {
        "标题": "冲剂类医药产品含糖量高亟待重视",
        "作者": "李明远、王晓梅",
        "类别": "社会",
        "报送日期": "2024-03-05",
        "期号": "2024年第12期",
        "刊发日期": "2024-03-20",
        "采用情况": "省政协采用 2024-04-02；全国政协报送 2024-04-15；市委批示 2024-04-20 张三（市委副书记）",
    },
    {
        "标题": "关于城区停车难的建议",
        "作者": "王晓梅",
        "报送日期": "2024/5/6",
        "状态": "不予采用",
        "不予采用理由": "内容空泛",
    },
]


def upload(client, committee, data, **extra):
    return client.post(
        "/admin/opinions/opinionreport/import-ledger/",
        {"committee": committee.pk, "file": SimpleUploadedFile("社情民意信息台账.xlsx", data), **extra},
    )


def test_a_good_ledger_is_previewed_then_imported(client, city, city_clerk, member, member2):
    client.force_login(city_clerk)
    data = workbook(GOOD)
    preview = upload(client, city, data)
    assert preview.status_code == 200 and OpinionReport.objects.count() == 0
    ledger = preview.context["ledger"]
    assert not ledger.has_errors and [r.number for r in ledger.report] == [2, 3]
    payload = preview.context["confirm_form"].initial["payload"]
    done = client.post(
        "/admin/opinions/opinionreport/import-ledger/",
        {"committee": city.pk, "payload": payload, "confirm": "1"},
    )
    assert done.status_code == 302
    sugar = OpinionReport.objects.get(title="冲剂类医药产品含糖量高亟待重视")
    assert sugar.state == "published" and sugar.issue == Issue.objects.get(year=2024, number=12)
    assert [link.member for link in sugar.author_links.all()] == [member, member2]
    assert set(sugar.adoptions.values_list("body", "action", "leader")) == {
        ("province_cppcc", "adopted", ""),
        ("national_cppcc", "forwarded", ""),
        ("city_party_committee", "instructed", "张三"),
    }
    assert OpinionReport.objects.get(title="关于城区停车难的建议").reason == "内容空泛"
    again = parse_ledger(data, city)
    assert again.has_errors  # the same reports are already in the ledger


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"作者": "李明远", "报送日期": "2024-01-01"}, "标题"),
        ({"标题": "题目", "作者": "查无此人", "报送日期": "2024-01-01"}, "查无此人"),
        ({"标题": "题目", "作者": "李明远", "报送日期": "明天"}, "报送日期"),
        ({"标题": "题目", "作者": "李明远", "报送日期": "2024-01-01", "状态": "飞走"}, "飞走"),
        ({"标题": "题目", "作者": "李明远", "报送日期": "2024-01-01", "期号": "2024年第3期"}, "刊发日期"),
        (
            {"标题": "题目", "作者": "李明远", "报送日期": "2024-01-01", "采用情况": "月球采用 2024-02-01"},
            "月球",
        ),
        (
            {"标题": "题目", "作者": "李明远", "报送日期": "2024-01-01", "采用情况": "省政协采用 2024-02-01"},
            "采用",
        ),
        (
            {
                "标题": "题目",
                "作者": "李明远",
                "报送日期": "2024-01-01",
                "状态": "已录用",
                "采用情况": "市委批示 2024-02-01",
            },
            "领导",
        ),
    ],
)
def test_one_bad_row_rejects_the_whole_file(client, city, city_clerk, member, member2, row, message):
    client.force_login(city_clerk)
    response = upload(client, city, workbook([GOOD[0], row]))
    ledger = response.context["ledger"]
    assert ledger.has_errors and "confirm_form" not in response.context
    assert not ledger.report[0].errors and any(message in e for e in ledger.report[1].errors), ledger.report[
        1
    ].errors
    assert OpinionReport.objects.count() == 0 and Adoption.objects.count() == 0


def test_not_a_workbook_is_an_error_not_a_crash(client, city, city_clerk):
    client.force_login(city_clerk)
    response = upload(client, city, b"not a spreadsheet")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["文件不是 Excel 工作簿（.xlsx）。"]


def test_the_template_carries_the_documented_headings(client, city_clerk):
    client.force_login(city_clerk)
    response = client.get("/admin/opinions/opinionreport/ledger-template/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert template_workbook()


def test_a_county_clerk_cannot_import_into_the_city(client, city, county, county_clerk):
    client.force_login(county_clerk)
    response = upload(client, city, workbook(GOOD))
    assert response.status_code == 200 and "ledger" not in response.context  # the city is not a choice


def test_imported_reports_are_dated_in_their_timeline_when_they_were_submitted(city, member, member2):
    parsed = parse_ledger(workbook(GOOD), city)
    assert not parsed.has_errors
    reports = reports_import(committee=city, rows=parsed.rows, actor=None)
    for report in reports:
        (entry,) = report.timeline.all()
        assert entry.action == "import" and entry.at == report.submitted_at


def test_imported_reports_and_issues_have_their_change_history(city, city_clerk, member, member2):
    parsed = parse_ledger(workbook(GOOD), city)
    reports = reports_import(committee=city, rows=parsed.rows, actor=city_clerk)
    for report in reports:
        (created,) = report.history.all()
        assert (created.history_type, created.history_user, created.history_change_reason) == (
            "+",
            city_clerk,
            None,
        )
        assert (created.title, created.state, created.committee_id, created.submitted_at) == (
            report.title,
            report.state,
            city.pk,
            report.submitted_at,
        )
        assert created.issue_id == report.issue_id and created.created_at == report.created_at
    (issue,) = Issue.objects.all()
    assert [h.history_type for h in issue.history.all()] == ["+"]
    for model in (ReportAuthor, Adoption):
        rows = model.objects.filter(report__in=reports)
        assert rows.exists()
        assert sorted(
            model.history.filter(history_type="+", history_user=city_clerk).values_list("id", flat=True)
        ) == sorted(rows.values_list("id", flat=True))


def test_an_import_costs_the_same_number_of_queries_for_few_and_many_rows(city, member, member2):
    def cost(rows) -> int:
        parsed = parse_ledger(workbook(rows), city)
        assert not parsed.has_errors
        with CaptureQueriesContext(connection) as captured:
            reports_import(committee=city, rows=parsed.rows, actor=None)
        return len(captured)

    few = cost(GOOD)
    many = [
        {**row, "标题": f"{row['标题']}（{i}）", "期号": "2024年第13期" if "期号" in row else ""}
        for i in range(10)
        for row in GOOD
    ]
    assert cost(many) == few


def test_cells_typed_as_dates_and_numbers_read_as_in_excel(city, member, member2):
    book = Workbook()
    book.active.append(["", *HEADINGS])  # the ledger may start in any column
    book.active.append(["", 2024, "", "李明远", "", "", datetime.date(2024, 3, 5)])
    book.active.append(
        ["", "关于城区停车难的建议", "", "王晓梅", "", "", datetime.datetime(2024, 5, 6, 10, 30)]
    )
    book.active.append([])
    book.active.append(["", "题目", "", "李明远", "", "", 45000])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_ledger(buffer.getvalue(), city)
    assert [(r.number, r.title, r.errors) for r in parsed.report] == [
        (2, "2024", []),
        (3, "关于城区停车难的建议", []),
        (5, "题目", ["报送日期须为日期，如 2024-03-05。"]),
    ]
    assert [row.submitted_at.date() for row in parsed.rows] == [
        datetime.date(2024, 3, 5),
        datetime.date(2024, 5, 6),
    ]
