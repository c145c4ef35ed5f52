"""The secretariat's form for a proposal handed in on paper (``services.proposal_file``): the
session of one of the clerk's committees, the kind, the proposers picked by search among the
session's committee's members (or the sponsoring sector, party or special committee), the text and
the scanned pages."""

import base64
import binascii

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.files import validate_attachment, validate_spreadsheet
from cppcc.core.querysets import PICK
from cppcc.org.models import Member, Party, Sector, Session, SpecialCommittee
from cppcc.org.widgets import MemberChoiceField, MemberMultipleChoiceField, MemberPicker, MemberPickerMultiple

from .models import Category, Kind

SPONSOR_FIELDS = {
    Kind.SECTOR: "sponsor_sector",
    Kind.PARTY: "sponsor_party",
    Kind.SPECIAL_COMMITTEE: "sponsor_special_committee",
}


def current_sessions(user):
    """The sessions of the current terms of the committees the user files records in, newest first."""
    year = timezone.localdate().year
    return (
        Session.objects.restrict(user, PICK)
        .filter(term__start_year__lte=year, term__end_year__gte=year)
        .select_related("committee")
        .order_by("committee_id", "-opened_on")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked like an attachment."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class PaperProposalForm(forms.Form):
    session = forms.ModelChoiceField(queryset=Session.objects.none(), label=_("session"))
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.INDIVIDUAL)
    proposer = MemberChoiceField(queryset=Member.objects.none(), label=_("lead proposer"), required=False)
    cosigners = MemberMultipleChoiceField(
        queryset=Member.objects.none(),
        label=_("co-signers"),
        required=False,
        help_text=_("Their signatures on the paper stand as accepted."),
    )
    sponsor_sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(), label=_("sponsoring sector"), required=False
    )
    sponsor_party = forms.ModelChoiceField(
        queryset=Party.objects.none(), label=_("sponsoring party"), required=False
    )
    sponsor_special_committee = forms.ModelChoiceField(
        queryset=SpecialCommittee.objects.none(), label=_("sponsoring special committee"), required=False
    )
    title = forms.CharField(
        label=pgettext_lazy("proposal", "title"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    content = forms.CharField(
        label=pgettext_lazy("proposal", "content"),
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "vLargeTextField"}),
    )
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("category"))
    during_plenary = forms.BooleanField(label=_("filed during the plenary"), required=False, initial=True)
    publish_consent = forms.BooleanField(label=_("consents to publication"), required=False, initial=True)
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        validators=[validate_attachment],
        help_text=_("e.g. the scanned pages"),
    )

    fieldsets = [
        (None, {"fields": ["session", "kind"]}),
        (_("Proposers"), {"fields": ["proposer", "cosigners"]}),
        (
            _("Collective proposal"),
            {"fields": ["sponsor_sector", "sponsor_party", "sponsor_special_committee"]},
        ),
        (
            None,
            {"fields": ["title", "content", "category", "during_plenary", "publish_consent", "attachments"]},
        ),
    ]

    def __init__(self, user, *, search_url: str, **kwargs):
        super().__init__(**kwargs)
        sessions = current_sessions(user)
        self.fields["session"].queryset = sessions
        only = list(sessions[:1])
        if only:
            self.fields["session"].initial = only[0]
        members = Member.objects.restrict(user, PICK)
        # The widget first: setting the queryset hands the widget its choices.
        self.fields["proposer"].widget = MemberPicker(url=search_url, scope="id_session", param="session")
        self.fields["proposer"].queryset = members
        self.fields["cosigners"].widget = MemberPickerMultiple(
            url=search_url, scope="id_session", param="session"
        )
        self.fields["cosigners"].queryset = members
        for name, model in (
            ("sponsor_sector", Sector),
            ("sponsor_party", Party),
            ("sponsor_special_committee", SpecialCommittee),
            ("category", Category),
        ):
            self.fields[name].queryset = model.objects.restrict(user, PICK)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        for sponsor_kind, name in SPONSOR_FIELDS.items():
            if data.get(name) is not None and kind != sponsor_kind:
                self.add_error(name, _("Only a collective proposal of this kind names this sponsor."))
        if kind in SPONSOR_FIELDS and data.get(SPONSOR_FIELDS[kind]) is None:
            self.add_error(
                SPONSOR_FIELDS[kind], _("Name the sector, party or special committee that files it.")
            )
        if kind in (Kind.INDIVIDUAL, Kind.JOINT) and data.get("proposer") is None:
            self.add_error("proposer", _("Name the lead proposer."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "session": data["session"],
            "kind": kind,
            "proposer": data["proposer"],
            "cosigners": list(data["cosigners"]),
            "sponsor": data.get(SPONSOR_FIELDS.get(kind, ""), None),
            "title": data["title"],
            "content": data["content"],
            "category": data["category"],
            "during_plenary": data["during_plenary"],
            "publish_consent": data["publish_consent"],
            "attachments": data["attachments"],
        }

    def add_service_error(self, error: ValidationError) -> None:
        """A refusal of the service, on the fields it names (``sponsor`` on the kind's sponsor)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.message_dict.items():
            if name == "sponsor":
                name = SPONSOR_FIELDS.get(self.cleaned_data.get("kind"))
            self.add_error(name if name in self.fields else None, errors)


class PaperLedgerForm(forms.Form):
    """The ledger upload: the session the proposals were handed in at, and the file (or, on
    confirming, the file's bytes carried over from the preview)."""

    session = forms.ModelChoiceField(queryset=Session.objects.none(), label=_("session"))
    file = forms.FileField(label=_("Excel file (.xlsx)"), required=False, validators=[validate_spreadsheet])
    payload = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, user, **kwargs):
        super().__init__(**kwargs)
        sessions = current_sessions(user)
        self.fields["session"].queryset = sessions
        only = list(sessions[:1])
        if only:
            self.fields["session"].initial = only[0]

    def data_bytes(self) -> bytes | None:
        if self.cleaned_data.get("file"):
            return self.cleaned_data["file"].read()
        try:
            return base64.b64decode(self.cleaned_data.get("payload") or "", validate=True) or None
        except (binascii.Error, ValueError):
            return None
