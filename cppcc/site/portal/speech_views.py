"""Speech pages of the portal (我的大会发言): the member's speeches with their state, a speech with
its timeline and files, and the form to write, save and submit one for a coming meeting (through
``speeches.services``). Phone-sized like the other portal pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc.core.files import attachment_download
from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from speeches import selectors, services
from speeches.models import Speech, State
from speeches.workflow import workflow

from .forms import SpeechForm, add_service_errors
from .proposal_views import member_required

SUBMIT = "submit"
ACTION_LABELS = {t.action: t.label for t in reversed(workflow.transitions)}


@member_required
def speech_list(request):
    return render(
        request,
        "portal/speech_list.html",
        {
            "speeches": selectors.member_speeches(request.user),
            "meetings": selectors.upcoming_meetings(request.user).exists(),
        },
    )


def render_speech(request, speech: Speech, *, status: int = 200, error: str | None = None):
    events = [
        (
            entry,
            ACTION_LABELS.get(entry.action, entry.action),
            State(entry.to_state).label if entry.to_state else "",
        )
        for entry in speech.timeline.select_related("actor").order_by("at", "id")
    ]
    return render(
        request,
        "portal/speech_detail.html",
        {
            "speech": speech,
            "available": workflow.available_actions(obj=speech, actor=request.user),
            "events": events,
            "error": error,
        },
        status=status,
    )


@member_required
def speech_detail(request, pk: int):
    """A speech the member reads: their own, their collectives', or a selected one of their committee."""
    visible = selectors.speech_list(Speech.objects.restrict(request.user, VIEW))
    return render_speech(request, get_object_or_404(visible, pk=pk))


def save_speech(request, form: SpeechForm, speech: Speech | None) -> Speech:
    """Create or edit the draft with its files, and submit it when the member pressed that button;
    all or nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        if speech is None:
            speech = services.speech_create(
                activity=data["activity"], title=data["title"], content=data["content"], actor=request.user
            )
        else:
            speech = services.speech_update(
                speech=speech, title=data["title"], content=data["content"], actor=request.user
            )
        for upload in data["attachments"]:
            services.speech_attach(speech=speech, file=upload, actor=request.user)
        if request.POST.get("action") == SUBMIT:
            speech = services.speech_submit(speech=speech, actor=request.user)
    return speech


@member_required
def speech_form(request, pk: int | None = None):
    speech = None
    if pk is not None:
        speech = get_object_or_404(selectors.member_speeches(request.user), pk=pk)
        if "edit" not in workflow.available_actions(obj=speech, actor=request.user):
            return render_speech(request, speech, status=409, error=_("Only a draft can be edited."))
    meetings = selectors.upcoming_meetings(request.user) if speech is None else None
    initial = {"title": speech.title, "content": speech.content} if speech else None
    form = SpeechForm(request.POST or None, request.FILES or None, initial=initial, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            speech = save_speech(request, form, speech)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            submitted = speech.state == State.SUBMITTED
            messages.success(
                request, _("The speech is submitted.") if submitted else _("The draft is saved.")
            )
            return redirect("portal:speech", speech.pk)
    status = 400 if form.errors else 200
    return render(request, "portal/speech_form.html", {"form": form, "speech": speech}, status=status)


@require_POST
@member_required
def speech_submit(request, pk: int):
    speech = get_object_or_404(selectors.member_speeches(request.user), pk=pk)
    try:
        services.speech_submit(speech=speech, actor=request.user)
    except InvalidTransition as error:
        return render_speech(request, speech, status=409, error=str(error))
    messages.success(request, _("The speech is submitted."))
    return redirect("portal:speech", pk)


@member_required
def speech_attachment(request, pk: int, attachment: int):
    """A file of a speech the member reads."""
    speech = get_object_or_404(Speech.objects.restrict(request.user, VIEW), pk=pk)
    return attachment_download(speech.attachments.all(), attachment)
