"""A job: one export or import run by the task queue for its owner (``services.job_start``)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cppcc.core.querysets import VIEW, RestrictedQuerySet


class JobQuerySet(RestrictedQuerySet):
    """A job, its progress and its file are its owner's alone, whatever else they may read (a
    superuser's too): the job ran with its owner's visibility."""

    def restrict(self, user, action: str = VIEW) -> QuerySet:
        return super().restrict(user, action).filter(owner_id=getattr(user, "pk", None))

    def restricted(self, user, action: str) -> QuerySet:
        return self


def job_file_path(job: "Job", filename: str) -> str:
    """``jobs/<day>/<token>-<upload|result>.<ext>``: never the name the owner downloads it under."""
    stem, _dot, extension = filename.rpartition(".")
    return f"jobs/{job.created_at:%Y%m%d}/{job.token}-{stem if stem == 'upload' else 'result'}.{extension}"


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("owner")
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    token = models.CharField(_("storage name"), max_length=32, unique=True)
    upload = models.FileField(_("uploaded file"), upload_to=job_file_path, blank=True, max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    file = models.FileField(_("result file"), upload_to=job_file_path, blank=True, max_length=300)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    message = models.CharField(_("result"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    report = models.JSONField(_("row errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="jobs_done_within_total",
                violation_error_message=_("A job cannot have done more rows than it has."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def uploaded(self) -> bytes:
        """The content of the file the job was started with."""
        with self.upload.open("rb") as upload:
            return upload.read()

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
