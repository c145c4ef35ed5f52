"""A job's progress is written as it goes, every few hundred rows and at the end, where the page
polling it reads it; the page's bar follows it."""

import uuid

import pytest

from cppcc.core.jobs.models import Job
from cppcc.core.jobs.services import Progress
from cppcc.core.jobs.workflow import job_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(city_clerk):
    job = Job(owner=city_clerk, kind="admin_export", title="导出", token=uuid.uuid4().hex)
    job = job_workflow.apply("start", obj=job, actor=city_clerk)
    return job_workflow.apply("run", obj=job, actor=None)


def stored(job) -> tuple[int, int]:
    return tuple(Job.objects.values_list("done", "total").get(pk=job.pk))


def test_progress_is_written_every_so_many_rows_and_at_the_end(running):
    progress = Progress(running, every=3)
    progress.total(7)
    seen = []
    for done in range(1, 8):
        progress(done)
        seen.append(stored(running))
    assert seen == [(0, 7), (0, 7), (3, 7), (3, 7), (3, 7), (6, 7), (7, 7)]


def test_the_status_follows_the_progress(client, city_clerk, running):
    progress = Progress(running, every=1)
    progress.total(8)
    progress(2)
    client.force_login(city_clerk)
    status = client.get(f"/admin/jobs/job/{running.pk}/status/").json()
    assert (status["state"], status["done"], status["total"], status["percent"]) == ("running", 2, 8, 25)
    assert status["state_display"] == "运行中"
    progress(8)
    status = client.get(f"/admin/jobs/job/{running.pk}/status/").json()
    assert status["percent"] == 100 and status["state_display"] == "正在写入…"


def test_more_rows_than_counted_stay_within_the_total(running):
    progress = Progress(running, every=1)
    progress.total(2)
    progress(5)
    assert stored(running) == (2, 2)
