"""A clerk's jobs in the admin: the list of their own, and each job's page, where a progress bar
follows the job (``static/jobs/job_progress.js`` polls ``status/``) until the file can be
downloaded or the failure is shown with each row's errors. Only the owner reaches any of it."""

from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from cppcc.core.admin import RestrictedAdmin

from .models import Job
from .selectors import job_file, job_status


@admin.register(Job)
class JobAdmin(RestrictedAdmin):
    list_display = ["title", "state", "done", "total", "created_at", "finished_at"]
    list_filter = ["state"]
    fields = ["title", "state", "done", "total", "message", "error", "created_at", "finished_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="jobs_job_status",
            ),
            path("<int:object_id>/file/", self.admin_site.admin_view(self.file_view), name="jobs_job_file"),
            *super().get_urls(),
        ]

    def _job(self, request, object_id) -> Job:
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The job's page: its progress, then its file or its failure."""
        job = self._job(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.title,
            "job": job,
            "status": job_status(job, file_url=self._file_url(job)),
        }
        return TemplateResponse(request, "admin/jobs/job/progress.html", context)

    def status_view(self, request, object_id):
        job = self._job(request, object_id)
        return JsonResponse(job_status(job, file_url=self._file_url(job)))

    def file_view(self, request, object_id):
        return job_file(self._job(request, object_id))

    @staticmethod
    def _file_url(job: Job) -> str:
        return reverse("admin:jobs_job_file", args=[job.pk])
