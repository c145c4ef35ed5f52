"""The 线索库 of the member portal: the public's accepted proposal leads of the member's committee,
month by month, each with a button that starts a draft proposal from it (``lead_to_draft``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import Lead

from . import selectors
from .proposal_views import member_required


@member_required
def lead_pool(request):
    return render(request, "portal/lead_pool.html", {"leads": selectors.lead_pool(request.user)})


@require_POST
@member_required
def lead_draft(request, pk: int):
    """Start a draft proposal from an accepted lead, then open it for editing."""
    lead = get_object_or_404(Lead.objects.restrict(request.user, VIEW), pk=pk)
    try:
        proposal = services.lead_to_draft(lead=lead, actor=request.user)
    except (InvalidTransition, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("portal:leads")
    messages.success(
        request,
        _("A draft is started from lead %(receipt)s; edit it before submitting.") % {"receipt": lead.receipt},
    )
    return redirect("portal:proposal-edit", proposal.pk)
