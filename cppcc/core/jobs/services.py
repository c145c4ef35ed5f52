"""Starting, running and purging jobs. A kind of job is a function registered with ``kind``; the
task queue (``tasks.run_job``) calls it with the job and a ``Progress`` once the transaction that
started the job has committed. The function runs as the job's owner: it reads through the gate
with ``job.owner``, so a background export shows exactly what the same export in a request would.

It runs in the language of the request that started the job. It returns an ``Outcome``: a message
and, for the owner to download, a file name and ``content``, a callable that writes the file to a
binary stream (a large sheet row by row). It raises ``JobFailed`` with the reason (and the rows'
errors of an import) to fail; anything else it raises fails the job with a general message, the
details in the log. A kind that writes does so in one transaction, so a failed job leaves nothing."""

import datetime
import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cppcc.core.files import sheet_rows

from .models import Job
from .workflow import job_workflow

logger = logging.getLogger(__name__)


class JobFailed(Exception):
    """A job's refusal in the owner's words; ``report`` the rows of an import that have errors
    (anything with ``number``, ``title`` and ``errors``, as the ledgers' previews list them)."""

    def __init__(self, message: str, report=()):
        super().__init__(message)
        self.report = [
            {"number": row.number, "title": row.title, "errors": list(row.errors)}
            for row in report
            if row.errors
        ]


@dataclass
class Outcome:
    message: str
    filename: str = ""
    content: Callable | None = None


# The runner of each kind of job: ``run(job, progress) -> Outcome``.
KINDS: dict[str, Callable] = {}


def kind(name: str):
    """Register the decorated function as the runner of jobs of kind ``name``."""

    def register(function):
        KINDS[name] = function
        return function

    return register


@dataclass
class Progress:
    """How far a job has come, written every ``every`` rows (and at the end), outside the job's own
    transaction where it has one, so that the page polling it sees it move."""

    job: Job
    every: int = 500
    _last: int = field(default=0, init=False)

    def total(self, total: int) -> None:
        self.job.total = total
        Job.objects.filter(pk=self.job.pk).update(total=total, done=0)

    def __call__(self, done: int) -> None:
        done = min(done, self.job.total)
        if done - self._last >= self.every or done == self.job.total:
            self._last = done
            self.job.done = done
            Job.objects.filter(pk=self.job.pk).update(done=done)


def background(rows: int) -> bool:
    """Whether ``rows`` rows are too many for a request: above ``JOBS_BACKGROUND_ROWS``."""
    return rows > settings.JOBS_BACKGROUND_ROWS


def job_start(*, owner, kind: str, title: str, parameters: dict, upload: File | None = None) -> Job:
    """A queued job, handed to the task queue once the transaction commits."""
    from .tasks import run_job

    if kind not in KINDS:
        raise ValueError(f"no job of kind {kind!r}")
    with transaction.atomic():
        job = Job(
            owner=owner,
            kind=kind,
            title=title,
            parameters={**parameters, "language": translation.get_language()},
            token=uuid.uuid4().hex,
        )
        job = job_workflow.apply("start", obj=job, actor=owner)
        if upload is not None:
            job.upload.save(f"upload{_suffix(upload.name)}", upload, save=True)
        transaction.on_commit(lambda: run_job(job.pk))
    return job


def _suffix(name: str | None) -> str:
    return "." + name.rsplit(".", 1)[1].lower() if name and "." in name else ""


def job_run(*, job_id: int) -> Job:
    """Run a queued job (the task queue's task): running, then done with its file, or failed with
    its reason and nothing of its own writes kept (the kinds that write do so in one transaction)."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    job = job_workflow.apply("run", obj=job, actor=None)
    with translation.override(job.parameters.get("language", settings.LANGUAGE_CODE)):
        try:
            outcome = KINDS[job.kind](job, Progress(job))
            if outcome.content is not None:
                with tempfile.TemporaryFile() as spool:
                    outcome.content(spool)
                    spool.seek(0)
                    job.file.save(outcome.filename, File(spool), save=False)
        except JobFailed as failure:
            return _fail(job, str(failure), failure.report)
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            return _fail(
                job,
                _("The job failed unexpectedly and changed nothing; try again or tell the administrator."),
            )
    _discard_upload(job)
    return job_workflow.apply(
        "finish",
        obj=job,
        actor=None,
        changes={
            "file": job.file.name,
            "filename": outcome.filename,
            "message": outcome.message,
            "done": job.total,
            "upload": "",
        },
    )


def _fail(job: Job, error: str, report: list | None = None) -> Job:
    _discard_upload(job)
    return job_workflow.apply(
        "fail", obj=job, actor=None, changes={"error": error, "report": report or [], "upload": ""}
    )


def _discard_upload(job: Job) -> None:
    """The uploaded file is not kept once the job has read it."""
    if job.upload:
        job.upload.delete(save=False)


def ledger_import(job: Job, progress: Progress, *, parse: Callable, write: Callable) -> Outcome:
    """The body of a ledger import's job: ``parse(data, progress)`` reads and checks every row of
    the uploaded file (a ledger with ``rows``, ``report``, ``file_errors`` and ``has_errors``), then
    ``write(rows)`` (a service, one transaction) writes them all and returns the message; any bad
    row, or the service's refusal, fails the job with nothing written."""
    data = job.uploaded()
    progress.total(sheet_rows(data))
    ledger = parse(data, progress)
    if ledger.has_errors:
        raise JobFailed(
            "；".join([*ledger.file_errors, _("The ledger has errors; nothing was imported.")]),
            report=ledger.report,
        )
    try:
        return Outcome(message=write(ledger.rows))
    except ValidationError as error:
        raise JobFailed("；".join(error.messages)) from None
    except PermissionDenied as error:
        raise JobFailed(str(error)) from None


def jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of jobs finished more than ``JOBS_KEEP_HOURS`` ago (the jobs stay, without
    their files); returns how many files were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.JOBS_KEEP_HOURS)
    purged = 0
    for job in Job.objects.filter(finished_at__lt=cutoff).exclude(file="").only("id", "file"):
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
        purged += 1
    return purged
