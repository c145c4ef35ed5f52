"""What a job's page and the API show of a job."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import Job


def job_status(job: Job, *, file_url: str) -> dict:
    """The job's state and progress as JSON; the file's address once there is a file."""
    if job.state == Job.State.RUNNING and job.total and job.done >= job.total:
        phase = _("Writing…")
    else:
        phase = job.get_state_display()
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "state": job.state,
        "state_display": phase,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
        "report": job.report,
        "file": file_url if job.file else None,
        "filename": job.filename if job.file else "",
        "expired": job.state == Job.State.DONE and not job.file and bool(job.filename),
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def job_file(job: Job) -> FileResponse:
    """The job's file as a download under its name; 404 once it is deleted (or if it has none)."""
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
