"""Proposal pages of the portal: a member's list, the form to write and edit a draft, the page of
a proposal with its timeline, and the buttons and forms of each role (co-sign, submit, rate, reply,
co-unit opinion). Every action calls ``proposals.services``, exactly as the API and the admin do."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import HandlingUnit, Member
from cppcc.org.roles import access_for
from cppcc.org.widgets import member_search
from proposals import services
from proposals.models import Assignment, Contact, Objection, Proposal, Reply, ReplyLabel, State
from proposals.selectors import cosigners_ready, proposal_history, reply_labels, similar_to_title
from proposals.workflow import contact_workflow, proposal_workflow

from . import selectors
from .forms import (
    ContactForm,
    FeedbackForm,
    ObjectionForm,
    ProposalForm,
    QualityForm,
    ReplyForm,
    UnitOpinionForm,
    add_service_errors,
)

ACTION_LABELS = {t.action: t.label for t in proposal_workflow.transitions}
SIMILAR_LIMIT = 5


def member_required(view):
    """Logged in, and a member (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if access_for(request.user).member_id is None:
            raise PermissionDenied(_("Only members may do this."))
        return view(request, *args, **kwargs)

    return wrapper


@member_required
def proposal_list(request):
    return render(
        request,
        "portal/proposal_list.html",
        {
            "proposals": selectors.member_proposals(request.user),
            "invitations": selectors.cosigning_invitations(request.user),
            "member_id": access_for(request.user).member_id,
        },
    )


@member_required
def proposal_new(request):
    member = selectors.portal_member(request.user)
    form = ProposalForm(request.POST or None, member=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                actor=request.user,
                committee=member.committee,
                session=data["session"],
                title=data["title"],
                content=data["content"],
                category=data["category"],
                kind=data["kind"],
                cosigners=[m.pk for m in data["cosigners"]],
                suggested_units=data["suggested_units"],
                during_plenary=data["during_plenary"],
                publish_consent=data["publish_consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("portal:proposal", proposal.pk)
    status = 400 if form.errors else 200
    return render(request, "portal/proposal_form.html", {"form": form}, status=status)


@member_required
def proposal_edit(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.restrict(request.user, VIEW).prefetch_related("cosignatures", "suggested_units"),
        pk=pk,
    )
    try:
        proposal_workflow.check("edit", obj=proposal, actor=request.user)
    except InvalidTransition as error:
        return render_detail(request, pk, status=409, error=str(error))
    member = selectors.portal_member(request.user)
    initial = {
        "title": proposal.title,
        "content": proposal.content,
        "category": proposal.category_id,
        "cosigners": [c.member_id for c in proposal.cosignatures.all()],
        "suggested_units": [u.pk for u in proposal.suggested_units.all()],
        "during_plenary": proposal.during_plenary,
        "publish_consent": proposal.publish_consent,
    }
    form = ProposalForm(
        request.POST or None, member=member, user=request.user, proposal=proposal, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cosigners = data.pop("cosigners")
        try:
            services.proposal_update(
                proposal=proposal,
                actor=request.user,
                cosigners=[m.pk for m in cosigners] if cosigners else None,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("portal:proposal", proposal.pk)
    status = 400 if form.errors else 200
    return render(request, "portal/proposal_form.html", {"form": form, "proposal": proposal}, status=status)


def detail_context(request, proposal) -> dict:
    access = access_for(request.user)
    available = proposal_workflow.available_actions(obj=proposal, actor=request.user)
    own_unreplied = [
        a
        for a in proposal.assignments.all()
        if a.unit_id in access.unit_ids and a.must_reply and not a.replied
    ]
    events = [
        (
            event,
            ACTION_LABELS.get(event.action, event.action),
            State(event.to_state).label if event.to_state else "",
        )
        for event in proposal_history(proposal, request.user)
    ]
    labels = committee_reply_labels(request.user, proposal)
    attachments = list(proposal.attachments.all())
    cosignatures = list(proposal.cosignatures.all())
    if "submit" in available and not cosigners_ready(proposal):
        available = [action for action in available if action != "submit"]
    replies = list(proposal.replies.all())
    own_units = {a.unit_id for a in proposal.assignments.all() if a.unit_id in access.unit_ids}
    lead_unit = next((a for a in proposal.assignments.all() if a.role == Assignment.Role.LEAD), None)
    rated = {r.unit_id for r in proposal.quality_ratings.all()}
    released_own = {
        r.unit_id for r in replies if r.unit_id in own_units and r.status == Reply.Status.RELEASED
    }
    for contact in proposal.contacts.all():
        contact.proposal = proposal
    return {
        "proposal": proposal,
        "events": events,
        "reply_labels": labels,
        "replies": [
            (
                reply,
                labels.get(reply.category) or reply.get_category_display(),
                [a for a in attachments if a.reply_id == reply.pk],
            )
            for reply in proposal.replies.all()
        ],
        "proposal_attachments": [a for a in attachments if a.reply_id is None],
        "available": available,
        "may_reply": "reply" in available and bool(own_unreplied),
        "is_proposer": access.member_id is not None and access.member_id == proposal.proposer_id,
        "awaiting_cosigners": proposal.state == State.DRAFT and not cosigners_ready(proposal),
        "answered": [c for c in cosignatures if c.answered_at is not None],
        "unanswered": [c for c in cosignatures if c.answered_at is None],
        "my_cosignature": next(
            (c for c in proposal.cosignatures.all() if c.member_id == access.member_id), None
        ),
        "lead_unit": lead_unit,
        "contacts": [
            (contact, contact_workflow.available_actions(obj=contact, actor=request.user))
            for contact in proposal.contacts.all()
        ],
        "may_contact": "contact" in available and bool(own_units),
        "co_units": co_unit_answers(proposal) if lead_unit and lead_unit.unit_id in own_units else [],
        "quality_ratings": list(proposal.quality_ratings.all()),
        "may_rate_quality": "rate_quality" in available and bool(released_own - rated),
        **objection_context(request, proposal, available),
    }


def co_unit_answers(proposal) -> list[tuple[Assignment, bool]]:
    """The co-units, each with whether it has given its opinion in the lead unit's present round."""
    lead = next(a for a in proposal.assignments.all() if a.role == Assignment.Role.LEAD)
    pending = services.co_units_pending(proposal, services.round_start(proposal, lead.unit_id))
    return [(a, a not in pending) for a in proposal.assignments.all() if a.role == Assignment.Role.CO]


def objection_context(request, proposal, available) -> dict:
    """For a contact of an assigned unit: its objections to this proposal, and whether it may
    object now (within the period, none pending) or why not (the period ended on ``deadline``)."""
    access = access_for(request.user)
    own = next((a for a in proposal.assignments.all() if a.unit_id in access.unit_ids), None)
    if own is None:
        return {}
    objections = list(
        Objection.objects.restrict(request.user, VIEW)
        .filter(proposal=proposal, unit=own.unit_id)
        .select_related("suggested_unit")
    )
    deadline = services.objection_deadline(own)
    pending = any(o.outcome == Objection.Outcome.PENDING for o in objections)
    return {
        "own_objections": objections,
        "objection_deadline": deadline,
        "objection_open": "object" in available and timezone.localdate() <= deadline and not pending,
        "objection_pending": pending,
    }


def suggestable_units(request, proposal):
    return (
        HandlingUnit.objects.restrict(request.user, VIEW)
        .filter(committee_id=proposal.committee_id, is_active=True)
        .exclude(pk__in=[a.unit_id for a in proposal.assignments.all()])
        .order_by("assessment_order", "name")
    )


def committee_reply_labels(user, proposal) -> dict[str, str]:
    """The proposal's committee's wording of the reply categories, by category."""
    labels = ReplyLabel.objects.restrict(user, VIEW).filter(committee_id=proposal.committee_id)
    return {code: label for (_c, code), label in reply_labels(labels).items()}


def render_detail(request, pk: int, *, status: int = 200, error: str | None = None, **forms):
    proposal = get_object_or_404(selectors.proposal_page(request.user), pk=pk)
    context = detail_context(request, proposal)
    labels = context["reply_labels"]
    context.update(
        {
            "error": error,
            "reply_form": forms.get("reply_form") or ReplyForm(labels=labels),
            "unit_opinion_form": forms.get("unit_opinion_form") or UnitOpinionForm(),
            "objection_form": forms.get("objection_form")
            or ObjectionForm(units=suggestable_units(request, proposal)),
            "feedback_form": forms.get("feedback_form") or FeedbackForm(),
            "contact_form": forms.get("contact_form") or ContactForm(initial={"date": timezone.localdate()}),
            "quality_form": forms.get("quality_form") or QualityForm(),
        }
    )
    return render(request, "portal/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request, pk: int):
    return render_detail(request, pk)


def act(request, pk: int, run, done: str, form_name: str | None = None, form=None):
    """Run a service call; on success say so and show the page again, on a refusal show the page
    with the reason (409 for the wrong state, 400 for bad input beside the form's fields)."""
    if form is not None and not form.is_valid():
        return render_detail(request, pk, status=400, **{form_name: form})
    try:
        with transaction.atomic():
            run()
    except InvalidTransition as error:
        return render_detail(request, pk, status=409, error=str(error))
    except ValidationError as error:
        if form is None:
            return render_detail(request, pk, status=400, error=" ".join(error.messages))
        add_service_errors(form, error)
        return render_detail(request, pk, status=400, **{form_name: form})
    messages.success(request, done)
    return redirect("portal:proposal", pk)


def visible_proposal(request, pk: int):
    return get_object_or_404(Proposal.objects.restrict(request.user, VIEW), pk=pk)


@require_POST
@member_required
def proposal_submit(request, pk: int):
    proposal = visible_proposal(request, pk)
    return act(
        request,
        pk,
        lambda: services.proposal_submit(proposal=proposal, actor=request.user),
        _("The proposal is submitted."),
    )


@require_POST
@member_required
def proposal_withdraw(request, pk: int):
    proposal = visible_proposal(request, pk)
    return act(
        request,
        pk,
        lambda: services.proposal_withdraw(proposal=proposal, actor=request.user),
        _("The proposal is withdrawn."),
    )


@require_POST
@member_required
def proposal_cosign(request, pk: int):
    proposal = visible_proposal(request, pk)
    accept = request.POST.get("accept") == "yes"
    done = _("You co-sign this proposal.") if accept else _("You declined to co-sign this proposal.")
    return act(
        request,
        pk,
        lambda: services.proposal_cosign(proposal=proposal, actor=request.user, accept=accept),
        done,
    )


@require_POST
@member_required
def proposal_feedback(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = FeedbackForm(request.POST)

    def run():
        services.proposal_feedback(
            proposal=proposal,
            actor=request.user,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        )

    return act(request, pk, run, _("Thank you for rating the reply."), "feedback_form", form)


@require_POST
@login_required
def proposal_reply(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = ReplyForm(request.POST, request.FILES, labels=committee_reply_labels(request.user, proposal))

    def run():
        reply = services.proposal_reply(
            proposal=proposal,
            actor=request.user,
            category=form.cleaned_data["category"],
            content=form.cleaned_data["content"],
            signer=form.cleaned_data["signer"],
            contact_person=form.cleaned_data["contact_person"],
            contact_phone=form.cleaned_data["contact_phone"],
            co_units_note=form.cleaned_data["co_units_note"],
        )
        for upload in form.cleaned_data["attachments"]:
            services.attachment_add(proposal=proposal, actor=request.user, upload=upload, reply=reply)

    return act(request, pk, run, _("The reply is sent."), "reply_form", form)


@require_POST
@login_required
def proposal_unit_opinion(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = UnitOpinionForm(request.POST)

    def run():
        services.proposal_unit_opinion(
            proposal=proposal, actor=request.user, content=form.cleaned_data["content"]
        )

    return act(request, pk, run, _("Your opinion is sent to the lead unit."), "unit_opinion_form", form)


@require_POST
@login_required
def proposal_object(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = ObjectionForm(request.POST, units=suggestable_units(request, proposal))

    def run():
        services.proposal_object(
            proposal=proposal,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            suggested_unit=form.cleaned_data["suggested_unit"],
        )

    return act(
        request, pk, run, _("Your objection is sent to the secretariat, who decides."), "objection_form", form
    )


@member_required
def member_search_view(request):
    """The co-signer picker's search: the other active members of the member's committee whose
    name, sector or workplace holds what was typed."""
    member = selectors.portal_member(request.user)
    members = Member.objects.restrict(request.user, VIEW).filter(committee_id=member.committee_id)
    return member_search(request, members.exclude(pk=member.pk))


@member_required
def proposal_similar(request):
    """Existing proposals whose titles are like the one being typed (JSON for the form's script)."""
    title = request.GET.get("title", "")[:200].strip()
    member = selectors.portal_member(request.user)
    found = similar_to_title(
        title=title,
        committee_id=member.committee_id,
        visible=Proposal.objects.restrict(request.user, VIEW),
        limit=SIMILAR_LIMIT,
    )
    return JsonResponse(
        {
            "results": [
                dict(
                    item,
                    state_display=str(State(item["state"]).label),
                    url=reverse("portal:proposal", args=[item["id"]]),
                )
                for item in found
            ]
        }
    )


@require_POST
@login_required
def proposal_contact(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = ContactForm(request.POST)

    def run():
        services.proposal_contact(proposal=proposal, actor=request.user, **form.cleaned_data)

    return act(
        request,
        pk,
        run,
        _("The contact is recorded; the proposer is asked to confirm it."),
        "contact_form",
        form,
    )


@require_POST
@member_required
def contact_answer(request, pk: int, contact_id: int):
    proposal = visible_proposal(request, pk)
    contact = get_object_or_404(
        Contact.objects.restrict(request.user, VIEW).filter(proposal=proposal), pk=contact_id
    )
    confirm = request.POST.get("answer") == "confirm"
    done = _("You confirmed the contact.") if confirm else _("You disputed the contact.")
    return act(
        request,
        pk,
        lambda: services.contact_answer(
            contact=contact,
            actor=request.user,
            confirm=confirm,
            comment=request.POST.get("comment", "")[:2000],
        ),
        done,
    )


@require_POST
@login_required
def proposal_quality(request, pk: int):
    proposal = visible_proposal(request, pk)
    form = QualityForm(request.POST)

    def run():
        services.proposal_rate_quality(proposal=proposal, actor=request.user, **form.cleaned_data)

    return act(request, pk, run, _("Your grade of the proposal is recorded."), "quality_form", form)
