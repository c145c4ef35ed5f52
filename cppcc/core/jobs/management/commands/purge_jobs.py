"""``manage.py purge_jobs``: delete the files of jobs finished more than a day ago (the worker also
does it every hour)."""

from django.core.management.base import BaseCommand

from cppcc.core.jobs.services import jobs_purge


class Command(BaseCommand):
    help = "Delete the result files of background jobs older than JOBS_KEEP_HOURS."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {jobs_purge()} job files.")
