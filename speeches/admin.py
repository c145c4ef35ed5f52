"""The secretariat's admin for speeches: the list by meeting with a link to the meeting's Word
compilation, and each speech's page with its story (speaker, meeting, state, order), the steps open
now as small forms (select for oral or written delivery, do not select, return, order) and the
timeline. Every write calls a service."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import RestrictedAdmin, RestrictedTabularInline, error_text
from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.roles import access_for
from platforms.models import Activity

from . import services
from .documents import compilation_response
from .models import Mode, Speech, SpeechAttachment
from .selectors import selected_for
from .services import EDITABLE_FIELDS
from .workflow import workflow

# The verb a timeline records, as a person reads it (the two selections share a verb).
ACTION_LABELS = {t.action: t.label for t in reversed(workflow.transitions)}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))


class ModeForm(forms.Form):
    mode = forms.ChoiceField(label=pgettext_lazy("speech", "mode"), choices=Mode.choices)


class OrderForm(forms.Form):
    order = forms.IntegerField(label=_("order in the compilation"), min_value=1, max_value=999)


@dataclass(frozen=True)
class SpeechStep:
    """A step the speech's page offers: its button, the form it asks for, the service it calls, and
    the transitions that open it."""

    label: str
    form: type[forms.Form] | None
    call: object
    opened_by: tuple[str, ...]


STEPS = {
    "select": SpeechStep(
        _("select"),
        ModeForm,
        lambda speech, actor, data: services.speech_select(speech=speech, mode=data["mode"], actor=actor),
        ("select_oral", "select_written"),
    ),
    "reject": SpeechStep(
        pgettext_lazy("speech", "not select"),
        NoteForm,
        lambda speech, actor, data: services.speech_reject(speech=speech, note=data["note"], actor=actor),
        ("reject",),
    ),
    "return": SpeechStep(
        _("return for editing"),
        NoteForm,
        lambda speech, actor, data: services.speech_return(speech=speech, note=data["note"], actor=actor),
        ("return",),
    ),
    "order": SpeechStep(
        _("move to place"),
        OrderForm,
        lambda speech, actor, data: services.speech_order(speech=speech, order=data["order"], actor=actor),
        ("order",),
    ),
}


class SpeechAttachmentInline(RestrictedTabularInline):
    model = SpeechAttachment
    fields = ["original_name", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SpeechForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = [
            "activity",
            "title",
            "content",
            "author",
            "author_sector",
            "author_party",
            "author_special_committee",
        ]

    def clean(self):
        data = super().clean()
        if data.get("activity") is not None:
            self.instance.committee_id = data["activity"].committee_id
        return data


@admin.register(Speech)
class SpeechAdmin(RestrictedAdmin):
    form = SpeechForm
    change_form_template = "admin/speeches/speech/change_form.html"
    change_list_template = "admin/speeches/speech/change_list.html"
    list_display = ["title", "speaker", "activity", "state", "order"]
    list_filter = [
        ("activity", admin.RelatedOnlyFieldListFilter),
        "state",
        "mode",
        ("committee", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "author__name"]
    list_select_related = ["activity", "author", "author_sector", "author_party", "author_special_committee"]
    ordering = ["activity", "mode", "order", "-submitted_at"]
    inlines = [SpeechAttachmentInline]
    autocomplete_fields = ["author"]
    fieldsets = (
        (None, {"fields": ("activity", "title", "content")}),
        (
            _("Speaker: a member, or a sector, a party or a special committee"),
            {"fields": ("author", "author_sector", "author_party", "author_special_committee")},
        ),
    )

    @admin.display(description=pgettext_lazy("speech", "speaker"))
    def speaker(self, speech) -> str:
        return speech.speaker

    def get_readonly_fields(self, request, obj=None):
        """Only a draft's title and text are edited; the rest is the record of what was sent."""
        every = [name for _title, fieldset in self.fieldsets for name in fieldset["fields"]]
        if obj is None:
            return []
        if obj.state != Speech._meta.get_field("state").default:
            return every
        return [name for name in every if name not in EDITABLE_FIELDS]

    def save_model(self, request, obj, form, change):
        """Writing and editing go through the services."""
        try:
            if change:
                changes = {
                    name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
                }
                services.speech_update(speech=obj, actor=request.user, **changes)
            else:
                created = services.speech_create(
                    actor=request.user,
                    **{name: form.cleaned_data.get(name) for name in SpeechForm.Meta.fields},
                )
                obj.pk = created.pk
        except (ValidationError, InvalidTransition, PermissionDenied) as error:
            messages.error(request, error_text(error))

    def changelist_view(self, request, extra_context=None):
        """Filtered by one meeting, the list offers the meeting's compilation."""
        activity_id = request.GET.get("activity__id__exact", "")
        activity = None
        if activity_id.isdigit():
            activity = Activity.objects.restrict(request.user, VIEW).filter(pk=int(activity_id)).first()
        context = {"compilation_activity": activity, **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def compilation(self, request, activity_id):
        """The Word compilation (发言汇编) of a meeting the user oversees."""
        activity = get_object_or_404(Activity.objects.restrict(request.user, VIEW), pk=activity_id)
        if activity.committee_id not in access_for(request.user).oversees:
            raise PermissionDenied
        return compilation_response(activity, list(selected_for(activity, request.user)))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            context.update(self.story_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def story_context(self, request, speech) -> dict:
        open_now = {t.name for t in workflow.available(obj=speech, actor=request.user)}
        steps = [
            {"name": name, "label": step.label, "form": step.form(prefix=name) if step.form else None}
            for name, step in STEPS.items()
            if open_now & set(step.opened_by)
        ]
        timeline = [
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "from_state": workflow.label_of(entry.from_state) if entry.from_state else "",
                "to_state": workflow.label_of(entry.to_state) if entry.to_state else "",
                "note": entry.note,
            }
            for entry in speech.timeline.select_related("actor").order_by("at", "id")
        ]
        return {"steps": steps, "timeline": timeline}

    def step_view(self, request, object_id, name):
        """One step from the speech's page: check the small form, call the service, show the result
        or the refusal in Chinese on the page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in STEPS:
            raise Http404
        speech = get_object_or_404(self.get_queryset(request), pk=object_id)
        step = STEPS[name]
        form = step.form(request.POST, prefix=name) if step.form else None
        page = reverse("admin:speeches_speech_change", args=[speech.pk])
        if form is not None and not form.is_valid():
            errors = [
                f"{form.fields[field].label}：{error}"
                for field, found in form.errors.items()
                for error in found
            ]
            self.message_user(request, "；".join(errors), messages.ERROR)
            return redirect(page)
        try:
            step.call(speech, request.user, form.cleaned_data if form is not None else {})
        except (PermissionDenied, InvalidTransition, ValidationError) as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            speech.refresh_from_db()
            self.message_user(
                request,
                gettext("%(step)s: done; the speech is now “%(state)s”.")
                % {"step": step.label, "state": speech.get_state_display()},
                messages.SUCCESS,
            )
        return redirect(page)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/step/<str:name>/",
                self.admin_site.admin_view(self.step_view),
                name="speeches_speech_step",
            ),
            path(
                "compilation/<int:activity_id>/",
                self.admin_site.admin_view(self.compilation),
                name="speeches_speech_compilation",
            ),
            *super().get_urls(),
        ]
