"""A report's page in the admin tells its story (authors, state, issue, adoptions, a readable
timeline) and offers the steps open now, each a small form that calls the service and shows the
result or the refusal in Chinese; adoptions and instructions are added in a table through the
service."""

import datetime
from html.parser import HTMLParser

import pytest

from opinions.models import Adoption, OpinionReport

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def page_url(report) -> str:
    return f"/admin/opinions/opinionreport/{report.pk}/change/"


def step_url(report, name) -> str:
    return f"/admin/opinions/opinionreport/{report.pk}/step/{name}/"


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class FormFields(HTMLParser):
    """The values a browser would post from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_data(client, url: str, form_id: str = "opinionreport_form") -> dict:
    parser = FormFields(form_id)
    parser.feed(client.get(url).content.decode())
    return parser.data


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


def test_the_page_tells_the_story_in_chinese(clerk, make_report, city_clerk):
    report = make_report(state="published")
    Adoption.objects.create(
        report=report, body="province_cppcc", action="adopted", date=datetime.date(2024, 5, 1)
    )
    html = clerk.get(page_url(report)).content.decode()
    assert "已编发" in html and "李明远" in html and "2024年第" in html
    timeline = html[html.index('id="timeline"') :]
    assert "市政协工作人员" in timeline
    for words in ("由提案转来", "录用", "编发", "已报送", "已录用"):
        assert words in timeline, words
    assert "object (" not in html and "accepted" not in timeline and "published" not in timeline
    assert "省政协" in html and "省级" in html


def test_the_timeline_shows_local_times(clerk, make_report):
    report = make_report(state="submitted")
    entry = report.timeline.get()
    entry.at = datetime.datetime(2024, 3, 1, 1, 30, tzinfo=datetime.UTC)
    entry.save()
    assert "2024-03-01 09:30" in clerk.get(page_url(report)).content.decode()


def test_a_county_clerk_reads_only_its_own_reports(client, county_clerk, county, county_member, make_report):
    city_report = make_report(state="submitted")
    own = make_report(state="submitted", committee=county, authors=[county_member], actor=county_clerk)
    client.force_login(county_clerk)
    assert client.get(page_url(own)).status_code == 200
    assert client.get(page_url(city_report)).status_code == 302
    assert client.post(step_url(city_report, "accept")).status_code == 404
    assert OpinionReport.objects.get(pk=city_report.pk).state == "submitted"


@pytest.mark.parametrize("persona", ["leader", "member_login", "unit_contact"])
def test_others_are_refused(client, make_report, persona, request):
    report = make_report(state="submitted")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page_url(report)).status_code == 302
    client.post(step_url(report, "accept"))
    assert OpinionReport.objects.get(pk=report.pk).state == "submitted"


def test_only_the_steps_open_now_are_offered(clerk, make_report):
    submitted = clerk.get(page_url(make_report(state="submitted")))
    assert [s["name"] for s in submitted.context["steps"]] == ["accept", "decline", "return"]
    accepted = clerk.get(page_url(make_report(state="accepted")))
    assert [s["name"] for s in accepted.context["steps"]] == ["publish"]
    assert clerk.get(page_url(make_report(state="declined"))).context["steps"] == []


def test_accept(clerk, make_report):
    report = make_report(state="submitted")
    response = clerk.post(step_url(report, "accept"), follow=True)
    assert OpinionReport.objects.get(pk=report.pk).state == "accepted"
    assert "录用：完成，这篇信息现为“已录用”。" in said(response)


def test_accept_refused_in_chinese(clerk, make_report):
    report = make_report(state="accepted")
    response = clerk.post(step_url(report, "accept"), follow=True)
    assert said(response) == ["当前状态为“已录用”，不能录用。"]


def test_decline_with_a_reason(clerk, make_report):
    report = make_report(state="submitted")
    clerk.post(step_url(report, "decline"), {"decline-reason": "内容空泛"})
    report.refresh_from_db()
    assert (report.state, report.reason) == ("declined", "内容空泛")


def test_decline_without_a_reason_is_refused(clerk, make_report):
    report = make_report(state="submitted")
    response = clerk.post(step_url(report, "decline"), {"decline-reason": ""}, follow=True)
    assert said(response) == ["理由：该字段为必填项。"]
    assert OpinionReport.objects.get(pk=report.pk).state == "submitted"


def test_return_with_a_reason(clerk, make_report):
    report = make_report(state="submitted")
    clerk.post(step_url(report, "return"), {"return-reason": "请补充数据来源"})
    report.refresh_from_db()
    assert (report.state, report.reason) == ("draft", "请补充数据来源")


def test_publish_into_a_chosen_issue(clerk, city, make_report):
    report = make_report(state="accepted")
    issue = IssueFactory(committee=city, number=35)
    page = clerk.get(page_url(report))
    assert list(page.context["steps"][0]["form"].fields["issue"].queryset) == [issue]
    response = clerk.post(step_url(report, "publish"), {"publish-issue": issue.pk}, follow=True)
    report.refresh_from_db()
    assert (report.state, report.issue, report.issue_order) == ("published", issue, 1)
    assert "2024年第35期" in response.content.decode()


def test_publish_into_another_committees_issue_is_refused(clerk, county, make_report):
    report = make_report(state="accepted")
    other = IssueFactory(committee=county, number=3)
    response = clerk.post(step_url(report, "publish"), {"publish-issue": other.pk}, follow=True)
    assert said(response) == ["期号：选择一个有效的选项： 该选择不在可用的选项中。"]
    assert OpinionReport.objects.get(pk=report.pk).state == "accepted"


def test_a_step_is_posted_not_fetched(clerk, make_report):
    report = make_report(state="submitted")
    assert clerk.get(step_url(report, "accept")).status_code == 405
    assert clerk.post(step_url(report, "merge")).status_code == 404


def add_adoption_rows(data: dict, *rows: dict) -> dict:
    start = int(data["adoptions-TOTAL_FORMS"])
    for i, row in enumerate(rows, start=start):
        data.update({f"adoptions-{i}-{name}": value for name, value in row.items()})
    data["adoptions-TOTAL_FORMS"] = str(start + len(rows))
    return data


def test_the_adoption_table_adds_through_the_service(clerk, make_report):
    report = make_report(state="published")
    data = add_adoption_rows(
        form_data(clerk, page_url(report)),
        {"body": "city_party_committee", "action": "adopted", "date": "2024-06-01"},
        {
            "body": "city_government",
            "action": "instructed",
            "date": "2024-06-03",
            "leader": "张市长",
            "leader_title": "市长",
        },
    )
    response = clerk.post(page_url(report), data)
    assert response.status_code == 302, said(response)
    assert list(report.adoptions.values_list("body", "action", "leader")) == [
        ("city_party_committee", "adopted", ""),
        ("city_government", "instructed", "张市长"),
    ]
    assert list(report.timeline.filter(action="record_adoption").values_list("note", flat=True)) == [
        "市委 · 采用 · 2024-06-01",
        "市政府 · 批示 · 2024-06-03",
    ]


def test_a_bad_adoption_row_saves_nothing_and_says_why(clerk, make_report):
    report = make_report(state="accepted")
    data = add_adoption_rows(
        form_data(clerk, page_url(report)),
        {"body": "city_party_committee", "action": "adopted", "date": "2024-06-01"},
        {"body": "city_government", "action": "instructed", "date": "2024-06-03"},
    )
    response = clerk.post(page_url(report), data)
    assert response.status_code == 200
    assert "批示须注明批示领导。" in response.content.decode()
    assert not report.adoptions.exists()


def test_a_submitted_report_takes_no_adoption(clerk, make_report):
    report = make_report(state="submitted")
    data = add_adoption_rows(
        form_data(clerk, page_url(report)),
        {"body": "city_party_committee", "action": "adopted", "date": "2024-06-01"},
    )
    response = clerk.post(page_url(report), data)
    assert response.status_code == 200
    assert "当前状态为“已报送”，不能登记采用情况。" in response.content.decode()
    assert not report.adoptions.exists()


def test_a_drafts_text_is_edited_on_its_page(clerk, make_report):
    report = make_report(state="draft")
    data = form_data(clerk, page_url(report))
    data["title"] = "关于改进老旧小区加装电梯审批的建议"
    response = clerk.post(page_url(report), data)
    assert response.status_code == 302, said(response)
    report.refresh_from_db()
    assert report.title == "关于改进老旧小区加装电梯审批的建议"
    assert report.history.first().history_user_id is not None


def test_a_submitted_reports_text_is_not_edited(clerk, make_report):
    report = make_report(state="submitted")
    title = report.title
    data = form_data(clerk, page_url(report))
    clerk.post(page_url(report), {**data, "title": "改过的标题"})
    report.refresh_from_db()
    assert report.title == title
