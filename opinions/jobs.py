"""Opinion reports' background jobs (``cppcc.core.jobs``): a large ledger import, and a large
export of the API's report list."""

from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation

from cppcc.core.audit import export_done
from cppcc.core.jobs.services import Outcome, kind, ledger_import
from cppcc.core.querysets import VIEW
from cppcc.core.resources import sheet_writer
from cppcc.org.models import Committee

from .filters import OpinionReportFilter
from .ledger import parse_ledger
from .models import OpinionReport
from .resources import OpinionReportResource
from .services import reports_import


@kind("opinion_ledger_import")
def run_ledger_import(job, progress) -> Outcome:
    """A large ledger imported as its owner (who must still manage the committee): every row in one
    transaction, or nothing and each bad row's errors."""
    committee = Committee.objects.get(pk=job.parameters["committee"])

    def write(rows) -> str:
        reports = reports_import(committee=committee, rows=rows, actor=job.owner)
        return _("Imported %(count)d reports.") % {"count": len(reports)}

    return ledger_import(
        job, progress, parse=lambda data, progress: parse_ledger(data, committee, progress), write=write
    )


def report_rows(user, query: str) -> QuerySet:
    """The reports ``user`` reads that the API list's filters ``query`` select (a bad filter value
    is a ``ValidationError``, 400)."""
    request = RequestFactory().get("/api/opinions/export/", QueryDict(query))
    request.user = user
    filters = OpinionReportFilter(request.GET, OpinionReport.objects.restrict(user, VIEW), request=request)
    if not filters.is_valid():
        raise translate_validation(filters.errors)
    return filters.qs


def report_export(user, query: str, progress=None):
    """The reports of ``report_rows`` as the ledger's sheet: (file name, a function writing it to a
    binary stream)."""
    return sheet_writer(OpinionReportResource(), report_rows(user, query).order_by("id"), progress=progress)


@kind("opinion_report_export")
def run_report_export(job, progress) -> Outcome:
    """A large export of the API's report list, as its owner."""
    filename, write = report_export(job.owner, job.parameters["query"], progress)
    export_done(
        user=job.owner,
        name=OpinionReport._meta.verbose_name_plural,
        rows=progress.job.total,
        filters=job.parameters["query"],
        file=filename,
    )
    return Outcome(
        message=_("%(count)d rows exported.") % {"count": progress.job.total},
        filename=filename,
        content=write,
    )
