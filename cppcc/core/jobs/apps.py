from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "cppcc.core.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cppcc.core import response_cache

        from .models import Job

        # A job is its owner's alone and read only from its own uncached endpoints: starting one
        # and its progress (every few hundred rows) leave the cached responses standing.
        response_cache.ignore_writes(Job)
        # Each app's kinds of job (``<app>/jobs.py``), in the worker as in the web processes.
        autodiscover_modules("jobs")
