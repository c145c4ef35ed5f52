"""Proposals' background jobs (``cppcc.core.jobs``): a large ledger of paper proposals."""

from django.utils.translation import gettext as _

from cppcc.core.jobs.services import Outcome, kind, ledger_import
from cppcc.org.models import Session

from .ledger import parse_ledger
from .services import proposals_file_ledger


@kind("proposal_paper_ledger")
def run_paper_ledger(job, progress) -> Outcome:
    """A large ledger of paper proposals typed in as its owner: every row in one transaction, or
    nothing and each bad row's errors."""
    session = Session.objects.get(pk=job.parameters["session"])

    def write(rows) -> str:
        filed = proposals_file_ledger(session=session, rows=rows, actor=job.owner)
        return _("Typed in %(count)d paper proposals.") % {"count": len(filed)}

    return ledger_import(
        job, progress, parse=lambda data, progress: parse_ledger(data, session, progress), write=write
    )
