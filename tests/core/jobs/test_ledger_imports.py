"""A large ledger is imported by a job of its owner's: every row or, when any row is bad or the
import fails part-way, nothing, with each bad row's errors on the job's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cppcc.core import workflow
from cppcc.core.jobs.models import Job
from opinions.models import Adoption, Issue, OpinionReport, ReportAuthor
from proposals.models import Proposal
from tests.opinions.test_import import GOOD
from tests.opinions.test_import import workbook as opinion_ledger
from tests.proposals.factories import CategoryFactory
from tests.proposals.test_paper_ledger import workbook as paper_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="社会")


OPINIONS = "/admin/opinions/opinionreport/import-ledger/"
PAPERS = "/admin/proposals/proposal/paper-ledger/"


def start(client, committed, url, data, **fields):
    with committed():
        response = client.post(url, {**fields, "file": SimpleUploadedFile("台账.xlsx", data)})
    job = Job.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    return job


def test_a_large_ledger_is_imported_by_a_job(
    client, city, city_clerk, member, member2, small_jobs, committed
):
    client.force_login(city_clerk)
    job = start(client, committed, OPINIONS, opinion_ledger(GOOD), committee=city.pk)
    assert (job.state, job.done, job.total, job.message) == (
        Job.State.DONE,
        2,
        2,
        "已导入 2 条信息。",
    )
    assert OpinionReport.objects.filter(committee=city).count() == 2
    assert not job.upload  # the uploaded ledger is not kept
    page = client.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert "已导入 2 条信息。" in page


def test_a_bad_row_fails_the_job_and_imports_nothing(
    client, city, city_clerk, member, member2, small_jobs, committed
):
    client.force_login(city_clerk)
    bad = [*GOOD, {"标题": "没有日期的报告", "作者": "李明远"}]
    job = start(client, committed, OPINIONS, opinion_ledger(bad), committee=city.pk)
    assert job.state == Job.State.FAILED and "未导入任何数据" in job.error
    assert job.report == [{"number": 4, "title": "没有日期的报告", "errors": ["报送日期必须填写。"]}]
    assert not OpinionReport.objects.exists() and not Issue.objects.exists()
    status = client.get(f"/admin/jobs/job/{job.pk}/status/").json()
    assert status["state"] == "failed" and status["report"] == job.report


def test_a_failure_part_way_leaves_nothing(
    client, city, city_clerk, member, member2, small_jobs, committed, monkeypatch
):
    """The timeline rows are written last: when they fail, the reports, authors, issues and
    adoptions written before them are gone too."""

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(workflow, "insert_rows", broken)
    client.force_login(city_clerk)
    job = start(client, committed, OPINIONS, opinion_ledger(GOOD), committee=city.pk)
    assert job.state == Job.State.FAILED and job.error == "任务意外失败，未作任何更改；请重试或联系管理员。"
    for model in (OpinionReport, ReportAuthor, Issue, Adoption):
        assert not model.objects.exists(), model


def test_a_large_paper_ledger_is_filed_by_a_job(
    client, city_session, city_clerk, category, member, small_jobs, committed
):
    client.force_login(city_clerk)
    rows = [
        ["关于加快老旧小区加装电梯的建议", "个人", "李明远", "", "", category.name, "建议。"],
        ["关于发展职业教育的建议", "个人", "李明远", "", "", category.name, "建议。"],
    ]
    job = start(client, committed, PAPERS, paper_ledger(*rows), session=city_session.pk)
    assert job.state == Job.State.DONE and Proposal.objects.count() == 2


def test_a_bad_paper_ledger_files_nothing(
    client, city_session, city_clerk, category, member, small_jobs, committed
):
    client.force_login(city_clerk)
    rows = [
        ["关于加快老旧小区加装电梯的建议", "个人", "李明远", "", "", category.name, "建议。"],
        ["关于发展职业教育的建议", "个人", "无此人", "", "", category.name, "建议。"],
    ]
    job = start(client, committed, PAPERS, paper_ledger(*rows), session=city_session.pk)
    assert job.state == Job.State.FAILED and [row["number"] for row in job.report] == [3]
    assert not Proposal.objects.exists()
