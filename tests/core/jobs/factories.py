"""Jobs as the queue leaves them, for the tests that read them."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from cppcc.core.jobs.models import Job
from cppcc.core.jobs.workflow import job_workflow


def finished_job(
    owner, *, finished_at: datetime.datetime | None = None, content: bytes = b"PK\x03\x04sheet"
) -> Job:
    """A finished export of ``owner``'s with its file, through the job's lifecycle."""
    job = job_workflow.apply(
        "start",
        obj=Job(owner=owner, kind="opinion_report_export", title="导出", token=uuid.uuid4().hex, total=3),
        actor=owner,
    )
    job = job_workflow.apply("run", obj=job, actor=None)
    job.file.save("result.xlsx", ContentFile(content), save=False)
    job = job_workflow.apply(
        "finish",
        obj=job,
        actor=None,
        changes={"file": job.file.name, "filename": "社情民意信息_2024-03-01.xlsx", "done": 3},
    )
    if finished_at is not None:
        Job.objects.filter(pk=job.pk).update(finished_at=finished_at)
        job.refresh_from_db()
    return job


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)
