"""A large export of the admin runs as a job of its owner's: the clerk lands on the job's page, and
the file holds exactly what the export in the request gives, through the owner's gate."""

import io
import re

import pytest
from openpyxl import load_workbook

from cppcc.core.jobs.models import Job
from opinions.models import OpinionReport
from proposals.models import Proposal
from tests.core.test_exports import export

pytestmark = pytest.mark.django_db


def export_in_background(client, model, committed, query=""):
    """POST the export form as ``tests.core.test_exports.export`` does; the job it started."""
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/export/{query}"
    page = client.get(url).content.decode()
    formats = {label: value for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)<', page)}
    columns = re.findall(r'<input type="checkbox" name="(\w+resource_\w+)"[^>]*checked', page)
    with committed():
        response = client.post(
            url, {"format": formats["xlsx"], "resource": 0, **dict.fromkeys(columns, "on")}
        )
    job = Job.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    return job


def sheet(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("model", [OpinionReport, Proposal], ids=lambda m: m.__name__)
def test_a_large_export_is_a_job_whose_file_is_the_export(
    client, world, city_clerk, small_jobs, committed, model
):
    client.force_login(city_clerk)
    small_jobs.JOBS_BACKGROUND_ROWS = 1000
    _page, direct = export(client, model)
    small_jobs.JOBS_BACKGROUND_ROWS = 1

    job = export_in_background(client, model, committed)

    assert (job.owner, job.state, job.kind) == (city_clerk, Job.State.DONE, "admin_export")
    assert job.done == job.total == model.objects.restrict(city_clerk).count() > 1
    page = client.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert "jobs/job_progress.js" in page and 'value="100"' in page
    status = client.get(f"/admin/jobs/job/{job.pk}/status/").json()
    assert status["state"] == "done" and status["percent"] == 100
    assert status["file"] == f"/admin/jobs/job/{job.pk}/file/"
    download = client.get(status["file"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert sheet(b"".join(download.streaming_content)) == sheet(direct.content)


def test_a_filtered_export_keeps_its_filter(client, world, city_clerk, small_jobs, committed):
    client.force_login(city_clerk)
    job = export_in_background(client, OpinionReport, committed, "?state__exact=submitted")
    rows = sheet(b"".join(client.get(f"/admin/jobs/job/{job.pk}/file/").streaming_content))
    submitted = OpinionReport.objects.restrict(city_clerk).filter(state="submitted")
    assert sorted(row[0] for row in rows[1:]) == sorted(
        str(pk) for pk in submitted.values_list("id", flat=True)
    )


def test_a_county_clerks_job_exports_only_the_county(client, world, county_clerk, small_jobs, committed):
    client.force_login(county_clerk)
    second = OpinionReport.objects.get(pk=world.county_report.pk)  # the county's report, and a second
    second.pk = None
    second.title = "第二篇"
    second.save()
    job = export_in_background(client, OpinionReport, committed)
    rows = sheet(b"".join(client.get(f"/admin/jobs/job/{job.pk}/file/").streaming_content))
    assert sorted(row[0] for row in rows[1:]) == sorted([str(world.county_report.pk), str(second.pk)])
    assert OpinionReport.objects.count() > 2


def test_nobody_else_reaches_the_job_or_its_file(
    client, world, city_clerk, county_clerk, small_jobs, committed
):
    client.force_login(city_clerk)
    job = export_in_background(client, OpinionReport, committed)
    client.force_login(county_clerk)
    for path in ("change/", "status/", "file/"):
        assert client.get(f"/admin/jobs/job/{job.pk}/{path}").status_code == 404, path
    assert f"/admin/jobs/job/{job.pk}/" not in client.get("/admin/jobs/job/").content.decode()


def test_a_small_export_stays_in_the_request(client, world, city_clerk):
    client.force_login(city_clerk)
    _page, response = export(client, OpinionReport)
    assert response.status_code == 200 and not Job.objects.exists()
