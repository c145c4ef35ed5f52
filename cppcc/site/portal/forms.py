"""The portal's forms: they parse and check what was typed; the services decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc.core.files import validate_attachment
from cppcc.core.querysets import VIEW
from cppcc.core.years import YearFormField
from cppcc.org.models import HandlingUnit, Member, Session
from cppcc.org.widgets import MemberMultipleChoiceField, MemberSearchMultiple
from opinions.models import OpinionReport
from platforms.models import Activity
from proposals.models import (
    Category,
    ContactMethod,
    Kind,
    Proposal,
    QualityGrade,
    ReplyCategory,
    Satisfaction,
)
from speeches.models import Speech


class YearForm(forms.Form):
    year = YearFormField(required=False)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _label(model, name: str):
    return model._meta.get_field(name).verbose_name


class ProposalForm(forms.Form):
    """A member's proposal: the draft's text, for a new one the session, and the co-signers to
    invite, found by typing (choosing any makes the proposal joint, none individual)."""

    title = forms.CharField(label=_label(Proposal, "title"), max_length=200)
    content = forms.CharField(
        label=_label(Proposal, "content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    category = forms.ModelChoiceField(label=_label(Proposal, "category"), queryset=Category.objects.none())
    session = forms.ModelChoiceField(label=_label(Proposal, "session"), queryset=Session.objects.none())
    cosigners = MemberMultipleChoiceField(
        label=_("co-signers to invite"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_(
            "Leave empty for an individual proposal. Choosing co-signers makes it a joint proposal: "
            "each is asked to accept, and you can submit once one has."
        ),
    )
    suggested_units = forms.ModelMultipleChoiceField(
        label=_label(Proposal, "suggested_units"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checklist"}),
    )
    during_plenary = forms.BooleanField(
        label=_label(Proposal, "during_plenary"), required=False, initial=True
    )
    publish_consent = forms.BooleanField(
        label=_label(Proposal, "publish_consent"), required=False, initial=True
    )

    def __init__(self, *args, member: Member, user, proposal: Proposal | None = None, **kwargs):
        """Choices of the member's committee, among what ``user`` (the member's login) may read."""
        super().__init__(*args, **kwargs)
        committee = member.committee_id

        def of_committee(model):
            return model.objects.restrict(user, VIEW).filter(committee_id=committee)

        self.fields["category"].queryset = of_committee(Category)
        self.fields["cosigners"].widget = MemberSearchMultiple(url=reverse("portal:member-search"))
        self.fields["cosigners"].queryset = (
            of_committee(Member).filter(is_active=True).exclude(pk=member.pk).order_by("name")
        )
        self.fields["suggested_units"].queryset = of_committee(HandlingUnit).filter(is_active=True)
        self.fields["title"].widget.attrs.update(
            {"autocomplete": "off", "aria-describedby": "similar-heading", "data-similar": "title"}
        )
        if proposal is None:
            sessions = of_committee(Session).order_by("-opened_on")
            self.fields["session"].queryset = sessions
            self.fields["session"].initial = sessions.values_list("pk", flat=True).first()
        else:
            del self.fields["session"]

    def clean(self):
        data = super().clean()
        data["kind"] = Kind.JOINT if data.get("cosigners") else Kind.INDIVIDUAL
        return data


class OpinionForm(forms.Form):
    title = forms.CharField(label=_label(OpinionReport, "title"), max_length=200)
    content = forms.CharField(
        label=_label(OpinionReport, "content"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One issue per report, at most 1,500 characters."),
    )
    category = forms.ChoiceField(
        label=_label(OpinionReport, "category"),
        choices=OpinionReport.Category.choices,
        initial=OpinionReport.Category.SOCIETY,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked like any attachment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("validators", [validate_attachment])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in files if item]


class ReplyForm(forms.Form):
    category = forms.ChoiceField(
        label=_("reply category"), choices=ReplyCategory.choices, widget=forms.RadioSelect
    )
    content = forms.CharField(label=_("reply content"), max_length=20000, widget=forms.Textarea)
    signer = forms.CharField(label=_("signed by (签发人)"), max_length=50, required=False)
    contact_person = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=30, required=False)
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("PDF, Word, Excel or images, at most 20 MB each."),
    )
    co_units_note = forms.CharField(
        label=_("why without every co-unit's opinion"),
        max_length=500,
        required=False,
        help_text=_("Only where a co-unit has not given its opinion."),
    )

    def __init__(self, *args, labels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if labels:
            self.fields["category"].choices = [
                (code, f"{code} {labels.get(code, label)}") for code, label in ReplyCategory.choices
            ]


class UnitOpinionForm(forms.Form):
    content = forms.CharField(label=_("co-unit opinion"), max_length=20000, widget=forms.Textarea)


class ContactForm(forms.Form):
    date = forms.DateField(
        label=_("date of the contact"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(label=_("contact method"), choices=ContactMethod.choices)
    summary = forms.CharField(label=_("summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class QualityForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("proposal quality"), choices=QualityGrade.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    """A unit's objection to its assignment (交办异议): why, and which unit it thinks is right."""

    reason = forms.CharField(label=_("objection reason"), max_length=2000, widget=forms.Textarea)
    suggested_unit = forms.ModelChoiceField(
        label=_("suggested handling unit"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label=_("no suggestion"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["suggested_unit"].queryset = units


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("leave reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class SpeechForm(forms.Form):
    """A member's speech for a coming meeting: the meeting (for a new one), the title and the text,
    and files to attach."""

    activity = forms.ModelChoiceField(label=_label(Speech, "activity"), queryset=Activity.objects.none())
    title = forms.CharField(label=_label(Speech, "title"), max_length=200)
    content = forms.CharField(
        label=_label(Speech, "content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("PDF, Word, Excel or images, at most 20 MB each."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = meetings
            self.fields["activity"].label_from_instance = lambda a: f"{a.date:%Y-%m-%d} {a.title}"
