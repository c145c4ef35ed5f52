"""Proposals' background jobs (``cppcc.core.jobs``): a large ledger of paper proposals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cppcc.core.files import sheet_rows
from cppcc.core.jobs.services import JobFailed, Outcome, kind
from cppcc.org.models import Session

from .ledger import parse_ledger
from .services import proposals_file_ledger


@kind("proposal_paper_ledger")
def run_paper_ledger(job, progress) -> Outcome:
    """A large ledger of paper proposals typed in as its owner: read and check every row, then file
    all of them in one transaction, or fail with each bad row's errors and nothing filed."""
    session = Session.objects.get(pk=job.parameters["session"])
    data = job.uploaded()
    progress.total(sheet_rows(data))
    ledger = parse_ledger(data, session, progress=progress)
    if ledger.has_errors:
        raise JobFailed(
            "；".join([*ledger.file_errors, _("The ledger has errors; nothing was imported.")]),
            report=ledger.report,
        )
    try:
        filed = proposals_file_ledger(session=session, rows=ledger.rows, actor=job.owner)
    except ValidationError as error:
        raise JobFailed("；".join(error.messages)) from None
    except PermissionDenied as error:
        raise JobFailed(str(error)) from None
    return Outcome(message=_("Typed in %(count)d paper proposals.") % {"count": len(filed)})
