"""A job's file is kept a day for its owner, then deleted (``purge_jobs``, and every hour by the
worker); the job stays, saying its file is gone."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from cppcc.core.jobs.models import Job
from cppcc.core.jobs.services import jobs_purge
from cppcc.core.jobs.tasks import purge_jobs
from tests.core.jobs.factories import finished_job, hours_ago

pytestmark = pytest.mark.django_db


def test_files_older_than_a_day_are_deleted(city_clerk):
    old = finished_job(city_clerk, finished_at=hours_ago(25))
    fresh = finished_job(city_clerk, finished_at=hours_ago(23))
    old_name = old.file.name

    assert jobs_purge() == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and not default_storage.exists(old_name)
    assert fresh.file and default_storage.exists(fresh.file.name)
    assert old.state == Job.State.DONE


def test_the_owner_is_told_the_file_is_gone(client, city_clerk):
    job = finished_job(city_clerk, finished_at=hours_ago(25))
    jobs_purge()
    client.force_login(city_clerk)
    status = client.get(f"/admin/jobs/job/{job.pk}/status/").json()
    assert status["expired"] and status["file"] is None
    assert client.get(f"/admin/jobs/job/{job.pk}/file/").status_code == 404
    assert "文件已保留一天并已删除" in client.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()


def test_the_command_and_the_hourly_task_purge(city_clerk):
    first = finished_job(city_clerk, finished_at=hours_ago(30))
    call_command("purge_jobs")
    first.refresh_from_db()
    assert not first.file
    second = finished_job(city_clerk, finished_at=hours_ago(30))
    purge_jobs.call_local()
    second.refresh_from_db()
    assert not second.file
