"""The task queue's tasks (Huey, ``huey.contrib.djhuey``, which finds this module in every app):
a job, and the hourly purge of files older than a day."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def run_job(job_id: int) -> None:
    services.job_run(job_id=job_id)


@db_periodic_task(crontab(minute="7"))
def purge_jobs() -> None:
    services.jobs_purge()
