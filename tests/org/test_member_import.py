"""Members imported from Excel in the admin: previewed, all-or-nothing, row-by-row errors."""

import io

import openpyxl
import pytest

from cppcc.org.models import Member
from tests.factories import PartyFactory, SectorFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "编号",
    "姓名",
    "性别",
    "界别",
    "党派",
    "职务",
    "常委",
    "专门委员会",
    "工作单位及职务",
    "电话",
    "电子邮箱",
    "通讯地址",
    "在职",
]


def workbook(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "members.xlsx"
    return data


@pytest.fixture
def reference(city):
    SectorFactory(committee=city, name="经济界")
    SectorFactory(committee=city, name="教育界")
    PartyFactory(name="中国民主同盟")
    SpecialCommitteeFactory(committee=city, name="提案委员会")
    SpecialCommitteeFactory(committee=city, name="经济委员会")


def xlsx_format_index(client) -> str:
    page = client.get("/admin/org/member/import/").content.decode()
    import re

    match = re.search(r'<option value="(\d+)"[^>]*>xlsx</option>', page)
    assert match, "xlsx must be offered as an import format"
    return match.group(1)


def preview(client, city, rows):
    return client.post(
        "/admin/org/member/import/",
        {"import_file": workbook(rows), "format": xlsx_format_index(client), "committee": city.pk},
    )


GOOD = [
    [
        "",
        "张新华",
        "男",
        "经济界",
        "中国民主同盟",
        "委员",
        "否",
        "提案委员会、经济委员会",
        "聊城大学 教授",
        "13800001111",
        "",
        "",
        "是",
    ],
    ["", "李秀英", "女", "教育界", "", "常委", "是", "", "聊城一中 校长", "", "", "", ""],
]


def test_a_good_file_is_previewed_then_imported(client, city_clerk, city, city_term, reference):
    client.force_login(city_clerk)
    response = preview(client, city, GOOD)
    assert response.status_code == 200
    assert Member.objects.count() == 0  # the preview saves nothing
    confirm = response.context["confirm_form"]
    assert confirm is not None
    done = client.post(
        "/admin/org/member/process_import/",
        {**confirm.initial, "committee": city.pk},
    )
    assert done.status_code == 302
    zhang = Member.objects.get(name="张新华")
    assert zhang.committee == city and zhang.term == city_term and zhang.party.name == "中国民主同盟"
    assert sorted(zhang.special_committees.values_list("name", flat=True)) == ["提案委员会", "经济委员会"]
    li = Member.objects.get(name="李秀英")
    assert li.position == Member.Position.STANDING and li.is_standing_committee and li.is_active


def test_one_bad_row_imports_nothing_and_reports_each_error(client, city_clerk, city, city_term, reference):
    client.force_login(city_clerk)
    bad = [
        *GOOD,
        ["", "王五", "未知", "不存在界", "", "委员", "也许", "", "", "", "", "", ""],
        ["", "赵六", "男", "", "", "主席", "否", "", "", "", "", "", ""],
    ]
    response = preview(client, city, bad)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    page = response.content.decode()
    assert "“未知”不是以下选项之一" in page
    assert "没有名为“不存在界”的界别" in page
    assert "“也许”只能填写“是”或“否”" in page
    assert "常务委员会组成人员" in page  # a chair must sit on the standing committee
    assert Member.objects.count() == 0


def test_an_id_from_another_committee_is_refused(client, city_clerk, city, county, city_term, reference):
    from tests.factories import MemberFactory

    outsider = MemberFactory(committee=county, name="区里委员")
    client.force_login(city_clerk)
    row = [outsider.pk, "冒名", "男", "", "", "委员", "否", "", "", "", "", "", ""]
    response = preview(client, city, [row])
    assert "本政协组织中没有编号为" in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.name == "区里委员" and outsider.committee == county


def test_a_file_that_is_not_excel_gets_a_message_not_a_500(client, city_clerk, city, reference):
    client.force_login(city_clerk)
    junk = io.BytesIO(b"this is not a spreadsheet")
    junk.name = "members.xlsx"
    response = client.post(
        "/admin/org/member/import/",
        {"import_file": junk, "format": xlsx_format_index(client), "committee": city.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_county_clerk_cannot_import_into_the_city(client, county_clerk, city, county):
    client.force_login(county_clerk)
    response = preview(client, city, GOOD)
    assert response.status_code == 200
    assert "committee" in response.context["form"].errors
    assert Member.objects.count() == 0


def test_export_writes_the_filtered_list_to_excel(client, city_clerk, city, city_term, reference):
    from tests.factories import MemberFactory

    MemberFactory(committee=city, term=city_term, name="导出委员")
    client.force_login(city_clerk)
    page = client.get("/admin/org/member/export/").content.decode()
    import re

    fmt = re.search(r'<option value="(\d+)"[^>]*>xlsx</option>', page).group(1)
    fields = {f"memberresource_{name}": "on" for name in re.findall(r'name="memberresource_(\w+)"', page)}
    response = client.post("/admin/org/member/export/", {"format": fmt, "resource": 0, **fields})
    assert response.status_code == 200, response.content[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0][:2] == ("编号", "姓名")
    assert any(row[1] == "导出委员" for row in rows[1:])
