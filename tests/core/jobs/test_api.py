"""The API's export of the report list: the sheet at once when small; when large, ``202`` and a job
to poll at ``/api/jobs/{id}/`` whose file holds what the owner reads, and which nobody else reaches."""

import io

import pytest
from openpyxl import load_workbook

from cppcc.core.jobs.models import Job
from opinions.models import OpinionReport

pytestmark = pytest.mark.django_db

EXPORT = "/api/opinions/export/"


def ids_in(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("编号", "标题")
    return sorted(row[0] for row in rows[1:])


def test_a_small_export_is_the_sheet(api, world):
    response = api.as_user(world.users["member"]).get(EXPORT)
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    member_reports = [world.report, world.report_draft, world.accepted_report]
    assert ids_in(response.content) == sorted(str(report.pk) for report in member_reports)
    assert not Job.objects.exists()


def test_a_large_export_answers_202_and_a_job(api, world, small_jobs, committed):
    clerk = world.users["city_clerk"]
    with committed():
        response = api.as_user(clerk).get(EXPORT, {"state": "submitted"})
    job = Job.objects.get()
    url = f"http://testserver/api/jobs/{job.pk}/"
    assert response.status_code == 202
    assert response.json() == {"job": job.pk, "url": url, "state": "queued"}
    assert response["Location"] == url

    status = api.as_user(clerk).get(url).json()
    assert status["state"] == "done" and status["percent"] == 100 and status["done"] == status["total"] == 2
    assert status["file"] == f"{url}file/"
    download = api.as_user(clerk).get(status["file"])
    assert download.status_code == 200
    assert ids_in(b"".join(download.streaming_content)) == sorted(
        str(report.pk) for report in (world.report, world.county_report)
    )
    assert [item["id"] for item in api.as_user(clerk).get("/api/jobs/").json()["results"]] == [job.pk]

    for persona in ("county_clerk", "leader", "member"):
        other = api.as_user(world.users[persona])
        assert other.get(url).status_code == 404, persona
        assert other.get(f"{url}file/").status_code == 404, persona


def test_a_bad_filter_is_400_not_a_job(api, world, small_jobs):
    response = api.as_user(world.users["city_clerk"]).get(EXPORT, {"state": "nonsense"})
    assert response.status_code == 400 and "state" in response.json()
    assert not Job.objects.exists()


def test_the_schema_documents_the_job_endpoints(api, world):
    schema = api.as_user(world.users["city_clerk"]).get("/api/schema/", {"format": "json"}).json()
    export = schema["paths"]["/api/opinions/export/"]["get"]["responses"]
    assert set(export) >= {"200", "202"}
    assert "/api/jobs/{id}/" in schema["paths"] and "/api/jobs/{id}/file/" in schema["paths"]


def test_control_characters_are_left_out_of_the_sheet(api, world):
    """A text with characters a workbook cannot hold (pasted from elsewhere) is exported without
    them, not refused with a 500."""
    OpinionReport.objects.filter(pk=world.report.pk).update(title="关于\x07加强\x1b服务的建议")
    response = api.as_user(world.users["member"]).get(EXPORT, {"state": "submitted"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "关于加强服务的建议"
