"""A real worker (``manage.py run_huey``, as ``make run`` and the deployment start it) takes a job
from the queue and runs it against the same database, in a process of its own."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY

from cppcc.core.jobs.models import Job
from cppcc.core.jobs.services import job_start

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT'] or 5432}/{config['NAME']}"


@pytest.fixture
def queued():
    """Jobs go to the queue's file, as in production, instead of running at once."""
    HUEY.immediate = False
    HUEY.flush()
    yield
    HUEY.flush()
    HUEY.immediate = True


@pytest.mark.timeout(240)
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_a_queued_job(world, queued, tmp_path):
    clerk = world.users["city_clerk"]
    job = job_start(owner=clerk, kind="opinion_report_export", title="导出", parameters={"query": ""})
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cppcc.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "JOBS_QUEUE_FILE": settings.HUEY["connection"]["filename"],
        "CACHE_KEY_PREFIX": settings.HUEY["name"],  # the queue's name
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": "",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while Job.objects.get(pk=job.pk).state in (Job.State.QUEUED, Job.State.RUNNING):
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(10)
        log.close()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, (job.error, (tmp_path / "worker.log").read_text())
    assert job.total == 4 and job.file
